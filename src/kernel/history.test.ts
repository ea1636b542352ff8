// History: scrubbing back shows exactly the state a straight run had at that moment; acting in the
// past forks the run (the future is discarded) and the forked run equals a fresh run.

import { describe, expect, it } from 'vitest';
import { createRaftRun, raftFrame, type RaftRun } from './protocols/raft/run.ts';
import { defaultRaftConfig } from './protocols/raft/simulation.ts';
import { randomFaultSchedule } from './protocols/raft/fault-schedule.ts';

const config = defaultRaftConfig({ seed: 99, lossPercent: 5, duplicationPercent: 2 });
const schedule = randomFaultSchedule(99, { nodeCount: 5, durationMs: 9_000, meanGapMs: 400 });

function straightRunTo(timeMs: number): RaftRun {
  const run = createRaftRun(config);
  for (const { atMs, command } of schedule) {
    if (atMs > timeMs) break;
    run.history.advanceTo(atMs);
    run.history.apply(command);
  }
  run.history.advanceTo(timeMs);
  return run;
}

/** The frame without fields that legitimately differ (how far the run has been recorded). */
function stateOf(run: RaftRun) {
  const { headMs: _headMs, ...frame } = raftFrame(run);
  return JSON.stringify({ frame, next: run.simulation.nextEventTimeMs() });
}

describe('history', () => {
  const full = straightRunTo(10_000);

  it('records a trace and checkpoints as it runs, with memory growing with events', () => {
    expect(full.history.headMs).toBe(10_000);
    expect(full.history.trace.length).toBeGreaterThan(1000);
    expect(full.history.checkpointCount).toBeGreaterThanOrEqual(9);
    expect(full.history.checkpointCount).toBeLessThanOrEqual(11);
  });

  it('seeking back to any moment shows the state a straight run had then', () => {
    for (const timeMs of [0, 1, 999, 1000, 2345, 5000, 7777, 9999, 3]) {
      full.history.seek(timeMs);
      expect(full.history.viewMs).toBe(timeMs);
      expect(stateOf(full), `at ${timeMs} ms`).toBe(stateOf(straightRunTo(timeMs)));
    }
  });

  it('seeking does not re-record: the trace is unchanged and playing forward reaches the same head', () => {
    const before = JSON.stringify(full.history.trace.slice());
    full.history.seek(1234);
    full.history.advanceTo(10_000);
    expect(JSON.stringify(full.history.trace.slice())).toBe(before);
    expect(stateOf(full)).toBe(stateOf(straightRunTo(10_000)));
  });

  it('stepping moves to the next event time', () => {
    full.history.seek(3000);
    const next = full.simulation.nextEventTimeMs()!;
    full.history.stepToNextEvent();
    expect(full.history.viewMs).toBe(next);
    expect(full.simulation.nextEventTimeMs()!).toBeGreaterThan(next);
  });

  it('acting in the past forks the run: the old future is discarded and the new branch equals a fresh run', () => {
    const run = straightRunTo(10_000);
    run.history.seek(4000);
    run.history.apply({ type: 'crash', node: 'n2' });
    expect(run.history.headMs).toBe(4000);
    expect(run.history.trace.slice().every((event) => event.timeMs <= 4000)).toBe(true);
    expect(run.history.commands.every((command) => command.timeMs <= 4000)).toBe(true);
    run.history.advanceTo(8000);

    const fresh = straightRunTo(4000);
    fresh.history.apply({ type: 'crash', node: 'n2' });
    fresh.history.advanceTo(8000);
    expect(JSON.stringify(run.history.trace.slice())).toBe(JSON.stringify(fresh.history.trace.slice()));
    expect(stateOf(run)).toBe(stateOf(fresh));
  });

  it('an event budget stops only between distinct times and resumes to the same state', () => {
    const sliced = createRaftRun(config);
    let slices = 0;
    while (!sliced.history.advanceTo(3000, 7)) slices++;
    expect(slices).toBeGreaterThan(10);
    const whole = createRaftRun(config);
    whole.history.advanceTo(3000);
    expect(JSON.stringify(sliced.history.trace.slice())).toBe(JSON.stringify(whole.history.trace.slice()));
  });
});
