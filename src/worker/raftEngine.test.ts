// The engine's contract with the app: frames at the viewed moment and a trace the receiver can mirror.
import { describe, expect, it } from 'vitest';
import { createRaftEngine, type RaftUpdate } from './raftEngine.ts';
import { defaultRaftConfig } from '../kernel/protocols/raft/simulation.ts';
import type { RaftTraceEvent } from '../kernel/protocols/raft/trace.ts';

/** What the app does with each update: mirror the worker's trace. */
function mirror(trace: RaftTraceEvent[], update: RaftUpdate): void {
  trace.length = update.traceFrom;
  trace.push(...update.events);
}

describe('Raft engine', () => {
  it('refuses a bad config with readable problems', () => {
    const result = createRaftEngine(() => 0).init(defaultRaftConfig({ nodeCount: 12 }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join()).toMatch(/nodeCount/);
  });

  it('elects a leader and streams the trace incrementally', () => {
    const engine = createRaftEngine(() => 0);
    const init = engine.init(defaultRaftConfig({ seed: 42 }));
    if (!init.ok) throw new Error('init failed');
    const trace: RaftTraceEvent[] = [];
    mirror(trace, init.update);
    let update = init.update;
    for (let t = 100; t <= 2000; t += 100) {
      update = engine.advanceTo(t, 1_000);
      mirror(trace, update);
    }
    expect(update.frame.nowMs).toBe(2000);
    expect(update.frame.nodes.some((node) => node.role === 'leader')).toBe(true);
    expect(trace.length).toBe(update.frame.traceLength);
  });

  it('a command in the past forks: the mirrored trace drops the discarded future', () => {
    const engine = createRaftEngine(() => 0);
    const init = engine.init(defaultRaftConfig({ seed: 7 }));
    if (!init.ok) throw new Error('init failed');
    const trace: RaftTraceEvent[] = [];
    mirror(trace, init.update);
    mirror(trace, engine.advanceTo(3000, 1_000));
    const seek = engine.seek(1000);
    mirror(trace, seek);
    expect(seek.atHead).toBe(false);
    expect(seek.frame.headMs).toBe(3000);
    const fork = engine.command({ type: 'crash', node: 'n1' });
    mirror(trace, fork);
    expect(fork.atHead).toBe(true);
    expect(fork.traceEpoch).toBeGreaterThan(seek.traceEpoch);
    expect(trace.every((event) => event.timeMs <= 1000)).toBe(true);
    expect(trace.slice(-2)[0]).toMatchObject({ kind: 'action', command: { type: 'crash', node: 'n1' } });
    mirror(trace, engine.advanceTo(1500, 1_000));
    expect(fork.frame.headMs).toBe(1000);
  });

  it('stops early when the wall budget is spent', () => {
    let wallMs = 0;
    const engine = createRaftEngine(() => (wallMs += 5));
    engine.init(defaultRaftConfig({ seed: 3 }));
    const update = engine.advanceTo(10_000_000, 1);
    expect(update.reached).toBe(false);
    expect(update.frame.nowMs).toBeLessThan(10_000_000);
  });
});

describe('Raft engine: scenarios', () => {
  it('reports parse errors with line and column', () => {
    const result = createRaftEngine(() => 0).loadScenario('raft nodes=5\nrun 2 parsecs\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 2 });
  });

  it('loads a scenario into a fresh run and plays its steps', () => {
    const engine = createRaftEngine(() => 0);
    const loaded = engine.loadScenario('raft nodes=3 seed=9\nrun 1s\nexpect leader\ncrash leader\n');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.config).toMatchObject({ nodeCount: 3, seed: 9 });
    expect(loaded.steps.map((step) => step.kind)).toEqual(['run', 'expect', 'crash']);
    engine.advanceTo(loaded.steps[0]!.durationMs!, 1_000);
    expect(engine.scenarioStep(1).outcome).toMatchObject({ kind: 'expect', ok: true });
    const crash = engine.scenarioStep(2);
    expect(crash.outcome.kind).toBe('applied');
    expect(crash.update.frame.nodes.filter((node) => node.role === 'crashed')).toHaveLength(1);
  });
});
