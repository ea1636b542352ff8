// Happens-before: relations with proofs, causal sets, Lamport's blind spots, and properties over thousands of random executions.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExecutionBuilder } from './execution.ts';
import { computeClocks, type ClockAnalysis, type StampedEvent } from './logical.ts';
import {
  causalSets,
  happensBefore,
  lamportMisleadingPairs,
  lamportTotalOrder,
  reachabilityMatrix,
  relationOf,
  vectorHappensBefore,
  vectorLessOrEqual,
} from './causality.ts';
import { checkClockCondition, checkStrictPartialOrder, checkVectorsMatchReachability } from './checkers.ts';
import { generateExecution } from './random.ts';

const vectorAt = (analysis: ClockAnalysis, eventIndex: number) => (analysis.events[eventIndex] as StampedEvent).vector;

/** p1: a, send m1; p2: b, receive m1, c; p3: d (alone, concurrent with everything). */
function small(): ClockAnalysis {
  const builder = new ExecutionBuilder(['p1', 'p2', 'p3']);
  builder.local('p1', 'a', 'a');
  builder.send('p1', 'p2', 'm1', 'send m1', 's');
  builder.local('p2', 'b', 'b');
  builder.receive('p2', 'm1', 'recv m1', 'r');
  builder.local('p2', 'c', 'c');
  builder.local('p3', 'd', 'd');
  return computeClocks(builder.build());
}

describe('the relation of two events, with the comparison that proves it', () => {
  it('a → c: every component ≤ and one strictly smaller', () => {
    const explanation = relationOf(small(), 'a', 'c');
    expect(explanation.relation).toBe('before');
    expect(explanation.statement).toBe('a → c');
    expect(explanation.components.map((entry) => entry.sign)).toEqual(['<', '<', '=']);
    expect(explanation.proof).toContain('V(a) = [1, 0, 0], V(c) = [2, 3, 0]');
  });

  it('reversed arguments give "after" and state the arrow the right way round', () => {
    const explanation = relationOf(small(), 'c', 'a');
    expect(explanation.relation).toBe('after');
    expect(explanation.statement).toBe('a → c');
  });

  it('a ∥ b: a component each way', () => {
    const explanation = relationOf(small(), 'a', 'b');
    expect(explanation.relation).toBe('concurrent');
    expect(explanation.statement).toBe('a ∥ b');
    expect(explanation.proof).toContain('p1: 1 > 0 but p2: 0 < 1');
  });

  it('an event with itself is the same event, not before itself', () => {
    expect(relationOf(small(), 'a', 'a').relation).toBe('same');
    expect(happensBefore(small(), 'a', 'a')).toBe(false);
  });
});

describe('causal past, future and concurrent set of an event', () => {
  it('splits the other events into the three sets', () => {
    const sets = causalSets(small(), 'r');
    expect([...sets.past].sort()).toEqual(['a', 'b', 's']);
    expect(sets.future).toEqual(['c']);
    expect(sets.concurrent).toEqual(['d']);
  });
});

describe("Lamport's limitation: L(a) < L(b) does not mean a → b", () => {
  it('lists the concurrent pairs that Lamport time seems to order', () => {
    const analysis = small();
    const pairs = lamportMisleadingPairs(analysis);
    // d (L = 1) is concurrent with everything; s (L = 2) and b (L = 1)… only pairs with strictly smaller L count.
    expect(pairs).toContainEqual({ earlier: 'd', later: 's', lamportEarlier: 1, lamportLater: 2 });
    expect(pairs).toContainEqual({ earlier: 'b', later: 's', lamportEarlier: 1, lamportLater: 2 });
    for (const pair of pairs) expect(relationOf(analysis, pair.earlier, pair.later).relation).toBe('concurrent');
    expect(lamportMisleadingPairs(analysis, 2)).toHaveLength(2);
  });

  it('the total order by (Lamport time, process) extends happens-before and invents the rest', () => {
    const analysis = small();
    const order = lamportTotalOrder(analysis);
    expect(order.map((entry) => entry.eventId)).toEqual(['a', 'b', 'd', 's', 'r', 'c']);
    const position = new Map(order.map((entry, index) => [entry.eventId, index]));
    for (const first of analysis.events) {
      for (const second of analysis.events) {
        if (happensBefore(analysis, first.event.id, second.event.id)) {
          expect(position.get(first.event.id)).toBeLessThan(position.get(second.event.id) as number);
        }
      }
    }
    expect(order.map((entry) => entry.orderAfterPrevious)).toEqual([null, 'invented', 'invented', 'invented', 'causal', 'causal']);
  });
});

