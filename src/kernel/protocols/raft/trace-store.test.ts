// The columnar trace store gives back exactly the events the simulation emitted, of every kind.

import { describe, expect, it } from 'vitest';
import { createRaftRun } from './run.ts';
import { defaultRaftConfig } from './simulation.ts';
import { randomFaultSchedule } from './fault-schedule.ts';
import type { RaftTraceEvent } from './trace.ts';
import { RaftTraceStore } from './trace-store.ts';

describe('RaftTraceStore', () => {
  it('decodes every event of a faulty run to what was emitted, and truncates cleanly', () => {
    const run = createRaftRun(defaultRaftConfig({ seed: 5, nodeCount: 7, lossPercent: 10, duplicationPercent: 5 }));
    const emitted: RaftTraceEvent[] = [];
    run.simulation.addObserver((event) => emitted.push(event));
    for (const { atMs, command } of randomFaultSchedule(5, { nodeCount: 7, durationMs: 8000, meanGapMs: 200 })) {
      run.history.advanceTo(atMs);
      run.history.apply(command);
    }
    run.history.advanceTo(9000);
    const stored = run.history.trace.slice();
    expect(stored.length).toBeGreaterThan(2000);
    expect(new Set(stored.map((event) => event.kind))).toEqual(
      new Set(['send', 'deliver', 'drop', 'timer', 'role', 'term', 'vote', 'log', 'commit', 'client', 'action']),
    );
    expect(JSON.parse(JSON.stringify(stored))).toEqual(JSON.parse(JSON.stringify(emitted)));

    const store = new RaftTraceStore();
    for (const event of emitted) store.push(event);
    store.truncate(1000);
    expect(store.length).toBe(1000);
    const last = emitted[emitted.length - 1]!;
    store.push(last);
    expect(store.get(1000)).toEqual(JSON.parse(JSON.stringify(last)));
    expect(() => store.get(1001)).toThrow(RangeError);
  });
});
