// The event queue pops by time, then by insertion order, and its snapshots are independent.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Scheduler } from './scheduler.ts';

describe('Scheduler', () => {
  it('pops events in (time, insertion order) for any schedule', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
        const scheduler = new Scheduler<number>();
        times.forEach((time, index) => scheduler.schedule(time, index));
        const popped: number[] = [];
        for (let entry = scheduler.pop(); entry; entry = scheduler.pop()) popped.push(entry.event);
        const expected = times.map((time, index) => ({ time, index })).sort((a, b) => a.time - b.time || a.index - b.index).map((entry) => entry.index);
        expect(popped).toEqual(expected);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('restores a snapshot without sharing state with it', () => {
    const scheduler = new Scheduler<string>();
    scheduler.schedule(5, 'a');
    scheduler.schedule(1, 'b');
    const snapshot = scheduler.snapshot();
    scheduler.pop();
    scheduler.schedule(0, 'c');
    scheduler.restore(snapshot);
    expect(scheduler.pop()?.event).toBe('b');
    expect(scheduler.pop()?.event).toBe('a');
    expect(scheduler.pop()).toBeUndefined();
  });
});
