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

describe('replication engine: your actions as a scenario', () => {
  it('writes the grammar back and replays into the same run (same frame, same verdict)', () => {
    const engine = createReplicationEngine(clock);
    const init = engine.init(defaultReplicationConfig({ seed: 4, nodeCount: 3, mode: 'quorum', syncCount: 2, failover: 'naive', fencing: 'token', witness: true, ttlMs: 20_000 }));
    if (!init.ok) throw new Error(init.problems.join('; '));
    engine.command({ type: 'write', node: 'n1', key: 'x', value: 1 });
    engine.command({ type: 'write', node: 'n1', key: 'name', value: 'ada' });
    engine.advanceTo(400, 1e9);
    engine.command({ type: 'partition', groups: [['n1'], ['n2', 'n3']] });
    engine.command({ type: 'cut', from: 'n2', to: 'n3', bothWays: false });
    engine.command({ type: 'write', node: 'n1', key: 'x', value: '2' });
    engine.command({ type: 'read', node: 'n2', key: 'x' });
    engine.advanceTo(15_000, 1e9);
    engine.command({ type: 'promote', node: 'n2' });
    engine.command({ type: 'heal' });
    engine.advanceTo(16_000, 1e9);
    engine.command({ type: 'rewind', node: 'n1' });
    engine.command({ type: 'crash', node: 'w' });
    const update = engine.advanceTo(20_000, 1e9);

    const text = engine.actionsAsScenario()!;
    expect(text).toContain('replication nodes=3 mode=quorum failover=naive fencing=token seed=4 witness=on sync=2 ttl=20000ms');
    expect(text).toContain('write x=1 via n1 nowait');
    expect(text).toContain('run 400ms');
    expect(text).toContain('partition n1 | n2,n3 | w\ncut n2 n3\n');
    // A string of digits would read back as a number: said, not replayed wrong.
    expect(text).toContain('# write x="2" via n1: a value the scenario grammar cannot carry');
    expect(text).toContain('promote n2');
    expect(text).toContain('rewind n1');
    const replayEngine = createReplicationEngine(clock);
    const loaded = replayEngine.loadScenario(text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.config).toEqual(engine.journal().config);
    let replayed = loaded.update;
    loaded.steps.forEach((_, index) => {
      replayed = replayEngine.scenarioStep(index).update;
    });
    // The run without the one write the grammar cannot carry: replay the original without it too.
    const reference = createReplicationEngine(clock);
    reference.init(engine.journal().config);
    reference.command({ type: 'write', node: 'n1', key: 'x', value: 1 });
    reference.command({ type: 'write', node: 'n1', key: 'name', value: 'ada' });
    reference.advanceTo(400, 1e9);
    reference.command({ type: 'partition', groups: [['n1'], ['n2', 'n3']] });
    reference.command({ type: 'cut', from: 'n2', to: 'n3', bothWays: false });
    reference.command({ type: 'read', node: 'n2', key: 'x' });
    reference.advanceTo(15_000, 1e9);
    reference.command({ type: 'promote', node: 'n2' });
    reference.command({ type: 'heal' });
    reference.advanceTo(16_000, 1e9);
    reference.command({ type: 'rewind', node: 'n1' });
    reference.command({ type: 'crash', node: 'w' });
    const expected = reference.advanceTo(20_000, 1e9);
    expect(replayed.frame).toEqual(expected.frame);
    expect(replayed.verdict).toEqual(expected.verdict);
    expect(update.frame.nowMs).toBe(20_000);
  });
});
