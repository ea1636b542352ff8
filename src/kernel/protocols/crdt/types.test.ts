// Each type against its definition in Shapiro et al. 2011 (and Roh et al. 2011 for RGA): the
// payload, the update, the merge as least upper bound, and the anomaly each type is known for.

import { describe, expect, it } from 'vitest';
import { gCounter, opPNCounter, pnCounter } from './counters.ts';
import { gSet, observedRemoveSet, opObservedRemoveSet, removeWinsSet, twoPhaseSet } from './sets.ts';
import { lwwMap, lwwRegister, mvRegister } from './registers.ts';
import { rgaSequence } from './sequence.ts';
import type { CrdtOperation, StateBasedType, UpdateContext } from './types.ts';
import { metadataBytes } from './types.ts';

/** Apply an update that must succeed. */
function updated<State>(type: StateBasedType<State>, state: State, operation: CrdtOperation, replica: string, clockMs = 0): State {
  const outcome = type.update(state, operation, { replica, clockMs });
  if (!outcome.ok) throw new Error(`${operation.kind} at ${replica} was refused: ${outcome.reason}`);
  return outcome.state;
}

function refused<State>(type: StateBasedType<State>, state: State, operation: CrdtOperation, context: UpdateContext): string {
  const outcome = type.update(state, operation, context);
  if (outcome.ok) throw new Error(`${operation.kind} at ${context.replica} was expected to be a no-op`);
  return outcome.reason;
}

describe('§3.1.2 G-Counter (Specification 6)', () => {
  it('"payload integer[n] P; increment: P[myID()] := P[myID()] + 1; value: Σ P[i]"', () => {
    let state = gCounter.initial();
    state = updated(gCounter, state, { kind: 'inc', amount: 1 }, 'r1');
    state = updated(gCounter, state, { kind: 'inc', amount: 2 }, 'r2');
    expect(state.P).toEqual({ r1: 1, r2: 2 });
    expect(gCounter.value(state)).toBe(3);
  });

  it('"merge: Z.P[i] = max(X.P[i], Y.P[i])": concurrent increments both count, re-delivery does not double them', () => {
    const left = updated(gCounter, gCounter.initial(), { kind: 'inc', amount: 3 }, 'r1');
    const right = updated(gCounter, gCounter.initial(), { kind: 'inc', amount: 4 }, 'r2');
    const merged = gCounter.merge(left, right);
    expect(gCounter.value(merged)).toBe(7);
    expect(gCounter.value(gCounter.merge(merged, right))).toBe(7);
  });

  it('"compare: ∀i ∈ [0, n−1]: X.P[i] ≤ Y.P[i]"', () => {
    const one = updated(gCounter, gCounter.initial(), { kind: 'inc', amount: 1 }, 'r1');
    const two = updated(gCounter, one, { kind: 'inc', amount: 1 }, 'r2');
    expect(gCounter.compare(one, two)).toBe(true);
    expect(gCounter.compare(two, one)).toBe(false);
  });

  it('has no decrement', () => {
    expect(refused(gCounter, gCounter.initial(), { kind: 'dec', amount: 1 }, { replica: 'r1', clockMs: 0 })).toMatch(/no dec/);
  });
});

describe('§3.1.3 PN-Counter (Specification 7)', () => {
  it('"two G-Counters, P for increments and N for decrements; value = Σ P − Σ N"', () => {
    let state = pnCounter.initial();
    state = updated(pnCounter, state, { kind: 'inc', amount: 5 }, 'r1');
    state = updated(pnCounter, state, { kind: 'dec', amount: 3 }, 'r2');
    expect(state).toEqual({ P: { r1: 5 }, N: { r2: 3 } });
    expect(pnCounter.value(state)).toBe(2);
  });

  it('a withdrawal checked against the local value still drives the merged value negative (§3.1.4: a non-negative counter needs more than a local check)', () => {
    const funded = updated(pnCounter, pnCounter.initial(), { kind: 'inc', amount: 100 }, 'r1');
    const left = updated(pnCounter, funded, { kind: 'withdraw', amount: 70 }, 'r1');
    const right = updated(pnCounter, funded, { kind: 'withdraw', amount: 70 }, 'r2');
    expect(pnCounter.value(pnCounter.merge(left, right))).toBe(-40);
    expect(refused(pnCounter, left, { kind: 'withdraw', amount: 70 }, { replica: 'r1', clockMs: 0 })).toMatch(/balance of 30 < 70/);
  });
});

