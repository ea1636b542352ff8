// Seeded key sets: uniform keys, Zipf-skewed popularity (hot keys), and request sampling from that popularity.
import { Prng } from '../../prng.ts';
import { murmur3String } from './murmur3.ts';

export type KeyDistribution = { readonly kind: 'uniform' } | { readonly kind: 'zipf'; readonly exponent: number };

export interface KeySetOptions {
  readonly keyCount: number;
  readonly seed: number;
  readonly distribution: KeyDistribution;
  /** Seed of MurmurHash3 for key hashes (the strategies' `hashSeed` is for tokens and scores). */
  readonly hashSeed?: number;
}

export interface KeySet {
  readonly keyCount: number;
  readonly seed: number;
  readonly distribution: KeyDistribution;
  /** Key i is named `${namePrefix}${i}`: names are derived, not stored, so a million keys cost 4 MB of hashes. */
  readonly namePrefix: string;
  readonly hashes: Uint32Array;
  /** Share of requests for each key; sums to 1. Uniform keys all get 1 / keyCount. */
  readonly popularity: Float64Array;
}

export function keyName(keySet: Pick<KeySet, 'namePrefix'>, keyIndex: number): string {
  return `${keySet.namePrefix}${keyIndex}`;
}

/**
 * Key names share a prefix drawn from the seed, so different seeds give unrelated hashes while names
 * stay unique. Under Zipf the popularity ranks are a seeded shuffle: hot keys are wherever the seed puts them.
 */
export function generateKeySet(options: KeySetOptions): KeySet {
  const { keyCount, seed, distribution } = options;
  if (!(Number.isInteger(keyCount) && keyCount >= 0)) throw new RangeError(`keyCount must be a whole number, got ${keyCount}`);
  const prng = new Prng(seed);
  const namePrefix = `key-${prng.nextUint32().toString(36)}-`;
  const hashes = new Uint32Array(keyCount);
  const hashSeed = options.hashSeed ?? 0;
  for (let i = 0; i < keyCount; i++) hashes[i] = murmur3String(`${namePrefix}${i}`, hashSeed);
  const popularity = distribution.kind === 'uniform' ? uniformPopularity(keyCount) : zipfPopularity(keyCount, distribution.exponent, prng);
  return { keyCount, seed, distribution, namePrefix, hashes, popularity };
}

function uniformPopularity(keyCount: number): Float64Array {
  return new Float64Array(keyCount).fill(keyCount === 0 ? 0 : 1 / keyCount);
}

/**
 * Zipf popularity: the key of rank r (1 = hottest) gets a share proportional to 1 / r^exponent.
 * Exponent 0 is uniform; around 1 is typical of web caches; larger is more skewed.
 */
export function zipfPopularity(keyCount: number, exponent: number, prng: Prng): Float64Array {
  if (!(Number.isFinite(exponent) && exponent >= 0)) throw new RangeError(`Zipf exponent must be ≥ 0, got ${exponent}`);
  const rankOfKey = new Uint32Array(keyCount);
  for (let i = 0; i < keyCount; i++) rankOfKey[i] = i + 1;
  for (let i = keyCount - 1; i > 0; i--) {
    const j = prng.intBetween(0, i);
    const swap = rankOfKey[i]!;
    rankOfKey[i] = rankOfKey[j]!;
    rankOfKey[j] = swap;
  }
  const popularity = new Float64Array(keyCount);
  let total = 0;
  for (let i = 0; i < keyCount; i++) {
    popularity[i] = rankOfKey[i]! ** -exponent;
    total += popularity[i]!;
  }
  for (let i = 0; i < keyCount; i++) popularity[i]! /= total;
  return popularity;
}

/** Indexes of the `count` most popular keys, hottest first (ties by index). */
export function hottestKeys(keySet: Pick<KeySet, 'popularity'>, count: number): number[] {
  const indexes = Array.from(keySet.popularity, (_, index) => index);
  indexes.sort((a, b) => keySet.popularity[b]! - keySet.popularity[a]! || a - b);
  return indexes.slice(0, count);
}

/** `requestCount` key indexes drawn from the popularity by inverse transform over the cumulative shares. */
export function sampleRequests(keySet: Pick<KeySet, 'popularity'>, requestCount: number, prng: Prng): Uint32Array {
  const keyCount = keySet.popularity.length;
  const requests = new Uint32Array(requestCount);
  if (keyCount === 0) return requests;
  const cumulative = new Float64Array(keyCount);
  let running = 0;
  for (let i = 0; i < keyCount; i++) {
    running += keySet.popularity[i]!;
    cumulative[i] = running;
  }
  for (let r = 0; r < requestCount; r++) {
    const target = prng.float() * running;
    let low = 0;
    let high = keyCount - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! <= target) low = middle + 1;
      else high = middle;
    }
    requests[r] = low;
  }
  return requests;
}