// 2000 executions of up to 8 processes and 30 events: seeds come from fast-check, which prints the
// failing seed and the shrunk case; the generator seed is part of the case.
const randomExecutionCase = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  processCount: fc.integer({ min: 2, max: 8 }),
  eventCount: fc.integer({ min: 0, max: 30 }),
});
const propertySeed = 20_241_105;

describe('happens-before over thousands of random executions', () => {
  it('is a strict partial order (irreflexive, transitive) and vector comparison equals graph reachability', () => {
    fc.assert(
      fc.property(randomExecutionCase, (parameters) => {
        const analysis = computeClocks(generateExecution(parameters));
        const reachable = reachabilityMatrix(analysis);
        const violations = [
          ...checkStrictPartialOrder(analysis, reachable),
          ...checkStrictPartialOrder(analysis, (first, second) =>
            vectorHappensBefore(vectorAt(analysis, first), vectorAt(analysis, second))),
          ...checkVectorsMatchReachability(analysis),
          ...checkClockCondition(analysis),
        ];
        if (violations.length > 0) {
          throw new Error(`generator ${JSON.stringify(parameters)}: ${violations.slice(0, 3).map((violation) => violation.explanation).join(' | ')}`);
        }
        // The O(1) own-entry shortcut used for causal sets agrees with the full comparison.
        for (const stamp of analysis.events) {
          const sets = causalSets(analysis, stamp.event.id);
          const agrees =
            sets.past.every((past) => reachable(analysis.index.eventIndex.get(past) as number, stamp.index)) &&
            sets.future.every((future) => reachable(stamp.index, analysis.index.eventIndex.get(future) as number)) &&
            sets.concurrent.every((other) => {
              const otherIndex = analysis.index.eventIndex.get(other) as number;
              return !reachable(otherIndex, stamp.index) && !reachable(stamp.index, otherIndex);
            }) &&
            sets.past.length + sets.future.length + sets.concurrent.length === analysis.events.length - 1;
          if (!agrees) throw new Error(`generator ${JSON.stringify(parameters)}: causal sets of ${stamp.event.id} disagree with reachability`);
        }
      }),
      { seed: propertySeed, numRuns: 2000 },
    );
  });

  it('catches a planted bug: a comparison that treats equal vectors as "before"', () => {
    // vectorLessOrEqual forgets the "and not equal" half of Mattern's definition.
    const result = fc.check(
      fc.property(randomExecutionCase, (parameters) => {
        const analysis = computeClocks(generateExecution(parameters));
        return checkVectorsMatchReachability(analysis, vectorLessOrEqual).length === 0;
      }),
      { seed: propertySeed, numRuns: 200 },
    );
    expect(result.failed).toBe(true);
    const analysis = computeClocks(generateExecution({ seed: 1, processCount: 3, eventCount: 6 }));
    const buggy = checkStrictPartialOrder(analysis, (first, second) =>
      vectorLessOrEqual(vectorAt(analysis, first), vectorAt(analysis, second)));
    expect(buggy.some((violation) => violation.rule === 'irreflexive')).toBe(true);
  });

  it('catches a planted bug: Lamport clocks that ignore the received timestamp', () => {
    const analysis = computeClocks(generateExecution({ seed: 7, processCount: 3, eventCount: 20 }));
    // Recount Lamport times as if receives were local events: the clock condition must break somewhere.
    const counters = new Map<string, number>();
    const broken: ClockAnalysis = {
      ...analysis,
      events: analysis.events.map((stamp) => {
        const lamport = (counters.get(stamp.event.process) ?? 0) + 1;
        counters.set(stamp.event.process, lamport);
        return { ...stamp, lamport };
      }),
    };
    expect(checkClockCondition(analysis)).toEqual([]);
    expect(checkClockCondition(broken).length).toBeGreaterThan(0);
  });
});
