// Checkers kept apart from the types they check: the semilattice laws a state-based merge must
// obey (commutative, associative, idempotent), monotonicity (updates and merges only go up the
// lattice), and convergence (replicas that delivered the same updates hold equal states).
// Each returns what it found in words, so tests, the runner and the page can show it.

import type { AnyStateBasedType, ReplicaId, StateBasedType } from './types.ts';

export type LawName = 'commutative' | 'associative' | 'idempotent' | 'monotonic-update' | 'monotonic-merge' | 'least-upper-bound';

export interface LawViolation {
  readonly law: LawName;
  readonly explanation: string;
}

function show(type: AnyStateBasedType, state: unknown): string {
  return JSON.stringify(type.value(state));
}

/** merge(a, b) = merge(b, a), merge(a, a) = a, and merge(a, b) is an upper bound of both (§2.2). */
export function checkMergePair<State>(type: StateBasedType<State>, a: State, b: State): LawViolation[] {
  const erased = type as unknown as AnyStateBasedType;
  const found: LawViolation[] = [];
  const ab = type.merge(a, b);
  const ba = type.merge(b, a);
  if (!type.equal(ab, ba)) found.push({ law: 'commutative', explanation: `merge(a, b) = ${show(erased, ab)} but merge(b, a) = ${show(erased, ba)}` });
  const aa = type.merge(a, a);
  if (!type.equal(aa, a)) found.push({ law: 'idempotent', explanation: `merge(a, a) = ${show(erased, aa)} differs from a = ${show(erased, a)}` });
  if (!type.compare(a, ab) || !type.compare(b, ab)) {
    found.push({ law: 'monotonic-merge', explanation: `merge(a, b) = ${show(erased, ab)} is not above both a = ${show(erased, a)} and b = ${show(erased, b)}: merging lost something` });
  }
  return found;
}

/** merge(merge(a, b), c) = merge(a, merge(b, c)). */
export function checkAssociative<State>(type: StateBasedType<State>, a: State, b: State, c: State): LawViolation[] {
  const left = type.merge(type.merge(a, b), c);
  const right = type.merge(a, type.merge(b, c));
  if (type.equal(left, right)) return [];
  const erased = type as unknown as AnyStateBasedType;
  return [{ law: 'associative', explanation: `merge(merge(a, b), c) = ${show(erased, left)} but merge(a, merge(b, c)) = ${show(erased, right)}` }];
}

/** The least upper bound: when b ≤ a already, merging b into a changes nothing. */
export function checkLeastUpperBound<State>(type: StateBasedType<State>, a: State, b: State): LawViolation[] {
  if (!type.compare(b, a)) return [];
  const merged = type.merge(a, b);
  if (type.equal(merged, a)) return [];
  return [{ law: 'least-upper-bound', explanation: `b ≤ a yet merge(a, b) = ${show(type as unknown as AnyStateBasedType, merged)} differs from a` }];
}

/** An update is an inflation: s ≤ update(s) (§2.2, "monotonic semilattice object"). */
export function checkMonotonicUpdate<State>(type: StateBasedType<State>, before: State, after: State, what: string): LawViolation[] {
  if (type.compare(before, after)) return [];
  const erased = type as unknown as AnyStateBasedType;
  return [{ law: 'monotonic-update', explanation: `${what} took the state down the lattice: ${show(erased, before)} → ${show(erased, after)} (before ≰ after)` }];
}

export interface ReplicaObservation {
  readonly id: ReplicaId;
  readonly state: unknown;
  /**
   * Which updates this state includes, as a canonical description (a version vector printed, or
   * the sorted ids of the operations delivered): the god's-eye view, compared as text.
   */
  readonly delivered: string;
  readonly alive: boolean;
}

export interface ConvergenceViolation {
  readonly replicas: readonly [ReplicaId, ReplicaId];
  readonly explanation: string;
}

/**
 * Strong convergence (§2.1, Definition 2.3): any two replicas that have delivered the same
 * updates hold equal states, whatever the order and number of deliveries.
 */
export function checkConvergence(equal: (a: unknown, b: unknown) => boolean, value: (state: unknown) => unknown, replicas: readonly ReplicaObservation[]): ConvergenceViolation[] {
  const found: ConvergenceViolation[] = [];
  for (let i = 0; i < replicas.length; i++) {
    for (let j = i + 1; j < replicas.length; j++) {
      const a = replicas[i]!;
      const b = replicas[j]!;
      if (a.delivered !== b.delivered || equal(a.state, b.state)) continue;
      found.push({
        replicas: [a.id, b.id],
        explanation: `${a.id} and ${b.id} delivered the same updates ${a.delivered} yet hold ${JSON.stringify(value(a.state))} and ${JSON.stringify(value(b.state))}`,
      });
    }
  }
  return found;
}

/** Every pair of alive replicas holds equal state (what `expect converged` asks). */
export function allAliveEqual(equal: (a: unknown, b: unknown) => boolean, replicas: readonly { readonly state: unknown; readonly alive: boolean }[]): boolean {
  const alive = replicas.filter((replica) => replica.alive);
  return alive.every((replica) => equal(replica.state, alive[0]!.state));
}
