// Sets (Shapiro et al. 2011 §3.3): G-Set (Specification 11), 2P-Set (Specification 12), the
// observed-remove set with add-wins semantics (Specification 15, here in its state-based form with
// tombstones, plus the op-based form) and its remove-wins mirror (Bieniusa et al. 2012).

import { EMPTY_VECTOR, entryOf, incremented, mergeVectors, vectorLessOrEqual, vectorsEqual } from './vector.ts';
import { canonicalSetMap, difference, EMPTY_SET, has, isSubset, keysOf, setMapLessOrEqual, setMapsEqual, setsEqual, union, withItem, type SetMap, type SortedSet } from './sorted.ts';
import { rejected, unsupported, type CrdtOperation, type OpBasedType, type ReplicaId, type StateBasedType, type UpdateContext, type VersionVector } from './types.ts';

/** A unique tag: the replica that made it and its count of tags so far ("r1:3"). */
export type Dot = string;

export function dotOf(replica: ReplicaId, counter: number): Dot {
  return `${replica}:${counter}`;
}

function checkElement(operation: CrdtOperation): string | null {
  if (operation.kind !== 'add' && operation.kind !== 'remove') return null;
  return operation.element.length > 0 ? null : 'an element needs a name';
}

// ——— G-Set ———

/** Specification 11: payload A, a set that only grows. */
export interface GSetState {
  readonly A: SortedSet;
}

export const gSet: StateBasedType<GSetState> = {
  name: 'g-set',
  title: 'G-Set',
  source: 'Shapiro et al. 2011, §3.3.1, Specification 11 (state-based grow-only set)',
  operations: ['add'],
  initial: () => ({ A: EMPTY_SET }),
  update(state, operation) {
    if (operation.kind !== 'add') return unsupported('G-Set', operation, 'it only grows (a 2P-Set or an OR-Set can remove)');
    const problem = checkElement(operation);
    if (problem) return rejected(problem);
    if (has(state.A, operation.element)) return rejected(`${operation.element} is already in the set`);
    return { ok: true, state: { A: withItem(state.A, operation.element) } };
  },
  merge: (a, b) => ({ A: union(a.A, b.A) }),
  compare: (a, b) => isSubset(a.A, b.A),
  equal: (a, b) => setsEqual(a.A, b.A),
  value: (state) => state.A,
  metadata: () => ({}),
};

// ——— 2P-Set ———

/** Specification 12: A holds added elements, R the removed ones (tombstones); R never shrinks. */
export interface TwoPhaseSetState {
  readonly A: SortedSet;
  readonly R: SortedSet;
}

export const twoPhaseSet: StateBasedType<TwoPhaseSetState> = {
  name: '2p-set',
  title: '2P-Set',
  source: 'Shapiro et al. 2011, §3.3.2, Specification 12 (state-based 2P-Set)',
  operations: ['add', 'remove'],
  initial: () => ({ A: EMPTY_SET, R: EMPTY_SET }),
  update(state, operation) {
    if (operation.kind !== 'add' && operation.kind !== 'remove') return unsupported('2P-Set', operation, 'use add or remove');
    const problem = checkElement(operation);
    if (problem) return rejected(problem);
    const element = operation.element;
    if (operation.kind === 'add') {
      // "add(e): A := A ∪ {e}" has no precondition, but once e ∈ R the add can never show.
      if (has(state.R, element)) return rejected(`${element} was removed once: it stays in the tombstone set R and a 2P-Set never adds it back`);
      if (has(state.A, element)) return rejected(`${element} is already in the set`);
      return { ok: true, state: { A: withItem(state.A, element), R: state.R } };
    }
    // "remove(e): pre lookup(e)" — only an element this replica sees may be removed.
    if (!has(state.A, element) || has(state.R, element)) return rejected(`this replica does not see ${element} in the set, so it cannot remove it (precondition lookup(e))`);
    return { ok: true, state: { A: state.A, R: withItem(state.R, element) } };
  },
  merge: (a, b) => ({ A: union(a.A, b.A), R: union(a.R, b.R) }),
  compare: (a, b) => isSubset(a.A, b.A) && isSubset(a.R, b.R),
  equal: (a, b) => setsEqual(a.A, b.A) && setsEqual(a.R, b.R),
  // "lookup(e): e ∈ A ∧ e ∉ R"
  value: (state) => difference(state.A, state.R),
  metadata: (state) => ({ tombstones: state.R }),
};

// ——— OR-Set, add-wins ———

/**
 * Specification 15's payload in state-based form: for each element, the unique tags of its live
 * adds (`entries`) and of its removed adds (`tombstones`); `vector` counts the tags each replica
 * has made, so a replica's next tag is fresh.
 */
