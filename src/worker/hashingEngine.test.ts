// The hashing engine as the page uses it: init, changes with moved keys for the animation, extras, key lookup, scenarios.
import { describe, expect, it } from 'vitest';
import { defaultHashingConfig } from '../kernel/protocols/hashing/index.ts';
import { COMPARISON_KEY_COUNT, createHashingEngine, SAMPLE_KEY_COUNT } from './hashingEngine.ts';

const engine = () => createHashingEngine(() => 0);

describe('hashing engine', () => {
  it('init refuses a bad config with readable problems', () => {
    const result = engine().init(defaultHashingConfig({ vnodesPerNode: 0, keyCount: 0 }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toMatch(/virtual nodes.*keys/s);
  });

  it('a frame is plain data: a sample of keys, loads summing to all keys, ring arcs covering the whole turn', () => {
    const result = engine().init(defaultHashingConfig({ keyCount: 20_000, vnodesPerNode: 10 }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { frame } = result;
    expect(structuredClone(frame)).toEqual(frame);
    expect(frame.hashName).toBe('MurmurHash3 x86_32');
    expect(frame.sample.indexes.length).toBe(SAMPLE_KEY_COUNT);
    expect(frame.nodes.reduce((sum, node) => sum + node.keys, 0)).toBe(20_000);
    expect(frame.nodes.every((node) => node.tokenCount === 10)).toBe(true);
    const { arcStarts, arcEnds } = frame.ring;
    let covered = 0;
    for (let i = 0; i < arcStarts.length; i++) covered += arcEnds[i]! - arcStarts[i]!;
    expect(covered).toBeCloseTo(1, 5);
    // Merged arcs: no two neighbours share an owner.
    for (let i = 1; i < arcStarts.length; i++) expect(frame.ring.arcOwners[i]).not.toBe(frame.ring.arcOwners[i - 1]);
    // A drawn key's owner is its first serving replica.
    for (let i = 0; i < 50; i++) expect(frame.sample.replicaNodes[i * 3]).toBe(frame.sample.owners[i]);
  });

  it('a join reports the moved keys, the ideal, and which drawn keys moved from where', () => {
    const api = engine();
    api.init(defaultHashingConfig({ keyCount: 20_000 }));
    const result = api.change({ kind: 'add', id: 'n11', weight: 1 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const change = result.frame.lastChange!;
    expect(change.description).toBe('add n11');
    expect(change.idealFraction).toBeCloseTo(1 / 11, 10);
    expect(change.movedFraction).toBeGreaterThan(0.05);
    expect(change.movedFraction).toBeLessThan(0.13);
    const n11 = result.frame.nodes.findIndex((node) => node.id === 'n11');
    expect(change.movedSamplePositions.length).toBeGreaterThan(10);
    for (const position of change.movedSamplePositions) expect(result.frame.sample.owners[position]).toBe(n11);
    expect(change.movedSampleFrom.every((id) => id !== 'n11' && /^n\d+$/.test(id))).toBe(true);
  });

  it('an impossible change is refused with a message and changes nothing', () => {
    const api = engine();
    const first = api.init(defaultHashingConfig({ keyCount: 1_000 }));
    const refused = api.change({ kind: 'remove', id: 'n42' });
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/no node n42/) });
    expect(api.frame().version).toBe(first.ok ? first.frame.version : -1);
  });

  it('extras compare every strategy on the last change and plot max/mean against vnodes', () => {
    const api = engine();
    api.init(defaultHashingConfig({ keyCount: 20_000 }));
    api.change({ kind: 'remove', id: 'n4' });
    const extras = api.extras();
    expect(extras.comparison.keyCount).toBe(Math.min(20_000, COMPARISON_KEY_COUNT));
    const modN = extras.comparison.strategies.find((figures) => figures.name === 'mod-n')!;
    const ring = extras.comparison.strategies.find((figures) => figures.name === 'ring')!;
    expect(modN.movedFraction!).toBeGreaterThan(0.8);
    expect(ring.movedFraction!).toBeLessThan(0.15);
    expect(extras.plot.map((point) => point.vnodesPerNode)).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500]);
    expect(extras.plot[0]!.keysMaxOverMean).toBeGreaterThan(extras.plot[8]!.keysMaxOverMean);
  });

  it('a failed node: its keys are served by stand-ins with a hint, and the lookup says so', () => {
    const api = engine();
    api.init(defaultHashingConfig({ keyCount: 5_000 }));
    const key = api.describeKey('0');
    if ('error' in key) throw new Error(key.error);
    const primary = key.intended[0]!;
    api.change({ kind: 'fail', id: primary });
    const after = api.describeKey(key.name);
    if ('error' in after) throw new Error(after.error);
    expect(after.intended).toEqual(key.intended);
    expect(after.serving.find((placement) => placement.hintFor === primary)).toBeDefined();
    expect(after.serving.map((placement) => placement.node)).not.toContain(primary);
    expect(api.describeKey('banana')).toEqual({ error: expect.stringMatching(/No key “banana”/) });
  });

  it('very many tokens are binned for drawing but counted in full', () => {
    const api = engine();
    const result = api.init(defaultHashingConfig({ keyCount: 1_000, vnodesPerNode: 500 }));
    if (!result.ok) throw new Error('init failed');
    expect(result.frame.ring.tokenCount).toBe(5_000);
    expect(result.frame.ring.binned).toBe(true);
    expect(result.frame.ring.arcStarts.length).toBeLessThanOrEqual(2_880);
    expect(result.frame.ring.ticksShown).toBeLessThanOrEqual(2_000);
  });

  it('plays a scenario step by step, each expectation reported', () => {
    const api = engine();
    const loaded = api.loadScenario('hashing strategy=mod-n nodes=5 keys=5000\nadd n6\nexpect moved >= 0.5\nexpect moved <= 0.5\n');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.steps.map((step) => step.kind)).toEqual(['change', 'expect', 'expect']);
    expect(api.scenarioStep(0).outcome).toEqual({ kind: 'changed' });
    expect(api.scenarioStep(1).outcome).toMatchObject({ kind: 'expect', ok: true });
    expect(api.scenarioStep(2).outcome).toMatchObject({ kind: 'expect', ok: false, detail: expect.stringMatching(/expected <= 0.5/) });
    expect(api.loadScenario('raft nodes=3\nrun 1s\n')).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/raft scenario/) }] });
  });
});

