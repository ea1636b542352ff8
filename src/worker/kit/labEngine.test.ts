// The kit's engine on a toy lab (a counter that ticks every 10 ms): forks, journals, chaos faults and
// the streamed trace behave the same for every lab that binds to it.
import { describe, expect, it } from 'vitest';
import { History, type ReplayableSimulation } from '../../kernel/history.ts';
import { createLabEngine, type LabDefinition, type LabRun } from './labEngine.ts';

type ToyCommand = { readonly type: 'add'; readonly amount: number };
interface ToyEvent {
  readonly timeMs: number;
  readonly kind: 'tick' | 'add';
}
interface ToyConfig {
  readonly tickMs: number;
}

class Counter implements ReplayableSimulation<ToyCommand, { nowMs: number; count: number }, ToyEvent> {
  nowMs = 0;
  count = 0;
  private sink: ((event: ToyEvent) => void) | null = null;
  constructor(private readonly tickMs: number) {}
  nextEventTimeMs() {
    return (Math.floor(this.nowMs / this.tickMs) + 1) * this.tickMs;
  }
  processNextEvent() {
    this.nowMs = this.nextEventTimeMs();
    this.count += 1;
    this.sink?.({ timeMs: this.nowMs, kind: 'tick' });
  }
  advanceClockTo(timeMs: number) {
    this.nowMs = Math.max(this.nowMs, timeMs);
  }
  apply(command: ToyCommand) {
    this.count += command.amount;
    this.sink?.({ timeMs: this.nowMs, kind: 'add' });
  }
  snapshot() {
    return { nowMs: this.nowMs, count: this.count };
  }
  restore(snapshot: { nowMs: number; count: number }) {
    this.nowMs = snapshot.nowMs;
    this.count = snapshot.count;
  }
  setTraceSink(sink: ((event: ToyEvent) => void) | null) {
    this.sink = sink;
  }
}

interface ToyRun extends LabRun<ToyConfig, ToyCommand, ToyEvent> {
  readonly counter: Counter;
}

const toyLab: LabDefinition<ToyConfig, ToyCommand, ToyRun, { nowMs: number; count: number }, never, never, ToyEvent, { applied: number; forks: number[] }, { applied: number }> = {
  lab: 'toy',
  validateConfig: (config) => (config.tickMs >= 1 ? [] : ['tickMs must be at least 1']),
  createRun(config) {
    const counter = new Counter(config.tickMs);
    return { config, counter, history: new History(counter, { checkpointIntervalMs: 100 }) };
  },
  frame: (run) => ({ nowMs: run.counter.nowMs, count: run.counter.count }),
  scenarioOf: () => null,
  applyStep: () => {
    throw new Error('the toy lab has no scenarios');
  },
  // One fault every 50 ms: add 100.
  nemesis: (_config, _intensity, fromMs, toMs) => {
    const atMs = Math.ceil(fromMs / 50) * 50;
    return atMs < toMs ? { atMs, command: { type: 'add', amount: 100 } } : undefined;
  },
  streamTrace: true,
  createState: () => ({ applied: 0, forks: [] }),
  afterApply(_run, state, forkedAtMs) {
    state.applied += 1;
    if (forkedAtMs !== null) state.forks.push(forkedAtMs);
  },
  extra: (_run, state) => ({ applied: state.applied }),
};

const engineAt = () => createLabEngine(toyLab, () => 0);

describe('lab kit engine', () => {
  it('refuses a bad config with the lab’s own words', () => {
    expect(engineAt().init({ tickMs: 0 })).toEqual({ ok: false, problems: ['tickMs must be at least 1'] });
  });

  it('plays, seeks back and forks when acting in the past; the receiver’s trace is cut at the fork', () => {
    const engine = engineAt();
    const init = engine.init({ tickMs: 10 });
    if (!init.ok) throw new Error('init');
    const trace = [...init.update.events];
    const mirror = (update: { traceFrom: number; events: readonly ToyEvent[] }) => {
      trace.length = update.traceFrom;
      trace.push(...update.events);
    };
    mirror(engine.advanceTo(100, 1_000));
    expect(trace).toHaveLength(10);
    const back = engine.seek(40);
    expect(back).toMatchObject({ atHead: false, frame: { nowMs: 40, count: 4 } });
    const forked = engine.command({ type: 'add', amount: 5 });
    mirror(forked);
    expect(forked).toMatchObject({ atHead: true, applied: 1, frame: { count: 9 } });
    expect(forked.traceEpoch).toBeGreaterThan(back.traceEpoch);
    expect(trace.map((event) => event.kind)).toEqual(['tick', 'tick', 'tick', 'tick', 'add']);
    expect(engine.current().state.forks).toEqual([40]);
  });

  it('a journal rebuilds the same run after a reload', () => {
    const engine = engineAt();
    engine.init({ tickMs: 10 });
    engine.advanceTo(25, 1_000);
    engine.command({ type: 'add', amount: 7 });
    engine.advanceTo(60, 1_000);
    const journal = engine.journal();
    expect(journal).toEqual({ config: { tickMs: 10 }, commands: [{ timeMs: 25, command: { type: 'add', amount: 7 } }], headMs: 60 });
    const reloaded = engineAt().restore(JSON.parse(JSON.stringify(journal)) as typeof journal);
    if (!reloaded.ok) throw new Error('restore');
    expect(reloaded.update.frame).toEqual(engine.update().frame);
  });

  it('chaos faults are recorded like user actions beyond the head and replayed when scrubbing back', () => {
    const engine = engineAt();
    engine.init({ tickMs: 10 });
    engine.advanceTo(20, 1_000);
    engine.setChaos({ enabled: true, intensityPercent: 50 });
    const after = engine.advanceTo(160, 1_000);
    // Faults at 50, 100 and 150 ms: 16 ticks + 300.
    expect(after).toMatchObject({ frame: { count: 316 }, chaos: { enabled: true, faultCount: 3 } });
    expect(engine.journal().commands.map((recorded) => recorded.timeMs)).toEqual([50, 100, 150]);
    engine.seek(0);
    expect(engine.advanceTo(160, 1_000).frame.count).toBe(316);
  });

  it('stops at the wall-clock budget and says so', () => {
    let wallMs = 0;
    const engine = createLabEngine(toyLab, () => (wallMs += 1));
    engine.init({ tickMs: 1 });
    const update = engine.advanceTo(1_000_000, 3);
    expect(update.reached).toBe(false);
    expect(update.frame.nowMs).toBeLessThan(1_000_000);
  });

  it('a scenario for another lab is refused with line and column', () => {
    const result = engineAt().loadScenario('raft nodes=3\nrun 1s');
    expect(result).toEqual({ ok: false, errors: [{ line: 1, column: 1, message: 'this is a raft scenario: open it in that lab' }] });
  });
});
