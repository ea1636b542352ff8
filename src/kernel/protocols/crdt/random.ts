// Random histories for property tests and the bench: operations chosen by a number (so
// fast-check can shrink them), played on 2–6 replicas with one-way merges, every step checked by
// the checkers. The history is plain data: a failing one prints and replays.

import { checkAssociative, checkConvergence, checkMergePair, checkMonotonicUpdate, type ConvergenceViolation, type LawViolation } from './checkers.ts';
import { formatVector, incremented, mergeVectors } from './vector.ts';
import { replicaIdOf, type AnyStateBasedType, type CrdtOperation, type CrdtTypeName, type CrdtValue, type VersionVector } from './types.ts';

export const ELEMENTS = ['a', 'b', 'c', 'd'] as const;
const KEYS = ['k', 'l', 'm'] as const;

/** A valid-looking operation for the type, picked by `choice`; `value` sizes positions in a text. */
export function operationFor(type: CrdtTypeName, choice: number, value: CrdtValue): CrdtOperation {
  return operationForLength(type, choice, typeof value === 'string' ? value.length : 0);
}

/**
 * The same, given the text's length (the bench reads it from the state instead of building the
 * text); `elementCount` widens the sets' element universe past `ELEMENTS` (names e0, e1, …).
 */
export function operationForLength(type: CrdtTypeName, choice: number, textLength: number, elementCount: number = ELEMENTS.length): CrdtOperation {
  const pick = Math.abs(Math.floor(choice));
  const element = (index: number) => (elementCount === ELEMENTS.length ? ELEMENTS[index % ELEMENTS.length]! : `e${index % elementCount}`);
  switch (type) {
    case 'g-counter':
      return { kind: 'inc', amount: 1 + (pick % 5) };
    case 'pn-counter':
      return pick % 2 === 0 ? { kind: 'inc', amount: 1 + ((pick >> 1) % 5) } : { kind: 'dec', amount: 1 + ((pick >> 1) % 5) };
    case 'g-set':
      return { kind: 'add', element: element(pick) };
    case '2p-set':
    case 'or-set':
    case 'rw-set':
      return { kind: pick % 3 === 0 ? 'remove' : 'add', element: element(pick >> 2) };
    case 'lww-register':
    case 'mv-register':
      return { kind: 'set', value: ELEMENTS[pick % ELEMENTS.length]! };
    case 'lww-map':
      return pick % 4 === 0 ? { kind: 'remove-key', key: KEYS[(pick >> 2) % KEYS.length]! } : { kind: 'put', key: KEYS[(pick >> 2) % KEYS.length]!, value: ELEMENTS[(pick >> 4) % ELEMENTS.length]! };
    case 'sequence': {
      const length = textLength;
      if (pick % 3 === 0 && length > 0) return { kind: 'delete', position: (pick >> 2) % length };
      return { kind: 'insert', position: (pick >> 2) % (length + 1), text: 'xyz'.slice(0, 1 + (pick % 2)) };
    }
  }
}

export type HistoryStep =
  | { readonly kind: 'update'; readonly replica: number; readonly choice: number }
  /** `to` merges `from`'s current state, as if a message carried it. */
  | { readonly kind: 'merge'; readonly from: number; readonly to: number };

export interface HistoryResult {
  readonly laws: readonly LawViolation[];
  readonly convergence: readonly ConvergenceViolation[];
  /** After every replica merged every other's final state: did all end equal? */
  readonly convergedAfterSync: boolean;
  readonly updatesApplied: number;
  readonly merges: number;
  readonly states: readonly unknown[];
}

export interface HistoryOptions {
  /** Check the laws at every merge (the property tests); off, only convergence is checked (faster). */
  readonly checkLaws: boolean;
}

/**
 * Play a history. Each replica's clock ticks 10 ms per update it makes (strictly increasing per
 * replica, with ties across replicas, so LWW tie-breaking is exercised). After the steps, every
 * replica merges everyone's final state, in replica order, so a correct type ends converged.
 */
export function playHistory(type: AnyStateBasedType, replicaCount: number, steps: readonly HistoryStep[], options: HistoryOptions = { checkLaws: true }): HistoryResult {
  const ids = Array.from({ length: replicaCount }, (_, index) => replicaIdOf(index));
  const states: unknown[] = ids.map(() => type.initial());
  const delivered: VersionVector[] = ids.map(() => ({}));
  const clocks = ids.map(() => 0);
  const laws: LawViolation[] = [];
  const convergence: ConvergenceViolation[] = [];
  let updatesApplied = 0;
  let merges = 0;
  const observe = () => ids.map((id, index) => ({ id, state: states[index], delivered: formatVector(delivered[index]!), alive: true }));
  for (const step of steps) {
    if (step.kind === 'update') {
      const index = step.replica % replicaCount;
      clocks[index]! += 10;
      const operation = operationFor(type.name, step.choice, type.value(states[index]));
      const outcome = type.update(states[index], operation, { replica: ids[index]!, clockMs: clocks[index]! });
      if (!outcome.ok) continue;
      if (options.checkLaws) laws.push(...checkMonotonicUpdate(type, states[index], outcome.state, `${operation.kind} at ${ids[index]}`));
      states[index] = outcome.state;
      delivered[index] = incremented(delivered[index]!, ids[index]!);
      updatesApplied += 1;
    } else {
      const from = step.from % replicaCount;
      const to = step.to % replicaCount;
      if (options.checkLaws) {
        laws.push(...checkMergePair(type, states[to], states[from]));
        const third = states[(to + 1) % replicaCount];
        laws.push(...checkAssociative(type, states[to], states[from], third));
      }
      states[to] = type.merge(states[to], states[from]);
      delivered[to] = mergeVectors(delivered[to]!, delivered[from]!);
      merges += 1;
    }
    convergence.push(...checkConvergence(type.equal, type.value, observe()));
    if (laws.length > 0 || convergence.length > 0) break;
  }
  // Anti-entropy to the end: everyone merges everyone, then everyone merges the last replica's state.
  const finalStates = states.slice();
  for (let to = 0; to < replicaCount; to++) for (let from = 0; from < replicaCount; from++) if (from !== to) states[to] = type.merge(states[to], finalStates[from]);
  const convergedAfterSync = states.every((state) => type.equal(state, states[0]));
  return { laws, convergence, convergedAfterSync, updatesApplied, merges, states };
}

export const ALL_TYPE_NAMES: readonly CrdtTypeName[] = ['g-counter', 'pn-counter', 'g-set', '2p-set', 'or-set', 'rw-set', 'lww-register', 'mv-register', 'lww-map', 'sequence'];
