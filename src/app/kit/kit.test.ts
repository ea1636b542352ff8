// @vitest-environment happy-dom
// The app kit's small parts: the in-process connection, the journal kept across a reload, preset titles.
import { describe, expect, it } from 'vitest';
import { connectInProcess } from './connection.ts';
import { forgetJournal, journalKey, readJournal, writeJournal } from './journal.ts';
import { createPresetCatalogue, headerLab } from './presets.ts';

describe('connectInProcess', () => {
  it('answers every engine call asynchronously and is not mistaken for a promise', async () => {
    const engine = { double: (value: number) => value * 2 };
    const connection = connectInProcess(engine);
    expect(await connection.double(21)).toBe(42);
    // Awaiting the connection itself must give the connection, not call the engine.
    expect(await Promise.resolve(connection)).toBe(connection);
  });
});

describe('journal', () => {
  it('keeps a run across a reload, and ignores a damaged entry instead of replaying it', () => {
    const key = journalKey('toy', 'seed=1');
    expect(key).toBe('toy-lab-v2:seed=1');
    writeJournal(key, { config: { seed: 1 }, commands: [{ timeMs: 5, command: { type: 'heal' } }], headMs: 9 });
    expect(readJournal(key)).toEqual({ config: { seed: 1 }, commands: [{ timeMs: 5, command: { type: 'heal' } }], headMs: 9 });
    localStorage.setItem(key, '{"config":{},"commands":"oops"}');
    expect(readJournal(key)).toBeNull();
    localStorage.setItem(key, 'not json');
    expect(readJournal(key)).toBeNull();
    forgetJournal(key);
    expect(localStorage.getItem(key)).toBeNull();
  });

  it('writes nothing for a run without actions', () => {
    const key = journalKey('toy', 'empty');
    writeJournal(key, { config: {}, commands: [], headMs: 100 });
    expect(localStorage.getItem(key)).toBeNull();
  });
});

describe('preset catalogue', () => {
  const files = {
    '../presets/quorum-stale-read-one.scenario': 'quorum replicas=3\nrun 1s',
    '../presets/figure-8.scenario': '# Figure 8\nraft nodes=5\nrun 1s',
  };

  it('lists a lab’s presets by file name with readable titles', async () => {
    const quorum = createPresetCatalogue(files, { route: '/quorums', lab: 'quorum', prefix: 'quorum-', titleWords: { one: 'at ONE' } });
    expect(quorum.names).toEqual(['quorum-stale-read-one']);
    expect(quorum.title('quorum-stale-read-one')).toBe('Stale read at ONE');
    expect(await quorum.load('quorum-stale-read-one')).toContain('quorum replicas=3');
    expect(await quorum.load('figure-8')).toBeNull();
  });

  it('reads the lab from the first line that is not a comment', () => {
    expect(headerLab('# intro\n\nraft nodes=5')).toBe('raft');
    expect(headerLab('# only comments')).toBeNull();
  });
});
