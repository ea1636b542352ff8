// Jump consistent hash (Lamping & Veach 2014): no memory, O(log N), but buckets can only leave from the end.
import { validateNodes, type NodeSpec } from './nodes.ts';
import { assignOwnersOneByOne, type PlacementStrategy } from './strategy.ts';

// The paper's 64-bit LCG multiplier 2862933555777941757 = 0x27BB2EE6_87B0B0FD, split into 32-bit halves.
const multiplierHigh = 0x27bb2ee6;
const multiplierLow = 0x87b0b0fd;
const multiplierLow16High = multiplierLow >>> 16;
const multiplierLow16Low = multiplierLow & 0xffff;

/**
 * Bucket in [0, bucketCount) for the 64-bit key (keyHigh << 32 | keyLow). The LCG step
 * key = key × 2862933555777941757 + 1 (mod 2^64) is done on two 32-bit halves: the low × low product
 * is split into 16-bit pieces so every partial product stays exact in a double.
 */
export function jumpBucket(keyHigh: number, keyLow: number, bucketCount: number): number {
  let high = keyHigh >>> 0;
  let low = keyLow >>> 0;
  let bucket = -1;
  let next = 0;
  while (next < bucketCount) {
    bucket = next;
    const lowHigh16 = low >>> 16;
    const lowLow16 = low & 0xffff;
    const productLowLow = lowLow16 * multiplierLow16Low;
    const productMiddle = lowLow16 * multiplierLow16High + lowHigh16 * multiplierLow16Low;
    const productHighHigh = lowHigh16 * multiplierLow16High;
    const lowSum = productLowLow + (productMiddle % 65_536) * 65_536;
    const newLow = lowSum >>> 0;
    const carry = Math.floor(lowSum / 4_294_967_296);
    // High word: the high half of low × low, plus the cross terms (only their low 32 bits survive mod 2^64).
    let newHigh =
      (productHighHigh + Math.floor(productMiddle / 65_536) + carry + Math.imul(high, multiplierLow) + Math.imul(low, multiplierHigh)) >>> 0;
    // The + 1 of the LCG, carrying into the high word when the low word wraps.
    low = (newLow + 1) >>> 0;
    if (low === 0) newHigh = (newHigh + 1) >>> 0;
    high = newHigh;
    // (key >> 33) is the high word shifted right once; the division is in doubles, as in the paper's C++.
    next = Math.floor((bucket + 1) * (2_147_483_648 / ((high >>> 1) + 1)));
  }
  return bucket;
}

export class JumpPlacement implements PlacementStrategy {
  readonly name = 'jump' as const;
  readonly label = 'Jump consistent hash';
  readonly supportsWeights = false;
  // Buckets are numbered 0..N-1: only the last can leave with minimal movement. Removing another
  // needs an indirection table (move the last node into the hole), which is not jump hash itself.
  readonly supportsArbitraryRemoval = false;
  readonly ownerDependsOnOtherKeys = false;
  readonly lookupCost = 'O(log N), no table';
  readonly memoryEstimateBytes = 0;

  constructor(readonly nodes: readonly NodeSpec[]) {
    validateNodes(nodes);
  }

  /** The 32-bit key hash is the 64-bit key's low word: the LCG spreads it over all 64 bits at once. */
  ownerOf(keyHash: number): number {
    return this.nodes.length === 0 ? -1 : jumpBucket(0, keyHash, this.nodes.length);
  }

  assignOwners(keyHashes: Uint32Array): Int32Array {
    return assignOwnersOneByOne(this, keyHashes);
  }

  /** Replicas on the following buckets, wrapping, as jump-hashed stores commonly do. */
  preferenceList(keyHash: number, replicaCount: number, primary?: number): number[] {
    const nodeCount = this.nodes.length;
    const count = Math.min(replicaCount, nodeCount);
    const first = primary === undefined || primary < 0 ? this.ownerOf(keyHash) : primary;
    const list: number[] = [];
    for (let offset = 0; offset < count; offset++) list.push((first + offset) % nodeCount);
    return list;
  }
}
