// The chunked RGA (sequence.ts) against the flat reference it replaced (rga-flat-reference.ts):
// the same random edits and merges on 3 replicas, long enough that chunks split many times; the
// texts, the metadata and equality must agree at every merge. Seeded; the seed is in the name.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../prng.ts';
import { CHUNK_NODES, opRgaSequence, rgaSequence, type RgaDownstream } from './sequence.ts';
import * as flat from './rga-flat-reference.ts';
import { operationForLength } from './random.ts';
import type { AnyOpBasedType, AnyStateBasedType } from './types.ts';

const SEED = 2026;
const EDITS = 3000;
const IDS = ['r1', 'r2', 'r3'];

describe(`chunked RGA = flat RGA (seed ${SEED}, ${EDITS} edits, chunks of ${CHUNK_NODES})`, () => {
  it('state-based: same text, same metadata, same verdicts of equal and compare after every merge', () => {
    const chunked = rgaSequence as unknown as AnyStateBasedType;
    const reference = flat.rgaSequence as unknown as AnyStateBasedType;
    const prng = new Prng(SEED);
    const states = IDS.map(() => chunked.initial());
    const references = IDS.map(() => reference.initial());
    for (let step = 1; step <= EDITS; step++) {
      const index = prng.intBetween(0, 2);
      const length = (references[index] as flat.RgaState).length;
      const operation = operationForLength('sequence', prng.nextUint32() & 0x3ff, length, 64);
      const context = { replica: IDS[index]!, clockMs: step };
      const mine = chunked.update(states[index], operation, context);
      const theirs = reference.update(references[index], operation, context);
      expect(mine.ok).toBe(theirs.ok);
      if (mine.ok && theirs.ok) {
        states[index] = mine.state;
        references[index] = theirs.state;
      }
      if (step % 25 === 0) {
        const from = prng.intBetween(0, 2);
        const to = (from + prng.intBetween(1, 2)) % 3;
        const before = states[to];
        states[to] = chunked.merge(states[to], states[from]);
        references[to] = reference.merge(references[to], references[from]);
        expect(chunked.value(states[to])).toBe(reference.value(references[to]));
        expect(chunked.metadata(states[to])).toEqual(reference.metadata(references[to]));
        expect(chunked.compare(before, states[to])).toBe(true);
        expect(chunked.equal(states[to], chunked.merge(states[to], states[from]))).toBe(true);
      }
    }
    // The text grew past many chunks, so splits and cross-chunk skips were exercised.
    expect((references[0] as flat.RgaState).nodes.length).toBeGreaterThan(CHUNK_NODES * 4);
    for (let index = 0; index < 3; index++) expect(chunked.value(states[index])).toBe(reference.value(references[index]));
  });

  it('op-based, causal delivery (every operation in issue order): same text at every replica', () => {
    const chunked = opRgaSequence as unknown as AnyOpBasedType;
    const reference = flat.opRgaSequence as unknown as AnyOpBasedType;
    const prng = new Prng(SEED + 1);
    const states = IDS.map(() => chunked.initial());
    const references = IDS.map(() => reference.initial());
    // Each replica's inbox of downstream operations from the others, delivered in issue order (causal).
    const inboxes: { mine: RgaDownstream; theirs: flat.RgaDownstream }[][] = IDS.map(() => []);
    for (let step = 1; step <= EDITS; step++) {
      const index = prng.intBetween(0, 2);
      if (prng.intBetween(0, 3) === 0) {
        for (const { mine, theirs } of inboxes[index]!.splice(0)) {
          states[index] = chunked.effect(states[index], mine);
          references[index] = reference.effect(references[index], theirs);
        }
        expect(chunked.value(states[index])).toBe(reference.value(references[index]));
        continue;
      }
      const length = (references[index] as flat.RgaState).length;
      const operation = operationForLength('sequence', prng.nextUint32() & 0x3ff, length, 64);
      const context = { replica: IDS[index]!, clockMs: step };
      // Deliver what is waiting first, so the source's prepare sees what it has delivered.
      for (const { mine, theirs } of inboxes[index]!.splice(0)) {
        states[index] = chunked.effect(states[index], mine);
        references[index] = reference.effect(references[index], theirs);
      }
      const mine = chunked.prepare(states[index], operation, context);
      const theirs = reference.prepare(references[index], operation, context);
      expect(mine.ok).toBe(theirs.ok);
      if (!mine.ok || !theirs.ok) continue;
      states[index] = chunked.effect(states[index], mine.downstream);
      references[index] = reference.effect(references[index], theirs.downstream);
      for (let other = 0; other < 3; other++) if (other !== index) inboxes[other]!.push({ mine: mine.downstream as RgaDownstream, theirs: theirs.downstream as flat.RgaDownstream });
    }
    for (let index = 0; index < 3; index++) {
      for (const { mine, theirs } of inboxes[index]!.splice(0)) {
        states[index] = chunked.effect(states[index], mine);
        references[index] = reference.effect(references[index], theirs);
      }
    }
    const text = chunked.value(states[0]);
    for (let index = 0; index < 3; index++) {
      expect(chunked.value(states[index])).toBe(reference.value(references[index]));
      expect(chunked.value(states[index])).toBe(text);
    }
  });
});