describe('§3.1.1 op-based counter (Specification 5)', () => {
  it('increments commute; the delivery requirement is exactly-once, not causal order', () => {
    const a = opPNCounter.prepare(0, { kind: 'inc', amount: 2 }, { replica: 'r1', clockMs: 0 });
    const b = opPNCounter.prepare(0, { kind: 'dec', amount: 5 }, { replica: 'r2', clockMs: 0 });
    if (!a.ok || !b.ok) throw new Error('prepare refused');
    expect(opPNCounter.effect(opPNCounter.effect(0, a.downstream), b.downstream)).toBe(opPNCounter.effect(opPNCounter.effect(0, b.downstream), a.downstream));
    expect(opPNCounter.delivery).toMatchObject({ causal: false, exactlyOnce: true });
    // The reason: a duplicate counts again.
    expect(opPNCounter.effect(opPNCounter.effect(0, a.downstream), a.downstream)).toBe(4);
  });
});

describe('§3.3.1 G-Set (Specification 11)', () => {
  it('"add(e): A := A ∪ {e}; merge: A ∪ B"', () => {
    const left = updated(gSet, gSet.initial(), { kind: 'add', element: 'x' }, 'r1');
    const right = updated(gSet, gSet.initial(), { kind: 'add', element: 'y' }, 'r2');
    expect(gSet.value(gSet.merge(left, right))).toEqual(['x', 'y']);
  });
});

describe('§3.3.2 2P-Set (Specification 12)', () => {
  it('"lookup(e): e ∈ A ∧ e ∉ R": removed once, never back', () => {
    let state = updated(twoPhaseSet, twoPhaseSet.initial(), { kind: 'add', element: 'x' }, 'r1');
    state = updated(twoPhaseSet, state, { kind: 'remove', element: 'x' }, 'r1');
    expect(twoPhaseSet.value(state)).toEqual([]);
    expect(refused(twoPhaseSet, state, { kind: 'add', element: 'x' }, { replica: 'r2', clockMs: 0 })).toMatch(/never adds it back/);
    expect(twoPhaseSet.metadata(state).tombstones).toEqual(['x']);
  });

  it('"remove(e): pre lookup(e)": a replica cannot remove what it has not observed', () => {
    expect(refused(twoPhaseSet, twoPhaseSet.initial(), { kind: 'remove', element: 'x' }, { replica: 'r1', clockMs: 0 })).toMatch(/precondition lookup/);
  });
});

