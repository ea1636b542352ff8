// Happens-before and what follows from it: relations with their proof, causal past and future, Lamport's blind spots, the total order.

import { successorsOf, type EventId, type ProcessId } from './execution.ts';
import { formatVector, stampOf, type ClockAnalysis, type StampedEvent } from './logical.ts';

/** `before`: first → second; `after`: second → first; `concurrent`: neither; `same`: one event. */
export type Relation = 'before' | 'after' | 'concurrent' | 'same';

export interface ComponentComparison {
  readonly process: ProcessId;
  readonly first: number;
  readonly second: number;
  readonly sign: '<' | '=' | '>';
}

export interface RelationExplanation {
  readonly first: EventId;
  readonly second: EventId;
  readonly relation: Relation;
  /** The relation written as in the literature: "a → b", "b → a", "a ∥ b". */
  readonly statement: string;
  readonly components: readonly ComponentComparison[];
  /** The componentwise argument, in words. */
  readonly proof: string;
}

/** V(a) ≤ V(b) in every component. */
export function vectorLessOrEqual(first: readonly number[], second: readonly number[]): boolean {
  for (let position = 0; position < first.length; position++) {
    if ((first[position] as number) > (second[position] ?? 0)) return false;
  }
  return true;
}

/** Mattern/Fidge: a → b iff V(a) ≤ V(b) and V(a) ≠ V(b). */
export function vectorHappensBefore(first: readonly number[], second: readonly number[]): boolean {
  if (!vectorLessOrEqual(first, second)) return false;
  for (let position = 0; position < first.length; position++) {
    if ((first[position] as number) !== (second[position] ?? 0)) return true;
  }
  return false;
}

export function happensBefore(analysis: ClockAnalysis, first: EventId, second: EventId): boolean {
  return vectorHappensBefore(stampOf(analysis, first).vector, stampOf(analysis, second).vector);
}

export function isConcurrent(analysis: ClockAnalysis, first: EventId, second: EventId): boolean {
  return first !== second && !happensBefore(analysis, first, second) && !happensBefore(analysis, second, first);
}

export function relationOf(analysis: ClockAnalysis, first: EventId, second: EventId): RelationExplanation {
  const firstStamp = stampOf(analysis, first);
  const secondStamp = stampOf(analysis, second);
  const components: ComponentComparison[] = analysis.processes.map((process, position) => {
    const firstValue = firstStamp.vector[position] as number;
    const secondValue = secondStamp.vector[position] as number;
    return { process, first: firstValue, second: secondValue, sign: firstValue < secondValue ? '<' : firstValue > secondValue ? '>' : '=' };
  });
  const listed = components.map((entry) => `${entry.process}: ${entry.first} ${entry.sign} ${entry.second}`).join(', ');
  const vectors = `V(${first}) = ${formatVector(firstStamp.vector)}, V(${second}) = ${formatVector(secondStamp.vector)}`;
  if (first === second) {
    return { first, second, relation: 'same', statement: `${first} = ${second}`, components, proof: `${vectors}: the same event.` };
  }
  const less = components.filter((entry) => entry.sign === '<');
  const greater = components.filter((entry) => entry.sign === '>');
  if (greater.length === 0 && less.length > 0) {
    return {
      first,
      second,
      relation: 'before',
      statement: `${first} → ${second}`,
      components,
      proof: `${vectors}. Every component of V(${first}) is ≤ the one of V(${second}) (${listed}) and ${less[0]?.process} is strictly smaller, so ${first} → ${second}.`,
    };
  }
  if (less.length === 0 && greater.length > 0) {
    return {
      first,
      second,
      relation: 'after',
      statement: `${second} → ${first}`,
      components,
      proof: `${vectors}. Every component of V(${second}) is ≤ the one of V(${first}) (${listed}) and ${greater[0]?.process} is strictly smaller, so ${second} → ${first}.`,
    };
  }
  const smaller = less[0] as ComponentComparison;
  const larger = greater[0] as ComponentComparison;
  return {
    first,
    second,
    relation: 'concurrent',
    statement: `${first} ∥ ${second}`,
    components,
    proof: `${vectors}. ${larger.process}: ${larger.first} > ${larger.second} but ${smaller.process}: ${smaller.first} < ${smaller.second}, so neither vector is ≤ the other: ${first} ∥ ${second} (${listed}).`,
  };
}

export interface CausalSets {
  /** Events that happen before the event. */
  readonly past: readonly EventId[];
  /** Events the event happens before. */
  readonly future: readonly EventId[];
  /** Events neither before nor after it. */
  readonly concurrent: readonly EventId[];
}

