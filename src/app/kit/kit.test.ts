// @vitest-environment happy-dom
// The app kit's small parts: the in-process connection, the journal kept across a reload, preset titles.
import { describe, expect, it } from 'vitest';
import { connectInProcess } from './connection.ts';
import { forgetJournal, journalKey, readJournal, writeJournal } from './journal.ts';
import { createPresetCatalogue, headerLab } from './presets.ts';
import { readUrlParameters } from './urlParameters.ts';

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

  it('lists the chosen lessons first, then the rest alphabetically', () => {
    const catalogue = createPresetCatalogue({ 'a/bug-x.scenario': 'raft', 'a/figure-8.scenario': 'raft', 'a/leader-crash.scenario': 'raft' }, { route: '/raft', first: ['leader-crash', 'missing'] });
    expect(catalogue.names).toEqual(['leader-crash', 'bug-x', 'figure-8']);
  });

  it('reads the lab from the first line that is not a comment', () => {
    expect(headerLab('# intro\n\nraft nodes=5')).toBe('raft');
    expect(headerLab('# only comments')).toBeNull();
  });
});

describe('readUrlParameters', () => {
  it('reports unknown names, a name given twice and values out of range, one sentence each', () => {
    const url = readUrlParameters(new URLSearchParams('seed=1&seed=2&nodes=12&colour=red&mode=fast&repair=maybe'), ['seed', 'nodes', 'mode', 'repair']);
    expect(url.whole('nodes', 1, 9)).toBeNull();
    expect(url.oneOf('mode', ['leaderless', 'consensus'] as const)).toBeNull();
    expect(url.onOff('repair')).toBeNull();
    expect(url.problems).toEqual([
      '“seed” is given more than once (“1”, “2”): keep one.',
      'Unknown parameter “colour”. Known parameters: seed, nodes, mode, repair, present.',
      '“nodes” must be a whole number from 1 to 9; got “12”.',
      '“mode” must be leaderless or consensus; got “fast”.',
      '“repair” must be on or off (1 or 0); got “maybe”.',
    ]);
  });

  it('every lab takes presenter mode’s `present` (on/off), checked the same way', () => {
    expect(readUrlParameters(new URLSearchParams('seed=1&present=1'), ['seed']).problems).toEqual([]);
    expect(readUrlParameters(new URLSearchParams('seed=1&present=soon'), ['seed']).problems).toEqual(['“present” must be on or off (1 or 0); got “soon”.']);
  });

  it('reads good values without a word', () => {
    const url = readUrlParameters(new URLSearchParams('seed=4294967295&eps=0.5&on=1&scenario=quorum-loss'), ['seed', 'eps', 'on', 'scenario']);
    expect([url.whole('seed', 0, 0xffffffff), url.decimal('eps', 0, 1), url.onOff('on'), url.matching('scenario', /^quorum-[a-z-]+$/, 'a preset')]).toEqual([4294967295, 0.5, true, 'quorum-loss']);
    expect(url.problems).toEqual([]);
  });
});

describe('shared scenario links', () => {
  it('round-trips any text, including non-ASCII, in URL-safe characters', async () => {
    const { decodeSharedScenario, encodeSharedScenario } = await import('./sharedScenario.ts');
    const text = '# Ihre Aktionen — “quoted” ✓\nraft nodes=5 seed=7\nrun 12.5ms\ncrash n1\n';
    const encoded = encodeSharedScenario(text);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSharedScenario(encoded)).toEqual({ ok: true, text });
  });

  it('says what is wrong with a damaged link instead of throwing', async () => {
    const { decodeSharedScenario, encodeSharedScenario } = await import('./sharedScenario.ts');
    expect(decodeSharedScenario('abc$def')).toMatchObject({ ok: false, problem: expect.stringContaining('unexpected characters') });
    // Cut inside a multi-byte character: not valid UTF-8.
    expect(decodeSharedScenario(encodeSharedScenario('✓✓').slice(0, 3))).toMatchObject({ ok: false, problem: expect.stringContaining('damaged') });
    expect(decodeSharedScenario('A')).toMatchObject({ ok: false });
  });
});
