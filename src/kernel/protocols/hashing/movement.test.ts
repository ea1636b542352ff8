// Minimal movement: joins move keys only to the joiner, removals only the leaver's keys, about 1/(N+1) of them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BoundedLoadsRing } from './bounded-loads.ts';
import { checkCapacity, checkOnlyLeaverKeysMove, checkOnlyMovesToJoiner } from './checkers.ts';
import { createStrategy } from './create.ts';
import { compareOwners, idealMovedFraction, movementForChange, movementUnderEveryStrategy } from './movement.ts';
import { addNode, makeNodes, removeNode, setNodeWeight, type NodeSpec } from './nodes.ts';
import type { StrategyName } from './strategy.ts';
import { keyHashesWithEdges, nodeSetArbitrary, seededKeyHashes } from './test-support.ts';

function ownersBeforeAndAfter(name: StrategyName, before: readonly NodeSpec[], after: readonly NodeSpec[], keyHashes: Uint32Array, hashSeed: number) {
  const options = { vnodesPerNode: 8, hashSeed };
  return {
    beforeOwners: createStrategy(name, before, options).assignOwners(keyHashes),
    afterOwners: createStrategy(name, after, options).assignOwners(keyHashes),
  };
}

const seedArbitrary = fc.integer({ min: 0, max: 0xffffffff });

