// Physical clocks under skew: last-write-wins losing data, hybrid logical clocks, TrueTime and commit wait.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExecutionBuilder } from './execution.ts';
import { computeClocks, stampOf, type ClockAnalysis } from './logical.ts';
import { reachabilityMatrix } from './causality.ts';
import { generateExecution } from './random.ts';
import {
  checkTrueTimes,
  lastWriteWinsDemo,
  readPhysicalClock,
  resolveWrites,
  scheduleTrueTimes,
  stampPhysicalTimes,
  type PhysicalClock,
} from './physical.ts';
import { compareHybrid, stampHybridClocks } from './hybrid.ts';
import {
  commitWait,
  commitWaitLatencies,
  externalConsistencyDemo,
  stampTrueTimeIntervals,
  trueTimeAfter,
  trueTimeNow,
} from './truetime.ts';

describe('physical clocks', () => {
  it('read true time plus offset plus drift, in whole milliseconds', () => {
    expect(readPhysicalClock({ offsetMs: 5, driftPpm: 0 }, 1000)).toBe(1005);
    expect(readPhysicalClock({ offsetMs: 0, driftPpm: 200 }, 10_000)).toBe(10_002);
    expect(readPhysicalClock({ offsetMs: -3, driftPpm: -100 }, 20_000)).toBe(19_995);
  });

  it('the schedule of true times respects process order and message latency', () => {
    const analysis = computeClocks(generateExecution({ seed: 9, processCount: 4, eventCount: 30 }));
    const times = scheduleTrueTimes(analysis, { stepMs: 3, latencyMs: 7 });
    expect(checkTrueTimes(analysis, times)).toEqual([]);
    const bad = { ...times, [analysis.events[0]?.event.id as string]: 10_000 };
    expect(checkTrueTimes(analysis, bad).length).toBeGreaterThan(0);
  });
});

describe('last write wins under clock skew (DDIA ch. 8, figure 8-3)', () => {
  it('silently drops the causally later increment, while vector clocks keep it', () => {
    const demo = lastWriteWinsDemo();
    const [first, second] = demo.writes;
    // The increment happens after the first write: node3 applied x = 1 before writing x = 2...
    expect(reachabilityMatrix(demo.analysis)(stampOf(demo.analysis, first?.eventId as string).index, stampOf(demo.analysis, second?.eventId as string).index)).toBe(true);
    // ...but node1's clock runs ahead, so the first write carries the larger physical timestamp.
    const physical = new Map(demo.physicalStamps.map((stamp) => [stamp.eventId, stamp.physicalTimeMs]));
    expect(physical.get(first?.eventId as string)).toBeGreaterThan(physical.get(second?.eventId as string) as number);
    expect(demo.resolution.lastWriteWins.winner.value).toBe('1');
    expect(demo.resolution.lostCausallyLaterWrites.map((write) => write.value)).toEqual(['2']);
    expect(demo.resolution.vectorClocks.survivors.map((write) => write.value)).toEqual(['2']);
    expect(demo.resolution.vectorClocks.conflict).toBe(false);
    expect(demo.resolution.explanation).toMatch(/silently drops x = 2/);
  });

  it('loses nothing when the clocks agree', () => {
    const demo = lastWriteWinsDemo({ skewMs: 0 });
    expect(demo.resolution.lastWriteWins.winner.value).toBe('2');
    expect(demo.resolution.lostCausallyLaterWrites).toEqual([]);
  });

  it('vector clocks detect truly concurrent writes as a conflict, where LWW just picks one', () => {
    const builder = new ExecutionBuilder(['a', 'b', 'replica']);
    const writeA = builder.local('a', 'set x = A');
    builder.send('a', 'replica', 'm1');
    const writeB = builder.local('b', 'set x = B');
    builder.send('b', 'replica', 'm2');
    builder.receive('replica', 'm1');
    builder.receive('replica', 'm2');
    const analysis = computeClocks(builder.build());
    const stamps = stampPhysicalTimes(analysis, scheduleTrueTimes(analysis), {});
    const [resolution] = resolveWrites(analysis, stamps, [
      { eventId: writeA, key: 'x', value: 'A' },
      { eventId: writeB, key: 'x', value: 'B' },
    ]);
    expect(resolution?.vectorClocks.conflict).toBe(true);
    expect(resolution?.vectorClocks.survivors).toHaveLength(2);
    expect(resolution?.lastWriteWins.dropped).toHaveLength(1);
    expect(resolution?.lostCausallyLaterWrites).toEqual([]);
  });
});

