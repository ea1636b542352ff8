// §2.4 op-based objects: concurrent operations commute, so replicas converge when every operation
// reaches every replica under the type's delivery requirement — checked over 2,000 random
// histories per op-based type (random issue points, random causal delivery orders); and each
// requirement shown necessary: without it, a random history diverges.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OP_BASED_TYPES } from './registry.ts';
import { operationFor } from './random.ts';
import { entryOf, incremented, vectorLessOrEqual } from './vector.ts';
import { replicaIdOf, type AnyOpBasedType, type CrdtTypeName, type VersionVector } from './types.ts';

interface Envelope {
  readonly origin: number;
  readonly sequence: number;
  readonly dependencies: VersionVector;
  readonly downstream: unknown;
}

type Step = { readonly kind: 'update'; readonly replica: number; readonly choice: number } | { readonly kind: 'deliver'; readonly replica: number; readonly pick: number; readonly duplicate: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), replica: fc.nat(5), choice: fc.nat(1023) }),
  fc.record({ kind: fc.constant('deliver' as const), replica: fc.nat(5), pick: fc.nat(63), duplicate: fc.boolean() }),
);
const history = fc.record({ replicaCount: fc.integer({ min: 2, max: 6 }), steps: fc.array(step, { maxLength: 30 }) });

/**
 * Play a history. Every update is broadcast: each other replica gets it in its inbox. A deliver
 * step takes one message from a replica's inbox — with `causal`, only among those whose causal
 * predecessors it has delivered, and never twice; without, any message, and a duplicate may stay
 * behind. At the end every inbox drains the same way. Returns whether all replicas ended equal.
 */
function play(type: AnyOpBasedType, replicaCount: number, steps: readonly Step[], causal: boolean): boolean {
  const ids = Array.from({ length: replicaCount }, (_, index) => replicaIdOf(index));
  const states: unknown[] = ids.map(() => type.initial());
  const delivered: VersionVector[] = ids.map(() => ({}));
  const inboxes: Envelope[][] = ids.map(() => []);
  const issued = ids.map(() => 0);
  const ready = (replica: number) => inboxes[replica]!.filter((envelope) => !causal || (envelope.sequence === entryOf(delivered[replica]!, ids[envelope.origin]!) + 1 && vectorLessOrEqual(envelope.dependencies, delivered[replica]!)));
  const deliver = (replica: number, envelope: Envelope, keepCopy: boolean) => {
    if (!keepCopy) inboxes[replica]!.splice(inboxes[replica]!.indexOf(envelope), 1);
    states[replica] = type.effect(states[replica], envelope.downstream);
    delivered[replica] = incremented(delivered[replica]!, ids[envelope.origin]!);
  };
  for (const current of steps) {
    const replica = current.replica % replicaCount;
    if (current.kind === 'update') {
      const prepared = type.prepare(states[replica], operationFor(type.name, current.choice, type.value(states[replica])), { replica: ids[replica]!, clockMs: 0 });
      if (!prepared.ok) continue;
      issued[replica]! += 1;
      const envelope = { origin: replica, sequence: issued[replica]!, dependencies: delivered[replica]!, downstream: prepared.downstream };
      states[replica] = type.effect(states[replica], prepared.downstream);
      delivered[replica] = incremented(delivered[replica]!, ids[replica]!);
      for (let other = 0; other < replicaCount; other++) if (other !== replica) inboxes[other]!.push(envelope);
    } else {
      const candidates = ready(replica);
      if (candidates.length > 0) deliver(replica, candidates[current.pick % candidates.length]!, !causal && current.duplicate);
    }
  }
  for (let replica = 0; replica < replicaCount; replica++) {
    for (let candidates = ready(replica); candidates.length > 0; candidates = ready(replica)) deliver(replica, candidates[0]!, false);
  }
  return states.every((state) => type.equal(state, states[0]));
}

/** Histories per op-based type: "thousands" (the issue), still a few seconds per file. */
const RUNS_PER_TYPE = 2000;
const opTypes = Object.keys(OP_BASED_TYPES) as CrdtTypeName[];

describe('§2.4 op-based: with its delivery requirement met, every type converges', () => {
  for (const name of opTypes) {
    const type = OP_BASED_TYPES[name]!;
    it(`${type.title}: ${RUNS_PER_TYPE} random causal, exactly-once delivery orders converge`, () => {
      fc.assert(fc.property(history, ({ replicaCount, steps }) => play(type, replicaCount, steps, true)), { numRuns: RUNS_PER_TYPE });
    });
  }
});

describe('§2.4 op-based: each requirement is needed', () => {
  it('the counter needs exactly-once: with duplicates a random history diverges', () => {
    const outcome = fc.check(fc.property(history, ({ replicaCount, steps }) => play(OP_BASED_TYPES['pn-counter']!, replicaCount, steps, false)), { numRuns: RUNS_PER_TYPE, seed: 14 });
    expect(outcome.failed).toBe(true);
  });

  it('the OR-Set needs causal delivery: a remove delivered before its add diverges', () => {
    const outcome = fc.check(fc.property(history, ({ replicaCount, steps }) => play(OP_BASED_TYPES['or-set']!, replicaCount, steps, false)), { numRuns: RUNS_PER_TYPE, seed: 14 });
    expect(outcome.failed).toBe(true);
  });

  it('the sequence needs causal delivery: an insert before its reference is lost', () => {
    const outcome = fc.check(fc.property(history, ({ replicaCount, steps }) => play(OP_BASED_TYPES.sequence!, replicaCount, steps, false)), { numRuns: RUNS_PER_TYPE, seed: 14 });
    expect(outcome.failed).toBe(true);
  });
});
