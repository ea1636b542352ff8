// Counters (Shapiro et al. 2011 §3.1): the state-based G-Counter (Specification 6) and PN-Counter
// (Specification 7), and the op-based counter (Specification 5) with its exactly-once delivery need.

import { mergeVectors, incremented, vectorLessOrEqual, vectorsEqual, vectorSum, EMPTY_VECTOR } from './vector.ts';
import { rejected, unsupported, type CrdtOperation, type OpBasedType, type StateBasedType, type VersionVector } from './types.ts';

/** Specification 6: payload P, one entry per replica; replica i only ever increments P[i]. */
export interface GCounterState {
  readonly P: VersionVector;
}

function positiveAmount(operation: { readonly amount: number }): string | null {
  return Number.isSafeInteger(operation.amount) && operation.amount > 0 ? null : `the amount must be a positive whole number, got ${operation.amount}`;
}

export const gCounter: StateBasedType<GCounterState> = {
  name: 'g-counter',
  title: 'G-Counter',
  source: 'Shapiro et al. 2011, §3.1.2, Specification 6 (state-based increment-only counter)',
  operations: ['inc'],
  initial: () => ({ P: EMPTY_VECTOR }),
  update(state, operation, { replica }) {
    if (operation.kind !== 'inc') return unsupported('G-Counter', operation, 'it only grows (a PN-Counter can go down)');
    const problem = positiveAmount(operation);
    if (problem) return rejected(problem);
    // "increment(): P[i] := P[i] + 1" — an increment by n is n increments.
    return { ok: true, state: { P: incremented(state.P, replica, operation.amount) } };
  },
  // "merge(X, Y): Z.P[i] = max(X.P[i], Y.P[i])"
  merge: (a, b) => ({ P: mergeVectors(a.P, b.P) }),
  compare: (a, b) => vectorLessOrEqual(a.P, b.P),
  equal: (a, b) => vectorsEqual(a.P, b.P),
  // "value(): Σ_i P[i]"
  value: (state) => vectorSum(state.P),
  metadata: (state) => ({ vectors: { P: state.P } }),
};

/** Specification 7: two G-Counters, P for increments and N for decrements. */
export interface PNCounterState {
  readonly P: VersionVector;
  readonly N: VersionVector;
}

export const pnCounter: StateBasedType<PNCounterState> = {
  name: 'pn-counter',
  title: 'PN-Counter',
  source: 'Shapiro et al. 2011, §3.1.3, Specification 7 (state-based PN-Counter)',
  operations: ['inc', 'dec', 'withdraw'],
  initial: () => ({ P: EMPTY_VECTOR, N: EMPTY_VECTOR }),
  update(state, operation, { replica }) {
    if (operation.kind !== 'inc' && operation.kind !== 'dec' && operation.kind !== 'withdraw') {
      return unsupported('PN-Counter', operation, 'use inc, dec or withdraw');
    }
    const problem = positiveAmount(operation);
    if (problem) return rejected(problem);
    if (operation.kind === 'inc') return { ok: true, state: { P: incremented(state.P, replica, operation.amount), N: state.N } };
    if (operation.kind === 'withdraw') {
      // The check reads this replica's value only: it cannot see concurrent withdrawals elsewhere.
      const balance = vectorSum(state.P) - vectorSum(state.N);
      if (balance < operation.amount) return rejected(`refused: this replica sees a balance of ${balance} < ${operation.amount}`);
    }
    return { ok: true, state: { P: state.P, N: incremented(state.N, replica, operation.amount) } };
  },
  merge: (a, b) => ({ P: mergeVectors(a.P, b.P), N: mergeVectors(a.N, b.N) }),
  compare: (a, b) => vectorLessOrEqual(a.P, b.P) && vectorLessOrEqual(a.N, b.N),
  equal: (a, b) => vectorsEqual(a.P, b.P) && vectorsEqual(a.N, b.N),
  value: (state) => vectorSum(state.P) - vectorSum(state.N),
  metadata: (state) => ({ vectors: { P: state.P, N: state.N } }),
};

/** Specification 5's downstream operation: add a signed amount. */
export interface CounterDelta {
  readonly delta: number;
}

/**
 * Specification 5 (op-based counter): the payload is one integer; increments and decrements
 * commute, so any delivery order converges, but each must take effect exactly once.
 */
function opBasedCounter(name: 'g-counter' | 'pn-counter'): OpBasedType<number, CounterDelta> {
  const growOnly = name === 'g-counter';
  const title = growOnly ? 'G-Counter' : 'PN-Counter';
  return {
    name,
    title: `${title} (op-based)`,
    source: 'Shapiro et al. 2011, §3.1.1, Specification 5 (op-based counter)',
    delivery: {
      causal: false,
      exactlyOnce: true,
      why: 'adding is not idempotent: a duplicated increment counts twice and a lost one never counts',
    },
    initial: () => 0,
    prepare(state, operation: CrdtOperation) {
      const allowed = growOnly ? operation.kind === 'inc' : operation.kind === 'inc' || operation.kind === 'dec' || operation.kind === 'withdraw';
      if (!allowed) return unsupported(title, operation, growOnly ? 'it only grows' : 'use inc, dec or withdraw');
      const amount = (operation as { amount: number }).amount;
      const problem = positiveAmount({ amount });
      if (problem) return rejected(problem);
      if (operation.kind === 'withdraw' && state < amount) return rejected(`refused: this replica sees a balance of ${state} < ${amount}`);
      return { ok: true, downstream: { delta: operation.kind === 'inc' ? amount : -amount } };
    },
    effect: (state, downstream) => state + downstream.delta,
    equal: (a, b) => a === b,
    value: (state) => state,
    // The payload carries no replication metadata: it moved into the delivery layer (vectors, logs).
    metadata: () => ({}),
  };
}

export const opGCounter = opBasedCounter('g-counter');
export const opPNCounter = opBasedCounter('pn-counter');