describe('§3.3.5 OR-Set (Specification 15), add-wins', () => {
  it('"remove(e) removes the tags it observed": a concurrent add, with a fresh tag, survives', () => {
    const added = updated(observedRemoveSet, observedRemoveSet.initial(), { kind: 'add', element: 'x' }, 'r1');
    const removed = updated(observedRemoveSet, added, { kind: 'remove', element: 'x' }, 'r1');
    const readded = updated(observedRemoveSet, added, { kind: 'add', element: 'x' }, 'r2');
    const merged = observedRemoveSet.merge(removed, readded);
    expect(observedRemoveSet.value(merged)).toEqual(['x']);
    expect(observedRemoveSet.metadata(merged)).toMatchObject({ dots: ['x@r2:1'], tombstones: ['x@r1:1'] });
  });

  it('unlike the 2P-Set, an element can be added again after a remove', () => {
    let state = updated(observedRemoveSet, observedRemoveSet.initial(), { kind: 'add', element: 'x' }, 'r1');
    state = updated(observedRemoveSet, state, { kind: 'remove', element: 'x' }, 'r1');
    state = updated(observedRemoveSet, state, { kind: 'add', element: 'x' }, 'r1');
    expect(observedRemoveSet.value(state)).toEqual(['x']);
  });

  it('op-based: the remove carries the observed tags and needs causal delivery', () => {
    const context = { replica: 'r1', clockMs: 0 };
    const add = opObservedRemoveSet.prepare(opObservedRemoveSet.initial(), { kind: 'add', element: 'x' }, context);
    if (!add.ok) throw new Error('refused');
    const afterAdd = opObservedRemoveSet.effect(opObservedRemoveSet.initial(), add.downstream);
    const remove = opObservedRemoveSet.prepare(afterAdd, { kind: 'remove', element: 'x' }, context);
    if (!remove.ok) throw new Error('refused');
    expect(opObservedRemoveSet.value(opObservedRemoveSet.effect(afterAdd, remove.downstream))).toEqual([]);
    // Delivered in the wrong order, the remove finds nothing and the add survives.
    const reordered = opObservedRemoveSet.effect(opObservedRemoveSet.effect(opObservedRemoveSet.initial(), remove.downstream), add.downstream);
    expect(opObservedRemoveSet.value(reordered)).toEqual(['x']);
    expect(opObservedRemoveSet.delivery.causal).toBe(true);
  });
});

describe('remove-wins set (Bieniusa et al. 2012 §5)', () => {
  it('the same concurrent add and remove as the OR-Set: here the remove wins', () => {
    const added = updated(removeWinsSet, removeWinsSet.initial(), { kind: 'add', element: 'x' }, 'r1');
    const removed = updated(removeWinsSet, added, { kind: 'remove', element: 'x' }, 'r1');
    const readded = updated(removeWinsSet, added, { kind: 'add', element: 'x' }, 'r2');
    expect(removeWinsSet.value(removeWinsSet.merge(removed, readded))).toEqual([]);
    expect(removeWinsSet.value(removeWinsSet.merge(readded, removed))).toEqual([]);
  });

  it('an add that observed the remove brings the element back', () => {
    let state = updated(removeWinsSet, removeWinsSet.initial(), { kind: 'add', element: 'x' }, 'r1');
    state = updated(removeWinsSet, state, { kind: 'remove', element: 'x' }, 'r1');
    state = updated(removeWinsSet, state, { kind: 'add', element: 'x' }, 'r2');
    expect(removeWinsSet.value(state)).toEqual(['x']);
  });
});

describe('§3.2.1 LWW-Register (Specification 8)', () => {
  it('"merge: the larger timestamp wins" — by clock, whatever happened in real time', () => {
    const early = updated(lwwRegister, lwwRegister.initial(), { kind: 'set', value: 'a' }, 'r1', 100);
    // r2's clock runs 50 ms behind: its later write is stamped 70 ms.
    const late = updated(lwwRegister, lwwRegister.initial(), { kind: 'set', value: 'b' }, 'r2', 70);
    expect(lwwRegister.value(lwwRegister.merge(early, late))).toBe('a');
    expect(lwwRegister.value(lwwRegister.merge(late, early))).toBe('a');
  });

  it('equal clocks are broken by replica id', () => {
    const one = updated(lwwRegister, lwwRegister.initial(), { kind: 'set', value: 'a' }, 'r1', 5);
    const two = updated(lwwRegister, lwwRegister.initial(), { kind: 'set', value: 'b' }, 'r2', 5);
    expect(lwwRegister.value(lwwRegister.merge(one, two))).toBe('b');
  });

  it('a write from a clock behind the stamp already held is lost at once (reported, not applied)', () => {
    const held = updated(lwwRegister, lwwRegister.initial(), { kind: 'set', value: 'a' }, 'r1', 100);
    expect(refused(lwwRegister, held, { kind: 'set', value: 'b' }, { replica: 'r2', clockMs: 70 })).toMatch(/silently lost/);
  });
});

