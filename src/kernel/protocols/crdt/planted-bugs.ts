// Deliberately broken types, each wrong in one way a real implementation has been wrong, kept
// apart from the real ones: the tests (and the `bug=` scenario option) show that the checkers
// catch every one of them. Never used unless named.

import { gCounter, pnCounter, type GCounterState, type PNCounterState } from './counters.ts';
import { lwwRegister, type LwwRegisterState } from './registers.ts';
import { observedRemoveSet, twoPhaseSet, type ObservedRemoveSetState, type TwoPhaseSetState } from './sets.ts';
import { difference, union, withItem } from './sorted.ts';
import { entryOf, sortedVector } from './vector.ts';
import type { AnyStateBasedType, CrdtTypeName, StateBasedType } from './types.ts';

export const PLANTED_BUGS = ['counter-merge-adds', 'pn-dec-lowers-p', 'lww-merge-takes-incoming', '2p-remove-deletes', 'or-merge-forgets-tombstones'] as const;
export type PlantedBug = (typeof PLANTED_BUGS)[number];

/** The type each bug breaks. */
export const PLANTED_BUG_TYPE: Readonly<Record<PlantedBug, CrdtTypeName>> = {
  'counter-merge-adds': 'g-counter',
  'pn-dec-lowers-p': 'pn-counter',
  'lww-merge-takes-incoming': 'lww-register',
  '2p-remove-deletes': '2p-set',
  'or-merge-forgets-tombstones': 'or-set',
};

export const PLANTED_BUG_DESCRIPTION: Readonly<Record<PlantedBug, string>> = {
  'counter-merge-adds': 'the G-Counter merge adds the vectors instead of taking the maximum (not idempotent: every re-delivery counts again)',
  'pn-dec-lowers-p': 'the PN-Counter decrements P[i] instead of growing N[i] (an update that goes down the lattice; a merge takes the old maximum back)',
  'lww-merge-takes-incoming': 'the LWW-Register merge keeps whatever arrives instead of the larger timestamp (not commutative)',
  '2p-remove-deletes': 'the 2P-Set removes by deleting from A instead of adding a tombstone to R (not monotonic: a merge brings the element back)',
  'or-merge-forgets-tombstones': 'the OR-Set merge unions the live tags and drops the tombstones (removed elements come back)',
};

/** A counter that adds on merge: sums entry by entry. */
const counterMergeAdds: StateBasedType<GCounterState> = {
  ...gCounter,
  merge(a, b) {
    const sum: Record<string, number> = { ...a.P };
    for (const [replica, count] of Object.entries(b.P)) sum[replica] = (sum[replica] ?? 0) + count;
    return { P: sortedVector(sum) };
  },
};

const pnDecLowersP: StateBasedType<PNCounterState> = {
  ...pnCounter,
  update(state, operation, context) {
    if (operation.kind !== 'dec') return pnCounter.update(state, operation, context);
    return { ok: true, state: { P: sortedVector({ ...state.P, [context.replica]: entryOf(state.P, context.replica) - operation.amount }), N: state.N } };
  },
};

const lwwMergeTakesIncoming: StateBasedType<LwwRegisterState> = {
  ...lwwRegister,
  merge: (_local, incoming) => incoming,
};

const twoPhaseRemoveDeletes: StateBasedType<TwoPhaseSetState> = {
  ...twoPhaseSet,
  update(state, operation, context) {
    if (operation.kind !== 'remove') return twoPhaseSet.update(state, operation, context);
    const outcome = twoPhaseSet.update(state, operation, context);
    return outcome.ok ? { ok: true, state: { A: difference(state.A, [operation.element]), R: state.R } } : outcome;
  },
};

const orMergeForgetsTombstones: StateBasedType<ObservedRemoveSetState> = {
  ...observedRemoveSet,
  merge(a, b) {
    const merged = observedRemoveSet.merge(a, b);
    const entries: Record<string, readonly string[]> = { ...merged.entries };
    for (const [element, dots] of Object.entries(b.entries)) entries[element] = union(entries[element] ?? [], dots);
    for (const [element, dots] of Object.entries(a.entries)) entries[element] = dots.reduce((set, dot) => withItem(set, dot), entries[element] ?? []);
    return { vector: merged.vector, entries, tombstones: {} };
  },
};

export const PLANTED_BUG_TYPES: Readonly<Record<PlantedBug, AnyStateBasedType>> = {
  'counter-merge-adds': counterMergeAdds as AnyStateBasedType,
  'pn-dec-lowers-p': pnDecLowersP as AnyStateBasedType,
  'lww-merge-takes-incoming': lwwMergeTakesIncoming as AnyStateBasedType,
  '2p-remove-deletes': twoPhaseRemoveDeletes as AnyStateBasedType,
  'or-merge-forgets-tombstones': orMergeForgetsTombstones as AnyStateBasedType,
};