export interface ObservedRemoveSetState {
  readonly vector: VersionVector;
  readonly entries: SetMap;
  readonly tombstones: SetMap;
}

function freshDot(state: { readonly vector: VersionVector }, replica: ReplicaId): { dot: Dot; vector: VersionVector } {
  return { dot: dotOf(replica, entryOf(state.vector, replica) + 1), vector: incremented(state.vector, replica) };
}

function observedRemoveMerge(a: ObservedRemoveSetState, b: ObservedRemoveSetState): ObservedRemoveSetState {
  const entries: Record<string, SortedSet> = {};
  const tombstones: Record<string, SortedSet> = {};
  for (const element of keysOf(a.entries, b.entries, a.tombstones, b.tombstones)) {
    const removed = union(a.tombstones[element] ?? EMPTY_SET, b.tombstones[element] ?? EMPTY_SET);
    tombstones[element] = removed;
    // An entry one side removed is gone, even if the other side still holds it: it was observed.
    entries[element] = difference(union(a.entries[element] ?? EMPTY_SET, b.entries[element] ?? EMPTY_SET), removed);
  }
  return { vector: mergeVectors(a.vector, b.vector), entries: canonicalSetMap(entries), tombstones: canonicalSetMap(tombstones) };
}

function observedRemoveCompare(a: ObservedRemoveSetState, b: ObservedRemoveSetState): boolean {
  if (!vectorLessOrEqual(a.vector, b.vector) || !setMapLessOrEqual(a.tombstones, b.tombstones)) return false;
  // Every tag a knows, b knows too, live or removed.
  return Object.keys(a.entries).every((element) => a.entries[element]!.every((dot) => has(b.entries[element] ?? EMPTY_SET, dot) || has(b.tombstones[element] ?? EMPTY_SET, dot)));
}

function observedRemoveEqual(a: ObservedRemoveSetState, b: ObservedRemoveSetState): boolean {
  return vectorsEqual(a.vector, b.vector) && setMapsEqual(a.entries, b.entries) && setMapsEqual(a.tombstones, b.tombstones);
}

function labelledDots(map: SetMap, prefix = ''): string[] {
  return Object.keys(map).flatMap((element) => map[element]!.map((dot) => `${prefix}${element}@${dot}`));
}

function setOperation(title: string, operation: CrdtOperation): { ok: false; reason: string } | null {
  if (operation.kind !== 'add' && operation.kind !== 'remove') return unsupported(title, operation, 'use add or remove');
  const problem = checkElement(operation);
  return problem ? rejected(problem) : null;
}

export const observedRemoveSet: StateBasedType<ObservedRemoveSetState> = {
  name: 'or-set',
  title: 'OR-Set (add-wins)',
  source: 'Shapiro et al. 2011, §3.3.5, Specification 15 (observed-remove set), in state-based form with tombstones',
  operations: ['add', 'remove'],
  initial: () => ({ vector: EMPTY_VECTOR, entries: {}, tombstones: {} }),
  update(state, operation, { replica }: UpdateContext) {
    const problem = setOperation('OR-Set', operation);
    if (problem) return problem;
    const element = (operation as { element: string }).element;
    const live = state.entries[element] ?? EMPTY_SET;
    if (operation.kind === 'add') {
      // "add(e): let α = unique(); S := S ∪ {(e, α)}"
      const { dot, vector } = freshDot(state, replica);
      return { ok: true, state: { vector, entries: canonicalSetMap({ ...state.entries, [element]: withItem(live, dot) }), tombstones: state.tombstones } };
    }
    // "remove(e): pre lookup(e); R := {(e, α) | ∃α: (e, α) ∈ S}" — only the tags observed here.
    if (live.length === 0) return rejected(`this replica has not observed ${element}, so it cannot remove it (precondition lookup(e))`);
    return {
      ok: true,
      state: {
        vector: state.vector,
        entries: canonicalSetMap({ ...state.entries, [element]: EMPTY_SET }),
        tombstones: canonicalSetMap({ ...state.tombstones, [element]: union(state.tombstones[element] ?? EMPTY_SET, live) }),
      },
    };
  },
  merge: observedRemoveMerge,
  compare: observedRemoveCompare,
  equal: observedRemoveEqual,
  // "lookup(e): ∃α: (e, α) ∈ S" — a concurrent add's fresh tag was not observed by the remove: add wins.
  value: (state) => Object.keys(state.entries),
  metadata: (state) => ({ vectors: { tags: state.vector }, dots: labelledDots(state.entries), tombstones: labelledDots(state.tombstones) }),
};

// ——— Remove-wins set ———

