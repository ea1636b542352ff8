// Each strategy against its deliberately simple reference, over many random node sets and keys.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BoundedLoadsRing } from './bounded-loads.ts';
import { checkPreferenceList, checkSameOwners } from './checkers.ts';
import { createStrategy } from './create.ts';
import { jumpBucket, JumpPlacement } from './jump.ts';
import { ModNPlacement } from './mod-n.ts';
import { makeNodes } from './nodes.ts';
import {
  referenceBoundedLoadsOwners,
  referenceJumpBucket,
  referenceRendezvousOwner,
  referenceRendezvousPreferenceList,
  referenceRingOwners,
  referenceRingPreferenceList,
} from './reference.ts';
import { RendezvousPlacement } from './rendezvous.ts';
import { ConsistentHashRing, successorTokenIndex } from './ring.ts';
import { strategyNames } from './strategy.ts';
import { keyHashesWithEdges, nodeSetArbitrary } from './test-support.ts';

const seedArbitrary = fc.integer({ min: 0, max: 0xffffffff });

describe('consistent hashing ring', () => {
  it('"each key is assigned to the first node clockwise from its position": same owner as a linear scan', () => {
    fc.assert(
      fc.property(nodeSetArbitrary(12, true), fc.integer({ min: 1, max: 20 }), seedArbitrary, seedArbitrary, (nodes, vnodes, hashSeed, keySeed) => {
        const ring = new ConsistentHashRing(nodes, { vnodesPerNode: vnodes, hashSeed });
        const keyHashes = keyHashesWithEdges(keySeed, 200, ring.tokens.positions);
        const violation = checkSameOwners(nodes, ring.assignOwners(keyHashes), referenceRingOwners(nodes, vnodes, hashSeed, keyHashes), keyHashes);
        expect(violation).toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it('"walk clockwise, skipping nodes already chosen": preference lists equal the reference walk', () => {
    fc.assert(
      fc.property(nodeSetArbitrary(10, true), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 12 }), seedArbitrary, (nodes, vnodes, replicas, seed) => {
        const ring = new ConsistentHashRing(nodes, { vnodesPerNode: vnodes, hashSeed: seed });
        for (const keyHash of keyHashesWithEdges(seed, 30, ring.tokens.positions)) {
          const list = ring.preferenceList(keyHash, replicas);
          expect(checkPreferenceList(list, replicas, nodes.length)).toBeNull();
          expect(list.map((node) => nodes[node]!.id)).toEqual(referenceRingPreferenceList(nodes, vnodes, seed, keyHash, replicas));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('scales tokens with weight: weight 2 places twice the tokens of weight 1', () => {
    const ring = new ConsistentHashRing(
      [
        { id: 'a', weight: 1, up: true },
        { id: 'b', weight: 2, up: true },
      ],
      { vnodesPerNode: 50, hashSeed: 0 },
    );
    const tokensOfB = ring.tokens.owners.filter((owner) => owner === 1).length;
    expect([ring.tokens.owners.length, tokensOfB]).toEqual([150, 100]);
  });
});

describe('planted bug: the reference comparison catches a broken ring lookup', () => {
  // Two classic mistakes: forgetting to wrap past the last token, and using > where >= belongs.
  function ownersWithoutWrap(ring: ConsistentHashRing, keyHashes: Uint32Array): Int32Array {
    const { positions, owners } = ring.tokens;
    return Int32Array.from(keyHashes, (keyHash) => {
      let low = 0;
      let high = positions.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (positions[middle]! < keyHash) low = middle + 1;
        else high = middle;
      }
      return owners[low]!; // bug: a key above every token should go to token 0
    });
  }
  function ownersStrictlyAfter(ring: ConsistentHashRing, keyHashes: Uint32Array): Int32Array {
    const { positions, owners } = ring.tokens;
    return Int32Array.from(keyHashes, (keyHash) => owners[successorTokenIndex(positions, keyHash === 0xffffffff ? keyHash : keyHash + 1)]!);
  }

  const nodes = makeNodes(8);
  const ring = new ConsistentHashRing(nodes, { vnodesPerNode: 4, hashSeed: 3 });
  const keyHashes = keyHashesWithEdges(11, 500, ring.tokens.positions);
  const reference = referenceRingOwners(nodes, 4, 3, keyHashes);

  it('the real lookup passes the same check', () => {
    expect(checkSameOwners(nodes, ring.assignOwners(keyHashes), reference, keyHashes)).toBeNull();
  });

  it('a lookup that does not wrap around is caught', () => {
    const violation = checkSameOwners(nodes, ownersWithoutWrap(ring, keyHashes), reference, keyHashes);
    expect(violation?.message).toMatch(/reference says/);
  });

  it('a lookup that skips a token sitting exactly at the key is caught', () => {
    expect(checkSameOwners(nodes, ownersStrictlyAfter(ring, keyHashes), reference, keyHashes)).not.toBeNull();
  });

  it('a preference list that does not skip repeated nodes is caught', () => {
    const { owners } = ring.tokens;
    const start = successorTokenIndex(ring.tokens.positions, keyHashes[2]!);
    const naive = [0, 1, 2, 3, 4, 5].map((step) => owners[(start + step) % owners.length]!);
    expect(new Set(naive).size).toBeLessThan(naive.length); // 8 nodes × 4 tokens: six raw steps repeat a node here
    expect(checkPreferenceList(naive, 6, nodes.length)).not.toBeNull();
  });
});

describe('rendezvous hashing', () => {
  it('"the node with the highest score for the key wins": same owner as an argmax loop (weighted and not)', () => {
    fc.assert(
      fc.property(nodeSetArbitrary(15, true), fc.boolean(), seedArbitrary, seedArbitrary, (weightedNodes, weighted, hashSeed, keySeed) => {
        const nodes = weighted ? weightedNodes : weightedNodes.map((node) => ({ ...node, weight: 1 }));
        const strategy = new RendezvousPlacement(nodes, { hashSeed });
        const keyHashes = keyHashesWithEdges(keySeed, 200);
        const reference = Array.from(keyHashes, (keyHash) => referenceRendezvousOwner(nodes, hashSeed, keyHash));
        expect(checkSameOwners(nodes, strategy.assignOwners(keyHashes), reference, keyHashes)).toBeNull();
        for (const keyHash of keyHashes.subarray(0, 10)) {
          const list = strategy.preferenceList(keyHash, 3);
          expect(list.map((node) => nodes[node]!.id)).toEqual(referenceRendezvousPreferenceList(nodes, hashSeed, keyHash, 3));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('weight w wins a w / Σw share of keys', () => {
    const nodes = [
      { id: 'a', weight: 1, up: true },
      { id: 'b', weight: 3, up: true },
    ];
    const owners = new RendezvousPlacement(nodes, { hashSeed: 0 }).assignOwners(keyHashesWithEdges(5, 40_000));
    const shareOfB = owners.filter((owner) => owner === 1).length / owners.length;
    expect(shareOfB).toBeGreaterThan(0.74);
    expect(shareOfB).toBeLessThan(0.76);
  });
});

describe('jump consistent hash', () => {
  // Buckets for 1..19 (or 20) buckets, generated from the paper's C++ code (dgryski/go-jump's tests,
  // repeated in other ports' test suites).
  const vectors: ReadonlyArray<readonly [bigint, number[]]> = [
    [0n, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [1n, [0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 17, 17]],
    [0xdeadbeefn, [0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 16, 16]],
    [0x0ddc0ffeebadf00dn, [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 15, 15, 15, 15]],
  ];

  it.each(vectors)('key %s matches the published buckets', (key, buckets) => {
    const high = Number(key >> 32n);
    const low = Number(key & 0xffffffffn);
    expect(buckets.map((_, index) => jumpBucket(high, low, index + 1))).toEqual(buckets);
    expect(buckets.map((_, index) => referenceJumpBucket(key, index + 1))).toEqual(buckets);
  });

  it('the two-halves 64-bit LCG agrees with the BigInt reference on random 64-bit keys', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 100_000 }), (key, buckets) => {
        expect(jumpBucket(Number(key >> 32n), Number(key & 0xffffffffn), buckets)).toBe(referenceJumpBucket(key, buckets));
      }),
      { numRuns: 3000 },
    );
  });

  it('the strategy maps a 32-bit key hash as the low word of the 64-bit key', () => {
    const nodes = makeNodes(37);
    const strategy = new JumpPlacement(nodes);
    const keyHashes = keyHashesWithEdges(9, 300);
    const reference = Array.from(keyHashes, (keyHash) => nodes[referenceJumpBucket(BigInt(keyHash), nodes.length)]!.id);
    expect(checkSameOwners(nodes, strategy.assignOwners(keyHashes), reference, keyHashes)).toBeNull();
  });
});

describe('mod-N', () => {
  it('owner is hash mod N', () => {
    const nodes = makeNodes(7);
    const keyHashes = keyHashesWithEdges(2, 300);
    const reference = Array.from(keyHashes, (keyHash) => nodes[Number(BigInt(keyHash) % 7n)]!.id);
    expect(checkSameOwners(nodes, new ModNPlacement(nodes).assignOwners(keyHashes), reference, keyHashes)).toBeNull();
  });
});

describe('consistent hashing with bounded loads', () => {
  it('"forward to the next node clockwise that is not full": same owners as a step-by-step walk', () => {
    fc.assert(
      fc.property(
        nodeSetArbitrary(10, true),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(0, 0.05, 0.1, 0.25, 0.5, 1, 3),
        fc.integer({ min: 0, max: 400 }),
        seedArbitrary,
        (nodes, vnodes, epsilon, keyCount, seed) => {
          const strategy = new BoundedLoadsRing(nodes, { vnodesPerNode: vnodes, hashSeed: seed, epsilon });
          const keyHashes = keyHashesWithEdges(seed, keyCount, strategy.tokens.positions);
          const reference = referenceBoundedLoadsOwners(nodes, vnodes, seed, epsilon, keyHashes);
          expect(checkSameOwners(nodes, strategy.assignOwners(keyHashes), reference, keyHashes)).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('every strategy', () => {
  it('preference lists have min(R, N) distinct nodes, primary first', () => {
    fc.assert(
      fc.property(nodeSetArbitrary(12, false), fc.integer({ min: 1, max: 14 }), seedArbitrary, (nodes, replicas, seed) => {
        for (const name of strategyNames) {
          const strategy = createStrategy(name, nodes, { vnodesPerNode: 5, hashSeed: seed });
          const keyHashes = keyHashesWithEdges(seed, 20);
          const owners = strategy.assignOwners(keyHashes);
          keyHashes.forEach((keyHash, key) => {
            const list = strategy.preferenceList(keyHash, replicas, owners[key]);
            const violation = checkPreferenceList(list, replicas, nodes.length);
            if (violation) throw new Error(`${name}: ${violation.message}`);
            expect(list[0]).toBe(owners[key]);
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});