describe('minimal movement (Karger et al.: "only the keys of the changed node move")', () => {
  for (const name of ['ring', 'rendezvous', 'jump'] as const) {
    it(`${name}: a join moves keys only to the new node`, () => {
      fc.assert(
        fc.property(nodeSetArbitrary(12, name !== 'jump'), seedArbitrary, (nodes, seed) => {
          const after = addNode(nodes, 'joiner', name === 'jump' ? 1 : 2);
          const keyHashes = keyHashesWithEdges(seed, 300);
          const { beforeOwners, afterOwners } = ownersBeforeAndAfter(name, nodes, after, keyHashes, seed);
          expect(checkOnlyMovesToJoiner(nodes, beforeOwners, after, afterOwners, 'joiner')).toBeNull();
        }),
        { numRuns: 100 },
      );
    });
  }

  for (const name of ['ring', 'rendezvous'] as const) {
    it(`${name}: removing any node moves only that node's keys`, () => {
      fc.assert(
        fc.property(nodeSetArbitrary(12, true).filter((nodes) => nodes.length >= 2), fc.nat(), seedArbitrary, (nodes, pick, seed) => {
          const leaving = nodes[pick % nodes.length]!.id;
          const after = removeNode(nodes, leaving);
          const keyHashes = keyHashesWithEdges(seed, 300);
          const { beforeOwners, afterOwners } = ownersBeforeAndAfter(name, nodes, after, keyHashes, seed);
          expect(checkOnlyLeaverKeysMove(nodes, beforeOwners, after, afterOwners, leaving)).toBeNull();
        }),
        { numRuns: 100 },
      );
    });
  }

  it('jump: removing the last bucket moves only its keys (the one removal jump supports)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), seedArbitrary, (nodeCount, seed) => {
        const nodes = makeNodes(nodeCount);
        const leaving = nodes[nodeCount - 1]!.id;
        const after = removeNode(nodes, leaving);
        const keyHashes = keyHashesWithEdges(seed, 300);
        const { beforeOwners, afterOwners } = ownersBeforeAndAfter('jump', nodes, after, keyHashes, seed);
        expect(checkOnlyLeaverKeysMove(nodes, beforeOwners, after, afterOwners, leaving)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  // The checkers must be able to fail: these are the strategies' real weaknesses, not planted bugs.
  it('the join checker catches mod-N, which moves keys between old nodes', () => {
    const nodes = makeNodes(10);
    const after = addNode(nodes, 'joiner');
    const keyHashes = seededKeyHashes(1, 1000);
    const { beforeOwners, afterOwners } = ownersBeforeAndAfter('mod-n', nodes, after, keyHashes, 0);
    expect(checkOnlyMovesToJoiner(nodes, beforeOwners, after, afterOwners, 'joiner')?.message).toMatch(/not to joiner/);
  });

  it('the removal checker catches jump hash losing a middle bucket (it renumbers the buckets after it)', () => {
    const nodes = makeNodes(10);
    const after = removeNode(nodes, 'n3');
    const keyHashes = seededKeyHashes(1, 1000);
    const { beforeOwners, afterOwners } = ownersBeforeAndAfter('jump', nodes, after, keyHashes, 0);
    expect(checkOnlyLeaverKeysMove(nodes, beforeOwners, after, afterOwners, 'n3')).not.toBeNull();
  });
});

describe('how many keys move', () => {
  const keyHashes = seededKeyHashes(2024, 50_000);
  const nodes = makeNodes(10);
  const joined = addNode(nodes, 'n11');

  it('ideal minimum: 1/(N+1) for a join to N nodes, 1/N for a removal from N, the share change for a reweight', () => {
    expect(idealMovedFraction(nodes, joined)).toBeCloseTo(1 / 11, 12);
    expect(idealMovedFraction(nodes, removeNode(nodes, 'n4'))).toBeCloseTo(1 / 10, 12);
    // n1 from weight 1 to 2 of a total 11: its share goes from 1/10 to 2/11.
    expect(idealMovedFraction(nodes, setNodeWeight(nodes, 'n1', 2))).toBeCloseTo(2 / 11 - 1 / 10, 12);
  });

  it('"each node joining takes about 1/(N+1) of the keys": ring with 500 vnodes, rendezvous and jump', () => {
    for (const name of ['ring', 'rendezvous', 'jump'] as const) {
      const movement = movementForChange(name, nodes, joined, keyHashes, { vnodesPerNode: 500, hashSeed: 7 });
      // Binomial noise for rendezvous and jump is under 2 %; 500 tokens leave the ring's share within ~5 % (1σ).
      expect(movement.movedFraction, name).toBeGreaterThan((1 / 11) * 0.8);
      expect(movement.movedFraction, name).toBeLessThan((1 / 11) * 1.2);
      expect(movement.idealMovedKeyCount).toBe(Math.round(50_000 / 11));
    }
  });

  it('mod-N moves about N/(N+1) of the keys on a join: almost everything', () => {
    const movement = movementForChange('mod-n', nodes, joined, keyHashes);
    expect(movement.movedFraction).toBeGreaterThan(0.88);
  });

  it('the comparison panel gives every strategy, and moved key indexes match the count', () => {
    const all = movementUnderEveryStrategy(nodes, joined, keyHashes, { vnodesPerNode: 100 });
    expect(Object.keys(all).sort()).toEqual(['bounded-loads', 'jump', 'mod-n', 'rendezvous', 'ring']);
    for (const movement of Object.values(all)) expect(movement.movedKeyIndexes.length).toBe(movement.movedKeyCount);
    expect(all['mod-n'].movedFraction).toBeGreaterThan(5 * all.ring.movedFraction);
  });

  it('compareOwners compares by node id, so renumbered indexes of the same node do not count as moves', () => {
    const before = makeNodes(3); // n1 n2 n3
    const after = removeNode(before, 'n1'); // n2 is now index 0, n3 index 1
    const change = compareOwners(before, Int32Array.from([0, 1, 2, 1]), after, Int32Array.from([0, 0, 1, 1]));
    // key 0 left n1 (moved), key 1 stays on n2, key 2 stays on n3, key 3 went n2 → n3 (moved).
    expect([...change.movedKeyIndexes]).toEqual([0, 3]);
    expect(change.movedFraction).toBe(0.5);
  });
});

describe('bounded loads (Mirrokni, Thorup & Zadimoghaddam): "no bin gets more than ⌈(1+ε)·m/n⌉ balls"', () => {
  it('never exceeds capacity, for any ε, weights and key count', () => {
    fc.assert(
      fc.property(
        nodeSetArbitrary(20, true),
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 3000 }),
        seedArbitrary,
        (nodes, vnodes, epsilon, keyCount, seed) => {
          const strategy = new BoundedLoadsRing(nodes, { vnodesPerNode: vnodes, hashSeed: seed, epsilon });
          const keyHashes = seededKeyHashes(seed, keyCount);
          expect(checkCapacity(strategy.assignOwners(keyHashes), strategy.capacities(keyCount))).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('capacity is ceil((1 + ε) K / N) with equal weights', () => {
    const strategy = new BoundedLoadsRing(makeNodes(10), { vnodesPerNode: 1, hashSeed: 0, epsilon: 0.25 });
    expect([...strategy.capacities(1000)]).toEqual(new Array(10).fill(125));
    expect([...strategy.capacities(1001)]).toEqual(new Array(10).fill(126));
  });

  it('the capacity checker catches a plain ring, whose nodes overflow with few vnodes', () => {
    const nodes = makeNodes(10);
    const keyHashes = seededKeyHashes(3, 10_000);
    const plain = createStrategy('ring', nodes, { vnodesPerNode: 1 }).assignOwners(keyHashes);
    const bounded = new BoundedLoadsRing(nodes, { vnodesPerNode: 1, hashSeed: 0, epsilon: 0.1 });
    expect(checkCapacity(plain, bounded.capacities(keyHashes.length))).not.toBeNull();
    expect(checkCapacity(bounded.assignOwners(keyHashes), bounded.capacities(keyHashes.length))).toBeNull();
  });

  it('with a huge ε no node is ever full, so it is exactly the plain ring', () => {
    const nodes = makeNodes(6);
    const keyHashes = seededKeyHashes(4, 2000);
    const bounded = new BoundedLoadsRing(nodes, { vnodesPerNode: 20, hashSeed: 5, epsilon: 10 }).assignOwners(keyHashes);
    expect(bounded).toEqual(createStrategy('ring', nodes, { vnodesPerNode: 20, hashSeed: 5 }).assignOwners(keyHashes));
  });
});