/** Random execution, schedule and per-process clocks with offsets in [0, maxSkewMs]. */
function skewedRun(seed: number, maxSkewMs: number, driftPpmMax: number) {
  const analysis = computeClocks(generateExecution({ seed, processCount: 2 + (seed % 5), eventCount: 25 }));
  const trueTimes = scheduleTrueTimes(analysis, { stepMs: 1 + (seed % 4), latencyMs: 1 + (seed % 6), startMs: 1000 });
  const clocks: Record<string, PhysicalClock> = {};
  analysis.processes.forEach((process, position) => {
    clocks[process] = { offsetMs: (seed * 7 + position * 13) % (maxSkewMs + 1), driftPpm: driftPpmMax === 0 ? 0 : ((seed + position * 31) % (2 * driftPpmMax + 1)) - driftPpmMax };
  });
  return { analysis, trueTimes, clocks, physical: stampPhysicalTimes(analysis, trueTimes, clocks) };
}

function hybridRespectsCausality(analysis: ClockAnalysis, hybrid: ReturnType<typeof stampHybridClocks>): boolean {
  const reachable = reachabilityMatrix(analysis);
  for (const first of analysis.events) {
    for (const second of analysis.events) {
      if (reachable(first.index, second.index) && compareHybrid(hybrid[first.index] as never, hybrid[second.index] as never) >= 0) return false;
    }
  }
  return true;
}

describe('hybrid logical clocks (Kulkarni et al. 2014)', () => {
  it('e → f implies hlc(e) < hlc(f), and l stays within the clock skew ε of physical time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 50 }), (seed, maxSkewMs) => {
        const { analysis, physical } = skewedRun(seed, maxSkewMs, 0);
        const hybrid = stampHybridClocks(analysis, physical);
        const reachable = reachabilityMatrix(analysis);
        for (const stamp of analysis.events) {
          const hlc = hybrid[stamp.index];
          const pt = physical[stamp.index]?.physicalTimeMs as number;
          // Theorem: l.e ≥ pt.e, and l.e is the largest pt in e's causal past (itself included),
          // hence l.e − pt.e ≤ ε, the largest difference between two clocks.
          const pastPhysical = analysis.events
            .filter((other) => other.index === stamp.index || reachable(other.index, stamp.index))
            .map((other) => physical[other.index]?.physicalTimeMs as number);
          if (hlc?.l !== Math.max(...pastPhysical)) return false;
          if ((hlc?.l as number) < pt || (hlc?.l as number) - pt > maxSkewMs) return false;
          // c counts events at the same l, so it can never exceed the causal past's size.
          if ((hlc?.c as number) >= pastPhysical.length) return false;
        }
        return hybridRespectsCausality(analysis, hybrid);
      }),
      { seed: 8_101, numRuns: 200 },
    );
  });

  it('respects causality even with drifting clocks, where physical timestamps alone do not', () => {
    let physicalViolations = 0;
    for (let seed = 0; seed < 100; seed++) {
      const { analysis, physical } = skewedRun(seed, 40, 200);
      expect(hybridRespectsCausality(analysis, stampHybridClocks(analysis, physical)), `seed ${seed}`).toBe(true);
      const reachable = reachabilityMatrix(analysis);
      for (const first of analysis.events) {
        for (const second of analysis.events) {
          if (reachable(first.index, second.index) && (physical[first.index]?.physicalTimeMs as number) >= (physical[second.index]?.physicalTimeMs as number)) physicalViolations++;
        }
      }
    }
    // The point of the lesson: skewed physical time does contradict causality in these runs.
    expect(physicalViolations).toBeGreaterThan(0);
  });

  it('applies the receive rule of the paper and explains it', () => {
    const builder = new ExecutionBuilder(['p1', 'p2']);
    builder.send('p1', 'p2', 'm1');
    builder.receive('p2', 'm1');
    const analysis = computeClocks(builder.build());
    const trueTimes = { 'p1:1': 10, 'p2:1': 12 };
    // p1 is 20 ms ahead: the receive's l comes from the message, c = c_m + 1.
    const physical = stampPhysicalTimes(analysis, trueTimes, { p1: { offsetMs: 20, driftPpm: 0 } });
    const [send, receive] = stampHybridClocks(analysis, physical);
    expect([send?.l, send?.c]).toEqual([30, 0]);
    expect([receive?.l, receive?.c]).toEqual([30, 1]);
    expect(receive?.explanation).toBe('l = max(local (0, 0), m1 (30, 0), pt 12) = 30; l did not move past an input with the same l, so c = 0 + 1 → (30, 1)');
  });
});

