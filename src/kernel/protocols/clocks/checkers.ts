// Invariants of the clocks model, kept apart from the code they check so a bug there cannot hide itself.

import type { EventId } from './execution.ts';
import { reachabilityMatrix, vectorHappensBefore } from './causality.ts';
import { formatVector, type ClockAnalysis, type StampedEvent } from './logical.ts';

export interface Violation {
  readonly rule: 'irreflexive' | 'transitive' | 'vector-matches-reachability' | 'clock-condition';
  readonly events: readonly EventId[];
  readonly explanation: string;
}

/**
 * Happens-before is a strict partial order: never a → a, and a → b → c implies a → c
 * (asymmetry follows from those two). `relation` works on event indices.
 */
export function checkStrictPartialOrder(
  analysis: ClockAnalysis,
  relation: (first: number, second: number) => boolean,
): Violation[] {
  const violations: Violation[] = [];
  const count = analysis.events.length;
  const id = (eventIndex: number) => (analysis.events[eventIndex] as StampedEvent).event.id;
  const after: number[][] = [];
  for (let first = 0; first < count; first++) {
    const row: number[] = [];
    for (let second = 0; second < count; second++) if (relation(first, second)) row.push(second);
    after.push(row);
    if (relation(first, first)) {
      violations.push({ rule: 'irreflexive', events: [id(first)], explanation: `${id(first)} → ${id(first)}: an event cannot happen before itself.` });
    }
  }
  for (let first = 0; first < count; first++) {
    for (const middle of after[first] as number[]) {
      for (const last of after[middle] as number[]) {
        if (!relation(first, last)) {
          violations.push({
            rule: 'transitive',
            events: [id(first), id(middle), id(last)],
            explanation: `${id(first)} → ${id(middle)} and ${id(middle)} → ${id(last)}, but not ${id(first)} → ${id(last)}.`,
          });
        }
      }
    }
  }
  return violations;
}

/**
 * Vector comparison must give exactly the reachability relation of the space-time graph, for every
 * ordered pair including an event with itself. `compare` is injectable so a test can plant a bug.
 */
export function checkVectorsMatchReachability(
  analysis: ClockAnalysis,
  compare: (first: readonly number[], second: readonly number[]) => boolean = vectorHappensBefore,
): Violation[] {
  const reachable = reachabilityMatrix(analysis);
  const violations: Violation[] = [];
  for (const first of analysis.events) {
    for (const second of analysis.events) {
      const byGraph = reachable(first.index, second.index);
      const byVector = compare(first.vector, second.vector);
      if (byGraph !== byVector) {
        violations.push({
          rule: 'vector-matches-reachability',
          events: [first.event.id, second.event.id],
          explanation: `The graph says ${first.event.id} ${byGraph ? '→' : '↛'} ${second.event.id}, but comparing ${formatVector(first.vector)} with ${formatVector(second.vector)} says ${byVector ? '→' : '↛'}.`,
        });
      }
    }
  }
  return violations;
}

/** Lamport's clock condition: a → b implies L(a) < L(b). */
export function checkClockCondition(analysis: ClockAnalysis): Violation[] {
  const reachable = reachabilityMatrix(analysis);
  const violations: Violation[] = [];
  for (const first of analysis.events) {
    for (const second of analysis.events) {
      if (reachable(first.index, second.index) && first.lamport >= second.lamport) {
        violations.push({
          rule: 'clock-condition',
          events: [first.event.id, second.event.id],
          explanation: `${first.event.id} → ${second.event.id} but L = ${first.lamport} is not below ${second.lamport}.`,
        });
      }
    }
  }
  return violations;
}