/** O(events × processes): the own-entry shortcut a → b iff V(a)[p(a)] ≤ V(b)[p(a)] for distinct events. */
export function causalSets(analysis: ClockAnalysis, eventId: EventId): CausalSets {
  const selected = stampOf(analysis, eventId);
  const past: EventId[] = [];
  const future: EventId[] = [];
  const concurrent: EventId[] = [];
  for (const other of analysis.events) {
    if (other.index === selected.index) continue;
    if (ownEntryHappensBefore(other, selected)) past.push(other.event.id);
    else if (ownEntryHappensBefore(selected, other)) future.push(other.event.id);
    else concurrent.push(other.event.id);
  }
  return { past, future, concurrent };
}

/** For distinct events: a → b iff b has seen a's own tick. Equivalent to the full comparison, but O(1). */
function ownEntryHappensBefore(first: StampedEvent, second: StampedEvent): boolean {
  return (first.vector[first.processIndex] as number) <= (second.vector[first.processIndex] as number);
}

/**
 * Reference happens-before by graph reachability (Lamport's definition: the smallest relation
 * containing process order and send → receive, closed under transitivity). Quadratic memory; meant
 * for checking the vector clocks, not for the UI.
 */
export function reachabilityMatrix(analysis: ClockAnalysis): (first: number, second: number) => boolean {
  const count = analysis.events.length;
  const successors = successorsOf(analysis.execution, analysis.index);
  const reachable = new Uint8Array(count * count);
  for (let start = 0; start < count; start++) {
    const stack = [...(successors[start] as number[])];
    while (stack.length > 0) {
      const current = stack.pop() as number;
      if (reachable[start * count + current]) continue;
      reachable[start * count + current] = 1;
      for (const next of successors[current] as number[]) stack.push(next);
    }
  }
  return (first, second) => reachable[first * count + second] === 1;
}

export interface LamportMisleadingPair {
  readonly earlier: EventId;
  readonly later: EventId;
  readonly lamportEarlier: number;
  readonly lamportLater: number;
}

/**
 * Pairs with L(a) < L(b) that are nevertheless concurrent: the clock condition only says
 * a → b ⇒ L(a) < L(b), never the converse. Stops after `limit` pairs because large logs have millions.
 */
export function lamportMisleadingPairs(analysis: ClockAnalysis, limit = Number.POSITIVE_INFINITY): LamportMisleadingPair[] {
  const byLamport = [...analysis.events].sort((first, second) => first.lamport - second.lamport || first.index - second.index);
  const pairs: LamportMisleadingPair[] = [];
  for (let earlierPosition = 0; earlierPosition < byLamport.length; earlierPosition++) {
    const earlier = byLamport[earlierPosition] as StampedEvent;
    for (let laterPosition = earlierPosition + 1; laterPosition < byLamport.length; laterPosition++) {
      const later = byLamport[laterPosition] as StampedEvent;
      if (later.lamport === earlier.lamport) continue;
      if (ownEntryHappensBefore(earlier, later)) continue;
      pairs.push({ earlier: earlier.event.id, later: later.event.id, lamportEarlier: earlier.lamport, lamportLater: later.lamport });
      if (pairs.length >= limit) return pairs;
    }
  }
  return pairs;
}

export interface TotalOrderEntry {
  readonly eventId: EventId;
  readonly lamport: number;
  readonly process: ProcessId;
  readonly processIndex: number;
  /**
   * How this entry relates to the one before it: `causal` when the previous event happens before
   * it, `invented` when they are concurrent and only the (Lamport, process) rule orders them.
   */
  readonly orderAfterPrevious: 'causal' | 'invented' | null;
}

/**
 * Lamport's total order ⇒: by Lamport time, ties broken by process order. It extends
 * happens-before, and orders concurrent events arbitrarily ("invented").
 */
export function lamportTotalOrder(analysis: ClockAnalysis): TotalOrderEntry[] {
  const sorted = [...analysis.events].sort((first, second) => first.lamport - second.lamport || first.processIndex - second.processIndex);
  return sorted.map((stamp, position) => {
    const previous = position > 0 ? (sorted[position - 1] as StampedEvent) : undefined;
    return {
      eventId: stamp.event.id,
      lamport: stamp.lamport,
      process: stamp.event.process,
      processIndex: stamp.processIndex,
      orderAfterPrevious: previous === undefined ? null : ownEntryHappensBefore(previous, stamp) ? 'causal' : 'invented',
    };
  });
}
