// The replication engine on the kit: a run, user commands, seeking back, and a preset played step by step.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultReplicationConfig } from '../kernel/protocols/replication/index.ts';
import { createReplicationEngine, playMultiLeader } from './replicationEngine.ts';

const clock = () => 0;

describe('replication engine', () => {
  it('runs, takes commands, and seeks back to show an earlier moment', () => {
    const engine = createReplicationEngine(clock);
    const init = engine.init(defaultReplicationConfig({ nodeCount: 3, failover: 'naive' }));
    expect(init.ok).toBe(true);
    engine.command({ type: 'write', node: 'n1', key: 'x', value: 1 });
    let update = engine.advanceTo(2000, 1000);
    expect(update.frame.writes[0]).toMatchObject({ key: 'x', value: 1, status: 'acknowledged' });
    expect(update.frame.nodes.map((node) => node.role)).toEqual(['primary', 'standby', 'standby']);
    update = engine.command({ type: 'crash', node: 'n1' });
    update = engine.advanceTo(20_000, 1000);
    expect(update.frame.primaries).toHaveLength(1);
    expect(update.verdict.verdict).toBe('linearizable');
    update = engine.seek(1000);
    expect(update.atHead).toBe(false);
    expect(update.frame.nodes[0]!.role).toBe('primary');
  });

  it('plays the drill preset step by step, every expectation holding', () => {
    const engine = createReplicationEngine(clock);
    const source = readFileSync(join(import.meta.dirname, '../scenario/presets/replication-drill.scenario'), 'utf8');
    const loaded = engine.loadScenario(source);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const failed = loaded.steps.map((_, index) => engine.scenarioStep(index).outcome).filter((outcome) => (outcome.kind === 'expect' && !outcome.ok) || outcome.kind === 'refused');
    expect(failed).toEqual([]);
  });

  it('refuses a multi-leader scenario with a reason (the page draws one primary and its standbys)', () => {
    const engine = createReplicationEngine(clock);
    const loaded = engine.loadScenario('replication leaders=2 resolve=lww\nwrite x=1 via n1\n');
    expect(loaded.ok).toBe(false);
  });
});

describe('the sweep in slices', () => {
  it('runs trials in wall-clock slices and gives the same results as one go (trial k is the same whichever slice runs it)', () => {
    let wallMs = 0;
    const engine = createReplicationEngine(() => (wallMs += 10));
    const request = { config: defaultReplicationConfig({ nodeCount: 2, witness: true, mode: 'sync', failover: 'managed' }), failure: 'crash' as const, trials: 4 };
    const first = engine.sweepSlice(request, 0, 15);
    expect(first.next).toBeLessThan(4);
    const rest = engine.sweepSlice(request, first.next, 1_000_000);
    expect(rest.next).toBe(4);
    const whole = engine.sweepSlice(request, 0, 1_000_000);
    expect([...first.results, ...rest.results]).toEqual(whole.results);
  });
});

describe('multi-leader, played for the page', () => {
  const source = readFileSync(new URL('../scenario/presets/replication-multileader-lww-skew.scenario', import.meta.url), 'utf8');

  it('the file as written: every expectation holds, one acknowledged write is lost, the leaders converge', () => {
    const result = playMultiLeader({ source, resolve: null, n2SkewMs: null });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.steps.every((step) => step.expectation === null || step.expectation.ok)).toBe(true);
    expect(result.writes.filter((write) => write.lost)).toHaveLength(1);
    expect(result.converged).toBe(true);
    expect(result.steps[0]!.narration).toContain('Two regions');
  });

  it('the same writes under siblings, or with n2\'s clock exact, lose nothing — and the file\'s lww expectations say where behaviour changed', () => {
    for (const request of [{ resolve: 'siblings' as const, n2SkewMs: null }, { resolve: null, n2SkewMs: 0 }]) {
      const result = playMultiLeader({ source, ...request });
      if (!result.ok) throw new Error(result.errors.join('; '));
      expect(result.writes.filter((write) => write.lost)).toHaveLength(0);
      expect(result.steps.some((step) => step.expectation?.ok === false)).toBe(true);
    }
  });

  it('a single-leader file is refused with a reason, and a malformed one with its line and column', () => {
    expect(playMultiLeader({ source: 'replication nodes=2\nwrite x=1 via n1\n', resolve: null, n2SkewMs: null })).toEqual({ ok: false, errors: ['not a multi-leader scenario: its header needs leaders=2 or leaders=3'] });
    const bad = playMultiLeader({ source: 'replication leaders=2\nwrte x=1\n', resolve: null, n2SkewMs: null });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]).toMatch(/^line 2, column 1:/);
  });
});

describe('replication engine: the user\'s actions as a scenario', () => {
  it('writes the grammar back and replays into the same run (same frame); the exam\'s split-brain check passes on it', async () => {
    const engine = createReplicationEngine(clock);
    expect(engine.init(defaultReplicationConfig({ nodeCount: 2, seed: 4, ttlMs: 20_000, latencyMsMin: 5, latencyMsMax: 30 })).ok).toBe(true);
    engine.command({ type: 'write', node: 'n1', key: 'a', value: 1 });
    engine.advanceTo(1000, 1000);
    engine.command({ type: 'isolate', node: 'n1' });
    engine.advanceTo(1500, 1000);
    engine.command({ type: 'promote', node: 'n2' });
    engine.advanceTo(2000, 1000);
    engine.command({ type: 'write', node: 'n2', key: 'b', value: 'two' });
    engine.command({ type: 'write', node: 'n1', key: 'a', value: 3 });
    engine.command({ type: 'write', node: 'n1', key: 'q', value: 'has space' });
    engine.advanceTo(3000, 1000);
    engine.command({ type: 'heal' });
    engine.command({ type: 'rewind', node: 'n1' });
    const update = engine.advanceTo(5000, 1000);
    const text = engine.actionsAsScenario()!;
    expect(text).toContain('replication nodes=2 mode=async failover=manual fencing=none seed=4 latency=5-30 ttl=20000ms');
    expect(text).toContain('write b=two via n2 nowait');
    expect(text).toContain('# write q="has space" via n1: a value the scenario grammar cannot carry (not replayed)');
    expect(text).toContain('promote n2');
    expect(text).toContain('rewind n1');
    const replayEngine = createReplicationEngine(clock);
    const loaded = replayEngine.loadScenario(text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    let replayed = loaded.update;
    loaded.steps.forEach((_, index) => {
      replayed = replayEngine.scenarioStep(index).update;
    });
    // The write the grammar cannot carry is missing from the replay: compare everything else.
    expect(replayed.frame.primaries).toEqual(update.frame.primaries);
    expect(replayed.frame.nodes.map((node) => [node.id, node.role, node.timeline])).toEqual(update.frame.nodes.map((node) => [node.id, node.role, node.timeline]));
    expect(replayed.frame.measures.splitBrain?.nodes).toEqual(update.frame.measures.splitBrain?.nodes);
    expect(replayed.frame.writes.filter((write) => write.key !== 'q').map((write) => [write.key, write.value, write.status])).toEqual(update.frame.writes.filter((write) => write.key !== 'q').map((write) => [write.key, write.value, write.status]));
  });
});