describe('§3.2.2 MV-Register (Specification 10)', () => {
  it('concurrent assignments are kept as siblings; a later assignment that saw both replaces them', () => {
    const a = updated(mvRegister, mvRegister.initial(), { kind: 'set', value: 'a' }, 'r1');
    const b = updated(mvRegister, mvRegister.initial(), { kind: 'set', value: 'b' }, 'r2');
    const merged = mvRegister.merge(a, b);
    expect(mvRegister.value(merged)).toEqual(['a', 'b']);
    expect(merged.siblings.map((sibling) => sibling.clock)).toEqual([{ r1: 1 }, { r2: 1 }]);
    const resolved = updated(mvRegister, merged, { kind: 'set', value: 'c' }, 'r3');
    expect(resolved.siblings).toEqual([{ value: 'c', clock: { r1: 1, r2: 1, r3: 1 } }]);
    expect(mvRegister.value(mvRegister.merge(resolved, a))).toEqual(['c']);
  });
});

describe('LWW-Map', () => {
  it('each key is an LWW-Register; a removal is a timestamped tombstone', () => {
    let left = updated(lwwMap, lwwMap.initial(), { kind: 'put', key: 'k', value: '1' }, 'r1', 10);
    left = updated(lwwMap, left, { kind: 'remove-key', key: 'k' }, 'r1', 30);
    const right = updated(lwwMap, lwwMap.initial(), { kind: 'put', key: 'k', value: '2' }, 'r2', 20);
    const merged = lwwMap.merge(left, right);
    expect(lwwMap.value(merged)).toEqual({});
    expect(lwwMap.metadata(merged).tombstones).toEqual(['k@t=30ms@r1']);
  });
});

describe('RGA sequence (Roh et al. 2011)', () => {
  const at = (replica: string, operation: CrdtOperation, state = rgaSequence.initial()) => updated(rgaSequence, state, operation, replica);

  it('inserts and deletes by position; a deleted character stays as a tombstone', () => {
    let state = at('r1', { kind: 'insert', position: 0, text: 'hi' });
    state = at('r1', { kind: 'insert', position: 2, text: '!' }, state);
    state = at('r1', { kind: 'delete', position: 1 }, state);
    expect(rgaSequence.value(state)).toBe('h!');
    expect(rgaSequence.metadata(state).tombstones).toEqual(['"i"@2.r1<1.r1']);
  });

  it('two users typing at the same position: each run stays together, the larger timestamp first', () => {
    const base = at('r1', { kind: 'insert', position: 0, text: '|' });
    const left = at('r1', { kind: 'insert', position: 1, text: 'abc' }, base);
    const right = at('r2', { kind: 'insert', position: 1, text: 'xyz' }, rgaSequence.merge(rgaSequence.initial(), base));
    expect(rgaSequence.value(rgaSequence.merge(left, right))).toBe('|xyzabc');
    expect(rgaSequence.value(rgaSequence.merge(right, left))).toBe('|xyzabc');
  });

  it('position past the end is a no-op', () => {
    expect(refused(rgaSequence, rgaSequence.initial(), { kind: 'delete', position: 0 }, { replica: 'r1', clockMs: 0 })).toMatch(/no character at position 0/);
    expect(refused(rgaSequence, rgaSequence.initial(), { kind: 'insert', position: 2, text: 'a' }, { replica: 'r1', clockMs: 0 })).toMatch(/past the end/);
  });
});

describe('metadata size', () => {
  it('is the UTF-8 length of the JSON encoding of the metadata', () => {
    const state = updated(gCounter, gCounter.initial(), { kind: 'inc', amount: 1 }, 'r1');
    expect(metadataBytes(gCounter.metadata(state))).toBe(JSON.stringify({ vectors: { P: { r1: 1 } } }).length);
  });
});