describe('moved keys since the start', () => {
  it('adds up every change, counts a key that moved twice once among the distinct ones, and starts over on init', () => {
    const api = engine();
    const first = api.init(defaultHashingConfig({ keyCount: 20_000 }));
    if (!first.ok) throw new Error('init failed');
    expect(first.frame.sinceStart).toEqual({ changeCount: 0, moveCount: 0, distinctKeyCount: 0, distinctFraction: 0 });
    const failed = api.change({ kind: 'fail', id: 'n2' });
    const recovered = api.change({ kind: 'recover', id: 'n2' });
    if (!failed.ok || !recovered.ok) throw new Error('change failed');
    const failedMoves = failed.frame.lastChange!.movedKeyCount;
    const recoveredMoves = recovered.frame.lastChange!.movedKeyCount;
    expect(failedMoves).toBeGreaterThan(0);
    const since = recovered.frame.sinceStart;
    expect(since.changeCount).toBe(2);
    expect(since.moveCount).toBe(failedMoves + recoveredMoves);
    // The keys that left n2 came back: moved twice, counted once.
    expect(since.distinctKeyCount).toBeGreaterThanOrEqual(Math.max(failedMoves, recoveredMoves));
    expect(since.distinctKeyCount).toBeLessThan(since.moveCount);
    expect(since.distinctFraction).toBeCloseTo(since.distinctKeyCount / 20_000);
    const again = api.init(defaultHashingConfig({ keyCount: 20_000 }));
    if (!again.ok) throw new Error('init failed');
    expect(again.frame.sinceStart.changeCount).toBe(0);
  });
});
