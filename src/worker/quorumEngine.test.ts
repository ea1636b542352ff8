// The quorums lab's engine in Node: a user's stale read flagged by both analyses, checker slices, reload.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultQuorumConfig } from '../kernel/protocols/quorum/index.ts';
import { createQuorumEngine, type QuorumEngine, type QuorumUpdate } from './quorumEngine.ts';
import { replayText } from './kit/replayText.ts';

function clock(): () => number {
  let now = 0;
  return () => (now += 1);
}

/** The example by hand: write 1 at ALL, split {r1,c1} | {r2,r3,c2}, write 2 at ONE via r1, read at ONE via r3. */
function staleReadByHand(engine: QuorumEngine): QuorumUpdate {
  const init = engine.init(defaultQuorumConfig({ seed: 5 }));
  if (!init.ok) throw new Error(init.problems.join('; '));
  engine.command({ type: 'operation', request: { client: 'c1', kind: 'write', key: 'x', value: 1, level: 'ALL' } });
  engine.advanceTo(200, 1e9);
  engine.command({ type: 'partition', groups: [['r1', 'c1'], ['r2', 'r3', 'c2']] });
  engine.command({ type: 'operation', request: { client: 'c1', kind: 'write', key: 'x', value: 2, level: 'ONE', via: 'r1' } });
  engine.advanceTo(300, 1e9);
  engine.command({ type: 'operation', request: { client: 'c2', kind: 'read', key: 'x', level: 'ONE', via: 'r3' } });
  let update = engine.advanceTo(700, 1e9);
  for (let i = 0; i < 100 && update.check.state === 'running'; i++) update = engine.checkFor(1e9);
  return update;
}

describe('quorum engine', () => {
  it('flags the stale read at ONE across a partition and the checker explains why it is not linearizable', () => {
    const update = staleReadByHand(createQuorumEngine(clock()));
    const read = update.frame.operations.find((operation) => operation.kind === 'read')!;
    expect(read.status).toBe('ok');
    expect(read.value).toBe(1);
    expect(update.staleReads.map((stale) => stale.readId)).toEqual([read.id]);
    expect(update.check.state).toBe('not-linearizable');
    expect(update.check.summary).toMatch(/read/);
    expect(update.check.blockedOperationId).toBe(read.id);
  });

  it('counts operations during the partition as under fault and the first write as normal operation', () => {
    const update = staleReadByHand(createQuorumEngine(clock()));
    expect(update.faultWindows).toEqual([{ startMs: 200, endMs: null }]);
    const writeAll = update.stats.find((stats) => stats.label === 'write ALL')!;
    expect(writeAll.normal.ok).toBe(1);
    expect(writeAll.normalLatenciesMs).toHaveLength(1);
    expect(update.stats.find((stats) => stats.label === 'read ONE')!.underFault.ok).toBe(1);
  });

  it('answers "unknown" honestly when the checker runs out of steps, while the stale-read scan still flags', () => {
    const update = staleReadByHand(createQuorumEngine(clock(), { checkStepBudget: 1 }));
    expect(update.check.state).toBe('unknown');
    expect(update.check.message).toMatch(/gave up|unknown/);
    expect(update.staleReads).toHaveLength(1);
  });

  it('rebuilds the same run from its journal (a reload)', () => {
    const engine = createQuorumEngine(clock());
    const before = staleReadByHand(engine);
    const journal = JSON.parse(JSON.stringify(engine.journal()));
    const other = createQuorumEngine(clock());
    const restored = other.restore(journal);
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    expect(restored.update.frame.operations).toEqual(before.frame.operations);
    expect(restored.update.frame.groups).toEqual(before.frame.groups);
  });

  it('plays a preset step by step and reports each expectation', () => {
    const engine = createQuorumEngine(clock());
    const source = readFileSync(new URL('../scenario/presets/quorum-stale-read-one.scenario', import.meta.url), 'utf8');
    const loaded = engine.loadScenario(source);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const expectations = loaded.steps.map((_, index) => engine.scenarioStep(index).outcome).filter((outcome) => outcome.kind === 'expect');
    expect(expectations.length).toBeGreaterThan(3);
    expect(expectations.every((outcome) => outcome.kind === 'expect' && outcome.ok)).toBe(true);
  });

  it('reports scenario errors with line and column, and refuses another lab\'s scenario', () => {
    const engine = createQuorumEngine(clock());
    const bad = engine.loadScenario('quorum replicas=3\nwrite c9 x=1\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ line: 2 });
    const raft = engine.loadScenario('raft nodes=3 seed=1\nrun 10ms\n');
    expect(raft.ok).toBe(false);
  });

  it('refuses a bad config with the reasons', () => {
    const result = createQuorumEngine(clock()).init(defaultQuorumConfig({ replicaCount: 9 }));
    expect(result.ok).toBe(false);
  });
});

describe('quorum engine: your actions as a scenario', () => {
  function session(engine: QuorumEngine): QuorumUpdate {
    const init = engine.init(defaultQuorumConfig({ seed: 9, replicaCount: 4, clientCount: 2, replicationFactor: 3, readYourWrites: true, lossPercent: 5, writeLevel: 'ONE', clockSkewMs: [0, -40, 0, 25], versionScheme: 'timestamp' }));
    if (!init.ok) throw new Error(init.problems.join('; '));
    engine.command({ type: 'operation', request: { client: 'c1', kind: 'write', key: 'x', value: 1, level: 'ALL' } });
    engine.advanceTo(150, 1e9);
    engine.command({ type: 'move', node: 'c2', group: 0 });
    engine.command({ type: 'isolate', node: 'r2' });
    engine.command({ type: 'operation', request: { client: 'c1', kind: 'write', key: 'x', value: 'two', level: 2, via: 'r1' } });
    engine.advanceTo(260, 1e9);
    engine.command({ type: 'cut', from: 'r1', to: 'r3', bothWays: true });
    engine.command({ type: 'configure', settings: { readLevel: 'QUORUM', sloppyQuorum: true } });
    engine.command({ type: 'session', client: 'c2', monotonicReads: true });
    engine.command({ type: 'operation', request: { client: 'c2', kind: 'read', key: 'x' } });
    engine.advanceTo(420, 1e9);
    engine.command({ type: 'crash', node: 'r4' });
    engine.command({ type: 'heal' });
    return engine.advanceTo(900, 1e9);
  }

  it('writes the grammar back and replays into the same run (same frame, same history)', () => {
    const engine = createQuorumEngine(clock());
    const update = session(engine);
    const text = engine.actionsAsScenario()!;
    expect(text).toContain('quorum replicas=4 clients=2 mode=leaderless seed=9 n=3 session=ryw');
    expect(text).toContain('write c1 x=two w=2 via r1 nowait');
    expect(text).toContain('cut r1 r3 both');
    expect(text).toContain('set sloppy=on read=QUORUM');
    const replayed = replayText(createQuorumEngine(clock()), text);
    expect(replayed.config).toEqual(engine.journal().config);
    expect(replayed.update.frame).toEqual(update.frame);
  });
});
