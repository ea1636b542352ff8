// Every type the lab offers, by its scenario name: the state-based form of each, and the op-based
// form where it is instructive (counters, the OR-Set, the sequence).

import { gCounter, opGCounter, opPNCounter, pnCounter } from './counters.ts';
import { gSet, observedRemoveSet, opObservedRemoveSet, removeWinsSet, twoPhaseSet } from './sets.ts';
import { lwwMap, lwwRegister, mvRegister } from './registers.ts';
import { opRgaSequence, rgaSequence } from './sequence.ts';
import type { AnyOpBasedType, AnyStateBasedType, CrdtTypeName } from './types.ts';

export const STATE_BASED_TYPES: Readonly<Record<CrdtTypeName, AnyStateBasedType>> = {
  'g-counter': gCounter as AnyStateBasedType,
  'pn-counter': pnCounter as AnyStateBasedType,
  'g-set': gSet as AnyStateBasedType,
  '2p-set': twoPhaseSet as AnyStateBasedType,
  'or-set': observedRemoveSet as AnyStateBasedType,
  'rw-set': removeWinsSet as AnyStateBasedType,
  'lww-register': lwwRegister as AnyStateBasedType,
  'mv-register': mvRegister as AnyStateBasedType,
  'lww-map': lwwMap as AnyStateBasedType,
  sequence: rgaSequence as AnyStateBasedType,
};

/** The op-based forms; the other types are offered state-based only. */
export const OP_BASED_TYPES: Readonly<Partial<Record<CrdtTypeName, AnyOpBasedType>>> = {
  'g-counter': opGCounter as AnyOpBasedType,
  'pn-counter': opPNCounter as AnyOpBasedType,
  'or-set': opObservedRemoveSet as AnyOpBasedType,
  sequence: opRgaSequence as AnyOpBasedType,
};