describe('TrueTime and commit wait (Spanner §3, §4.1.2)', () => {
  it('TT.now() is [reading − ε, reading + ε] and TT.after(t) means t has definitely passed', () => {
    expect(trueTimeNow(100, 7)).toEqual({ earliestMs: 93, latestMs: 107 });
    expect(trueTimeAfter(92, trueTimeNow(100, 7))).toBe(true);
    expect(trueTimeAfter(93, trueTimeNow(100, 7))).toBe(false);
  });

  it('commit wait costs about 2ε, growing linearly with ε', () => {
    expect(commitWaitLatencies([0, 1, 4, 7, 10])).toEqual([
      { epsilonMs: 0, addedLatencyMs: 1 },
      { epsilonMs: 1, addedLatencyMs: 3 },
      { epsilonMs: 4, addedLatencyMs: 9 },
      { epsilonMs: 7, addedLatencyMs: 15 },
      { epsilonMs: 10, addedLatencyMs: 21 },
    ]);
    const wait = commitWait({ commitStartTrueTimeMs: 100, epsilonMs: 5, offsetMs: -3 });
    expect(wait.commitTimestampMs).toBe(102);
    expect(wait.addedLatencyMs).toBe(11);
    // Once visible, s has passed in absolute time, so any honest server (|offset| ≤ ε) that starts
    // a transaction now reads TT.now().latest > s and picks a larger timestamp.
    expect(wait.visibleAtTrueTimeMs).toBeGreaterThan(wait.commitTimestampMs);
    for (let offsetMs = -5; offsetMs <= 5; offsetMs++) {
      expect(trueTimeNow(wait.visibleAtTrueTimeMs + offsetMs, 5).latestMs).toBeGreaterThan(wait.commitTimestampMs);
    }
  });

  it('without commit wait, a transaction that starts later can get a smaller timestamp; with it, never', () => {
    expect(externalConsistencyDemo({ epsilonMs: 5, commitWait: false }).externallyConsistent).toBe(false);
    for (let epsilonMs = 0; epsilonMs <= 20; epsilonMs++) {
      expect(externalConsistencyDemo({ epsilonMs, commitWait: true }).externallyConsistent).toBe(true);
    }
    // For any clock errors within ε on the two servers, not just the extreme ones of the demo.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 100 }), (epsilonMs, firstPermille, secondPermille) => {
        const firstOffsetMs = Math.trunc((epsilonMs * firstPermille) / 100);
        const secondOffsetMs = Math.trunc((epsilonMs * secondPermille) / 100);
        const first = commitWait({ commitStartTrueTimeMs: 1000, epsilonMs, offsetMs: firstOffsetMs });
        const secondTimestampMs = trueTimeNow(first.visibleAtTrueTimeMs + secondOffsetMs, epsilonMs).latestMs;
        return first.commitTimestampMs < secondTimestampMs;
      }),
      { seed: 4_102, numRuns: 500 },
    );
  });

  it('marks events whose interval misses true time when the skew exceeds ε', () => {
    const analysis = computeClocks(generateExecution({ seed: 2, processCount: 3, eventCount: 10 }));
    const trueTimes = scheduleTrueTimes(analysis);
    const honest = stampTrueTimeIntervals(analysis, trueTimes, { p1: { offsetMs: 4, driftPpm: 0 } }, 5);
    expect(honest.every((stamp) => stamp.containsTrueTime)).toBe(true);
    const dishonest = stampTrueTimeIntervals(analysis, trueTimes, { p1: { offsetMs: 9, driftPpm: 0 } }, 5);
    expect(dishonest.filter((stamp) => !stamp.containsTrueTime).map((stamp) => stamp.eventId.split(':')[0])).toContain('p1');
  });
});