/**
 * The remove-wins mirror of the OR-Set (Bieniusa et al. 2012, "An optimized conflict-free
 * replicated set", §5; Baquero's RWORSet): adds and removes both leave a tagged entry ("+r1:1",
 * "-r2:1") and each covers (tombstones) the entries of that element it observed. An element is
 * in the set when it has live entries and none is a remove: a concurrent remove wins.
 */
export type RemoveWinsSetState = ObservedRemoveSetState;

export const removeWinsSet: StateBasedType<RemoveWinsSetState> = {
  name: 'rw-set',
  title: 'remove-wins set',
  source: 'Bieniusa et al. 2012 §5 (remove-wins variant of the OR-Set), in state-based form with tombstones',
  operations: ['add', 'remove'],
  initial: () => ({ vector: EMPTY_VECTOR, entries: {}, tombstones: {} }),
  update(state, operation, { replica }: UpdateContext) {
    const problem = setOperation('remove-wins set', operation);
    if (problem) return problem;
    const element = (operation as { element: string }).element;
    const live = state.entries[element] ?? EMPTY_SET;
    if (operation.kind === 'remove' && !removeWinsContains(live)) {
      return rejected(`this replica does not see ${element} in the set, so it cannot remove it (precondition lookup(e))`);
    }
    const { dot, vector } = freshDot(state, replica);
    const entry = `${operation.kind === 'add' ? '+' : '-'}${dot}`;
    return {
      ok: true,
      state: {
        vector,
        entries: canonicalSetMap({ ...state.entries, [element]: [entry] }),
        tombstones: canonicalSetMap({ ...state.tombstones, [element]: union(state.tombstones[element] ?? EMPTY_SET, live) }),
      },
    };
  },
  merge: observedRemoveMerge,
  compare: observedRemoveCompare,
  equal: observedRemoveEqual,
  value: (state) => Object.keys(state.entries).filter((element) => removeWinsContains(state.entries[element]!)),
  metadata: (state) => ({ vectors: { tags: state.vector }, dots: labelledDots(state.entries), tombstones: labelledDots(state.tombstones) }),
};

function removeWinsContains(entries: SortedSet): boolean {
  return entries.length > 0 && entries.every((entry) => entry.startsWith('+'));
}

// ——— Op-based OR-Set ———

export type OrSetDownstream =
  | { readonly kind: 'add'; readonly element: string; readonly dot: Dot }
  /** The tags of `element` the source had observed: only those are removed. */
  | { readonly kind: 'remove'; readonly element: string; readonly observed: SortedSet };

/** Specification 15 as written: payload S of (element, tag) pairs; tags come from the source's counter. */
export interface OpOrSetState {
  readonly issued: VersionVector;
  readonly entries: SetMap;
}

export const opObservedRemoveSet: OpBasedType<OpOrSetState, OrSetDownstream> = {
  name: 'or-set',
  title: 'OR-Set (add-wins, op-based)',
  source: 'Shapiro et al. 2011, §3.3.5, Specification 15 (op-based observed-remove set)',
  delivery: {
    causal: true,
    exactlyOnce: false,
    why: 'a remove must arrive after the adds it observed: delivered first, it removes nothing and the add survives at that replica alone',
  },
  initial: () => ({ issued: EMPTY_VECTOR, entries: {} }),
  prepare(state, operation, { replica }) {
    const problem = setOperation('OR-Set', operation);
    if (problem) return problem;
    const element = (operation as { element: string }).element;
    if (operation.kind === 'add') return { ok: true, downstream: { kind: 'add', element, dot: dotOf(replica, entryOf(state.issued, replica) + 1) } };
    const observed = state.entries[element] ?? EMPTY_SET;
    if (observed.length === 0) return rejected(`this replica has not observed ${element}, so it cannot remove it (precondition lookup(e))`);
    return { ok: true, downstream: { kind: 'remove', element, observed } };
  },
  effect(state, downstream) {
    const live = state.entries[downstream.element] ?? EMPTY_SET;
    if (downstream.kind === 'add') {
      const replica = downstream.dot.slice(0, downstream.dot.indexOf(':'));
      const counter = Number(downstream.dot.slice(downstream.dot.indexOf(':') + 1));
      const issued = counter > entryOf(state.issued, replica) ? { ...state.issued, [replica]: counter } : state.issued;
      return { issued, entries: canonicalSetMap({ ...state.entries, [downstream.element]: withItem(live, downstream.dot) }) };
    }
    return { issued: state.issued, entries: canonicalSetMap({ ...state.entries, [downstream.element]: difference(live, downstream.observed) }) };
  },
  equal: (a, b) => setMapsEqual(a.entries, b.entries),
  value: (state) => Object.keys(state.entries),
  metadata: (state) => ({ dots: labelledDots(state.entries) }),
};
