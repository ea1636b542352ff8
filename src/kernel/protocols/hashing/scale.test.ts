// The lab's scale target, checked for correctness (timings live in the benchmark): 1,000,000 keys, 200 nodes × 500 vnodes.
import { describe, expect, it } from 'vitest';
import { BoundedLoadsRing } from './bounded-loads.ts';
import { checkCapacity, checkSameOwners } from './checkers.ts';
import { generateKeySet } from './keys.ts';
import { makeNodes } from './nodes.ts';
import { referenceRingOwners } from './reference.ts';
import { ConsistentHashRing } from './ring.ts';

describe('scale: 1,000,000 keys on 200 nodes × 500 vnodes', () => {
  const nodes = makeNodes(200);
  const keys = generateKeySet({ keyCount: 1_000_000, seed: 42, distribution: { kind: 'zipf', exponent: 1 } });

  it('the ring assigns every key, and a sample of 300 keys matches the linear-scan reference', () => {
    const ring = new ConsistentHashRing(nodes, { vnodesPerNode: 500, hashSeed: 0 });
    expect(ring.tokens.positions.length).toBe(100_000);
    const owners = ring.assignOwners(keys.hashes);
    expect(owners.every((owner) => owner >= 0 && owner < 200)).toBe(true);
    const sampleIndexes = Array.from({ length: 300 }, (_, i) => (i * 3331) % keys.keyCount);
    const sampleHashes = Uint32Array.from(sampleIndexes, (index) => keys.hashes[index]!);
    const sampleOwners = Int32Array.from(sampleIndexes, (index) => owners[index]!);
    expect(checkSameOwners(nodes, sampleOwners, referenceRingOwners(nodes, 500, 0, sampleHashes), sampleHashes)).toBeNull();
  });

  it('bounded loads with ε = 0.05 keeps every node within ceil(1.05 × K / N)', () => {
    const bounded = new BoundedLoadsRing(nodes, { vnodesPerNode: 500, hashSeed: 0, epsilon: 0.05 });
    const capacities = bounded.capacities(keys.keyCount);
    expect(capacities[0]).toBe(5250);
    expect(checkCapacity(bounded.assignOwners(keys.hashes), capacities)).toBeNull();
  });
});
