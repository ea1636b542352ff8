// The exam store on an injected clock and storage: every change saved, a refusing storage said out loud,
// a reload finds the attempt, time keeps running across a reload, undo after a replace.
import { describe, expect, it } from 'vitest';
import { ATTEMPT_KEY, createExamStore, examClockNow, type AttemptStorage } from './examStore.ts';
import { newAttempt, startPart, type Attempt } from './examModel.ts';

function memoryStorage(): AttemptStorage & { map: Map<string, unknown>; refuse: Error | null } {
  const map = new Map<string, unknown>();
  const storage = {
    map,
    refuse: null as Error | null,
    async get(key: string) {
      return map.get(key);
    },
    async set(key: string, value: unknown) {
      if (storage.refuse) throw storage.refuse;
      map.set(key, structuredClone(value));
    },
  };
  return storage;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const T0 = Date.parse('2026-12-02T15:00:00.000Z');

describe('exam store', () => {
  it('saves every keystroke and a reload (a new store on the same storage) finds the essay', async () => {
    const storage = memoryStorage();
    let wall = T0;
    const store = createExamStore({ storage, wallNow: () => wall, clockSpeed: 1 });
    await store.getState().actions.load();
    store.getState().actions.update((attempt, now) => startPart(attempt, 'articulate', now));
    for (const text of ['B', 'Bi', 'Bil', 'Billing']) store.getState().actions.update((attempt) => ({ ...attempt, essays: { ...attempt.essays, billing: { ...attempt.essays.billing, text } } }));
    await flush();
    expect(store.getState().save).toEqual({ kind: 'saved' });
    wall += 10 * 60_000;
    const reloaded = createExamStore({ storage, wallNow: () => wall, clockSpeed: 1 });
    await reloaded.getState().actions.load();
    expect(reloaded.getState().attempt.essays.billing.text).toBe('Billing');
    // The clock ran on while the page was away: 10 minutes used.
    expect(reloaded.getState().actions.now() - (reloaded.getState().attempt.parts.articulate.startedMs ?? 0)).toBe(10 * 60_000);
  });

  it('says when storage is full, and keeps the text in the page', async () => {
    const storage = memoryStorage();
    const store = createExamStore({ storage, wallNow: () => T0, clockSpeed: 1 });
    await store.getState().actions.load();
    storage.refuse = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    store.getState().actions.update((attempt) => ({ ...attempt, essays: { ...attempt.essays, billing: { ...attempt.essays.billing, text: 'kept' } } }));
    await flush();
    expect(store.getState().save).toEqual({ kind: 'failed', why: "the browser's storage is full" });
    expect(store.getState().attempt.essays.billing.text).toBe('kept');
  });

  it('works without IndexedDB and says nothing is kept', () => {
    const store = createExamStore({ storage: null, wallNow: () => T0, clockSpeed: 1 });
    expect(store.getState().save.kind).toBe('unavailable');
  });

  it('keeps the replaced attempt for undo', async () => {
    const storage = memoryStorage();
    const store = createExamStore({ storage, wallNow: () => T0, clockSpeed: 1 });
    await store.getState().actions.load();
    const mine = store.getState().attempt;
    const imported: Attempt = { ...newAttempt('2026-01-01T00:00:00.000Z'), essays: { billing: { text: 'imported', rubric: {} }, 'exactly-once': { text: '', rubric: {} } } };
    store.getState().actions.replace(imported);
    await flush();
    expect((storage.map.get(ATTEMPT_KEY) as { attempt: Attempt }).attempt.essays.billing.text).toBe('imported');
    store.getState().actions.undoReplace();
    expect(store.getState().attempt).toBe(mine);
  });

  it('finds a keystroke the asynchronous IndexedDB write had not stored yet (the synchronous mirror)', async () => {
    const storage = memoryStorage();
    const items = new Map<string, string>();
    const mirror = { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
    const store = createExamStore({ storage, mirror, wallNow: () => T0, clockSpeed: 1 });
    await store.getState().actions.load();
    await flush();
    // The tab dies before the IndexedDB write runs: storage refuses everything from now on.
    storage.refuse = new Error('tab closed');
    store.getState().actions.update((attempt) => ({ ...attempt, essays: { ...attempt.essays, billing: { ...attempt.essays.billing, text: 'last word' } } }));
    await flush();
    storage.refuse = null;
    // Without the mirror the last word would be gone:
    const withoutMirror = createExamStore({ storage, wallNow: () => T0, clockSpeed: 1 });
    await withoutMirror.getState().actions.load();
    expect(withoutMirror.getState().attempt.essays.billing.text).toBe('');
    const reloaded = createExamStore({ storage, mirror, wallNow: () => T0, clockSpeed: 1 });
    await reloaded.getState().actions.load();
    expect(reloaded.getState().attempt.essays.billing.text).toBe('last word');
  });

  it('runs the exam clock at the attempt\'s speed (the test hook), from its creation', () => {
    const attempt = newAttempt('2026-12-02T15:00:00.000Z', 600);
    expect(examClockNow(attempt, T0 + 1000)).toBe(600_000);
    expect(examClockNow(newAttempt('2026-12-02T15:00:00.000Z'), T0 + 1000)).toBe(1000);
  });
});
