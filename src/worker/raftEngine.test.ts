// The engine's contract with the app: frames at the viewed moment and a trace the receiver can mirror.
import { readFileSync } from 'node:fs';
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

/** Every step of a loaded scenario, `run` steps advanced at once (as the CLI does). */
function playScenario(engine: ReturnType<typeof createRaftEngine>, source: string): RaftUpdate {
  const loaded = engine.loadScenario(source);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  let update = loaded.update;
  loaded.steps.forEach((_, index) => {
    update = engine.scenarioStep(index).update;
  });
  return update;
}

const preset = (name: string) => readFileSync(new URL(`../scenario/presets/${name}.scenario`, import.meta.url), 'utf8');

describe('Raft engine: the safety lab', () => {
  it('runs are checked: a break-it preset reports its violation with the moment and the nodes', () => {
    const update = playScenario(createRaftEngine(() => 0), preset('bug-commit-old-term'));
    const names = update.violations.map((violation) => violation.name);
    expect(names).toContain('leader-completeness');
    const first = update.violations[0]!;
    expect(first.nodes.length).toBeGreaterThan(0);
    expect(first.timeMs).toBeGreaterThan(0);
    expect(first.timeMs).toBeLessThanOrEqual(update.frame.headMs);
  });

  it('the same preset without the bug stays safe', () => {
    const update = playScenario(createRaftEngine(() => 0), preset('bug-commit-old-term').replace(' bug=commit-old-term', ''));
    expect(update.violations).toEqual([]);
  });

  it('the lab\'s switches override a scenario header: Figure 8 with the bug on loses a committed entry', () => {
    const engine = createRaftEngine(() => 0);
    const loaded = engine.loadScenario(preset('figure-8'), { bugs: ['commit-old-term'] });
    if (!loaded.ok) throw new Error('load failed');
    expect(loaded.config.bugs).toEqual(['commit-old-term']);
    let update = loaded.update;
    loaded.steps.forEach((_, index) => {
      update = engine.scenarioStep(index).update;
    });
    expect(update.violations.map((violation) => violation.name)).toContain('committed-entry-durable');
    const safe = playScenario(createRaftEngine(() => 0), preset('figure-8'));
    expect(safe.violations).toEqual([]);
  });

  it('scenario steps carry their narration', () => {
    const loaded = createRaftEngine(() => 0).loadScenario('raft nodes=3 seed=1\n# first we wait\n# for a leader\nrun 1s\nexpect leader\n');
    if (!loaded.ok) throw new Error('load failed');
    expect(loaded.steps.map((step) => step.narration)).toEqual(['first we wait for a leader', '']);
  });

  it('acting in the past forks the checker too: violations after the fork point are gone', () => {
    const engine = createRaftEngine(() => 0);
    const played = playScenario(engine, preset('bug-commit-old-term'));
    const firstMs = played.violations[0]!.timeMs;
    engine.seek(firstMs - 1);
    const fork = engine.command({ type: 'request', value: 'after-fork' });
    expect(fork.violations.every((violation) => violation.timeMs < firstMs)).toBe(true);
  });

  it('drops, duplicates and delays one message in flight by hand', () => {
    const engine = createRaftEngine(() => 0);
    engine.init(defaultRaftConfig({ seed: 42 }));
    let update = engine.advanceTo(1_000, 1_000);
    // Heartbeats go out together: step until several messages are on their way.
    while (update.frame.messages.length < 3) update = engine.stepToNextEvent();
    const [first, second, third] = update.frame.messages;
    if (!first || !second || !third) throw new Error('expected messages in flight');
    update = engine.command({ type: 'drop-message', messageId: first.id });
    expect(update.events).toContainEqual(expect.objectContaining({ kind: 'drop', messageId: first.id, reason: 'user' }));
    expect(update.frame.messages.some((message) => message.id === first.id)).toBe(false);
    update = engine.command({ type: 'delay-message', messageId: second.id, delayMs: 200 });
    expect(update.frame.messages.find((message) => message.id === second.id)?.deliverAtMs).toBe(second.deliverAtMs + 200);
    const before = update.frame.messages.length;
    update = engine.command({ type: 'duplicate-message', messageId: third.id });
    expect(update.frame.messages.length).toBe(before + 1);
  });
});

