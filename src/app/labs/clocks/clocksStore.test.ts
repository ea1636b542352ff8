// The clocks store: edits are saved and survive a new store (a reload), refusals become a visible notice, selection keeps the last two picks.
import { describe, expect, it } from 'vitest';
import { createClocksStore, DOCUMENT_STORAGE_KEY } from './clocksStore.ts';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
    values,
  };
}

describe('clocks store', () => {
  it('saves every accepted edit, and a new store (a reload) starts from it', () => {
    const storage = memoryStorage();
    const store = createClocksStore({ storage });
    store.getState().actions.clearEvents();
    store.getState().actions.addLocal('p2', 30);
    expect(JSON.parse(storage.values.get(DOCUMENT_STORAGE_KEY)!).events).toHaveLength(1);
    const reloaded = createClocksStore({ storage });
    expect(reloaded.getState().document.events.map((event) => [event.id, event.process])).toEqual([['a', 'p2']]);
    reloaded.getState().actions.reset();
    expect(createClocksStore({ storage }).getState().document.origin).toEqual({ kind: 'example' });
  });

  it('a refused edit changes nothing and says why', () => {
    const store = createClocksStore({ storage: null });
    const before = store.getState().document;
    store.getState().actions.addMessage('p1', 50, 'p2', 20);
    expect(store.getState().document).toBe(before);
    expect(store.getState().notice).toMatchObject({ tone: 'refused', text: expect.stringContaining('cannot arrive before it leaves') });
  });

  it('selection holds the last two picks, and forgets events that are deleted', () => {
    const store = createClocksStore({ storage: null });
    const { actions } = store.getState();
    actions.toggleSelect('a');
    actions.toggleSelect('c');
    actions.toggleSelect('g');
    expect(store.getState().selection).toEqual(['c', 'g']);
    actions.toggleSelect('c');
    expect(store.getState().selection).toEqual(['g']);
    actions.deleteEvent('g');
    expect(store.getState().selection).toEqual([]);
  });

  it('a random execution is the same for the same seed', () => {
    const first = createClocksStore({ storage: null });
    const second = createClocksStore({ storage: null });
    first.getState().actions.loadRandom({ seed: 9, processCount: 4, eventCount: 20 });
    second.getState().actions.loadRandom({ seed: 9, processCount: 4, eventCount: 20 });
    expect(JSON.stringify(second.getState().document)).toBe(JSON.stringify(first.getState().document));
    expect(first.getState().document.events).toHaveLength(20);
  });
});
