// Shared arbitraries for the hashing tests: random node sets and key hashes that hit the ring's edges.
import fc from 'fast-check';
import { Prng } from '../../prng.ts';
import type { NodeSpec } from './nodes.ts';

const weightChoices = [0.5, 1, 1, 1, 2, 3];

/** 1..maxNodes nodes with unique ids in random order (ties are broken by id, never by position). */
export function nodeSetArbitrary(maxNodes: number, weighted: boolean): fc.Arbitrary<NodeSpec[]> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: maxNodes })
    .chain((numbers) =>
      fc.tuple(fc.constant(numbers), fc.array(fc.constantFrom(...weightChoices), { minLength: numbers.length, maxLength: numbers.length })),
    )
    .map(([numbers, weights]) => numbers.map((number, index) => ({ id: `n${number}`, weight: weighted ? weights[index]! : 1, up: true })));
}

/**
 * `count` seeded key hashes plus the edges where ring lookups go wrong: 0, 2^32 - 1, and each given
 * token position, one below it and one above it.
 */
export function keyHashesWithEdges(seed: number, count: number, tokenPositions: ArrayLike<number> = []): Uint32Array {
  const prng = new Prng(seed);
  const hashes: number[] = [0, 0xffffffff];
  for (let i = 0; i < tokenPositions.length && i < 64; i++) {
    const position = tokenPositions[i]!;
    hashes.push(position, (position + 1) >>> 0, (position - 1) >>> 0);
  }
  for (let i = 0; i < count; i++) hashes.push(prng.nextUint32());
  return Uint32Array.from(hashes);
}

/** A fixed, deterministic key set for statistical tests. */
export function seededKeyHashes(seed: number, count: number): Uint32Array {
  const prng = new Prng(seed);
  const hashes = new Uint32Array(count);
  for (let i = 0; i < count; i++) hashes[i] = prng.nextUint32();
  return hashes;
}