describe('Raft engine: chaos mode', () => {
  const actionsOf = (trace: readonly RaftTraceEvent[]) => trace.filter((event) => event.kind === 'action');

  function chaosRun(seed: number, untilMs: number) {
    const engine = createRaftEngine(() => 0);
    const trace: RaftTraceEvent[] = [];
    const init = engine.init(defaultRaftConfig({ seed }));
    if (!init.ok) throw new Error('init failed');
    mirror(trace, init.update);
    mirror(trace, engine.advanceTo(500, 1_000));
    mirror(trace, engine.setChaos({ enabled: true, intensityPercent: 40 }));
    let update = init.update;
    for (let t = 1_000; t <= untilMs; t += 1_000) {
      update = engine.advanceTo(t, 10_000);
      mirror(trace, update);
    }
    return { engine, trace, update };
  }

  it('injects faults beyond the head as recorded actions, and a correct cluster stays safe', () => {
    const { trace, update } = chaosRun(5, 30_000);
    const faults = actionsOf(trace);
    expect(update.chaos).toMatchObject({ enabled: true, intensityPercent: 40 });
    expect(update.chaos.faultCount).toBe(faults.length);
    expect(faults.length).toBeGreaterThan(30);
    expect(faults.every((event) => event.timeMs > 500)).toBe(true);
    expect(new Set(faults.map((event) => event.kind === 'action' && event.command.type)).size).toBeGreaterThan(3);
    expect(update.violations).toEqual([]);
  });

  it('is deterministic, and scrubbing back replays the same faults instead of drawing new ones', () => {
    const a = chaosRun(9, 10_000);
    const b = chaosRun(9, 10_000);
    expect(JSON.stringify(actionsOf(a.trace))).toBe(JSON.stringify(actionsOf(b.trace)));
    const faultCount = a.update.chaos.faultCount;
    a.engine.seek(3_000);
    const replayed = a.engine.advanceTo(10_000, 10_000);
    expect(replayed.chaos.faultCount).toBe(faultCount);
    expect(replayed.frame.traceLength).toBe(a.update.frame.traceLength);
  });

  it('at max speed it runs far faster than real time with faults on the way', () => {
    let wallMs = 0;
    const engine = createRaftEngine(() => wallMs++);
    engine.init(defaultRaftConfig({ seed: 3 }));
    engine.setChaos({ enabled: true, intensityPercent: 50 });
    let update = engine.advanceFor(10_000);
    for (let call = 0; call < 5; call++) update = engine.advanceFor(10_000);
    expect(update.frame.nowMs).toBeGreaterThan(10_000);
    expect(update.chaos.faultCount).toBeGreaterThan(10);
  });

  it('turned off, it injects nothing more', () => {
    const { engine, update } = chaosRun(4, 5_000);
    engine.setChaos({ enabled: false, intensityPercent: 40 });
    const later = engine.advanceTo(15_000, 10_000);
    expect(later.chaos.faultCount).toBe(update.chaos.faultCount);
  });
});

describe('Raft engine: your actions as a scenario', () => {
  /** A session of clicks and drags: requests, a crash, a drag onto another island, a cut both ways, a fork in the past. */
  function session() {
    const engine = createRaftEngine(() => 0);
    engine.init(defaultRaftConfig({ seed: 11, nodeCount: 5, features: { preVote: true, checkQuorum: false, leaderNoop: false } }));
    const at = (timeMs: number, command: Parameters<typeof engine.command>[0]) => {
      engine.advanceTo(timeMs, 1_000);
      engine.command(command);
    };
    at(400, { type: 'request', value: 'x=1' });
    at(520, { type: 'crash', node: 'n2' });
    at(700, { type: 'isolate', node: 'n3' });
    at(900, { type: 'move', node: 'n4', group: 1 });
    at(1_100, { type: 'cut', from: 'n1', to: 'n5', bothWays: true });
    at(1_300, { type: 'request', value: 'y=2', via: 'n1' });
    at(1_500, { type: 'heal' });
    at(1_650, { type: 'restart', node: 'n2' });
    engine.advanceTo(2_400, 1_000);
    // Back to 1.2 s and act there: the run forks, the actions after it are gone from this branch.
    engine.seek(1_200);
    engine.command({ type: 'timeout', node: 'n5' });
    return { engine, update: engine.advanceTo(2_000, 1_000) };
  }

  it('writes the grammar back, a drag as the partition it made', () => {
    const text = session().engine.actionsAsScenario()!;
    expect(text).toContain('raft nodes=5 seed=11 prevote=on\n');
    expect(text).toContain('isolate n3');
    expect(text).toMatch(/partition n1,n2,n5 \| n3,n4/);
    expect(text).toContain('cut n1 n5 both');
    expect(text).toContain('timeout n5');
    // Forked away: the actions after 1.2 s in the first branch are not in this one.
    expect(text).not.toContain('restart n2');
  });

  it('replays into the same run: same actions at the same moments, same frame at the end', () => {
    const { engine, update } = session();
    const text = engine.actionsAsScenario()!;
    const replayEngine = createRaftEngine(() => 0);
    const replayed = playScenario(replayEngine, text);
    // The same moments (a drag comes back as the partition it made: same effect).
    const moments = (journal: ReturnType<typeof engine.journal>) => [...new Set(journal.commands.map((entry) => entry.timeMs))];
    expect(moments(replayEngine.journal())).toEqual(moments(engine.journal()));
    expect(replayEngine.journal().headMs).toBe(engine.journal().headMs);
    expect(replayed.frame).toEqual(update.frame);
    expect(replayed.violations).toEqual(update.violations);
  });
});
