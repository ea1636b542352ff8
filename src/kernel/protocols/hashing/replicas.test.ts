// Failure versus removal (Dynamo §4.6, §4.8): a down node is covered by a hinted stand-in; a removed node's keys move.
import { describe, expect, it } from 'vitest';
import { createStrategy } from './create.ts';
import { compareOwners } from './movement.ts';
import { makeNodes, removeNode, setNodeUp } from './nodes.ts';
import { assignServingOwners, replicaSet } from './replicas.ts';
import { ConsistentHashRing } from './ring.ts';
import { strategyNames } from './strategy.ts';
import { seededKeyHashes } from './test-support.ts';

const options = { vnodesPerNode: 20, hashSeed: 1 };
const nodes = makeNodes(6);
const keyHashes = seededKeyHashes(8, 3000);

describe('temporary failure: "the replica is sent to the next healthy node, with a hint naming the intended one"', () => {
  const failed = setNodeUp(nodes, 'n2', false);
  const downIndex = 1;

  it('tokens stay on the ring and primary owners do not change', () => {
    const healthy = new ConsistentHashRing(nodes, options);
    const withFailure = new ConsistentHashRing(failed, options);
    expect(withFailure.tokens).toEqual(healthy.tokens);
    expect(compareOwners(nodes, healthy.assignOwners(keyHashes), failed, withFailure.assignOwners(keyHashes)).movedKeyCount).toBe(0);
  });

  it('each key with the down node among its R intended replicas gets one hinted stand-in from further down its list', () => {
    const ring = new ConsistentHashRing(failed, options);
    let keysWithHints = 0;
    for (const keyHash of keyHashes) {
      const { intended, serving } = replicaSet(ring, keyHash, 3);
      const servingNodes = serving.map((replica) => replica.node);
      expect(new Set(servingNodes).size).toBe(3);
      expect(servingNodes).not.toContain(downIndex);
      const hinted = serving.filter((replica) => replica.hintFor >= 0);
      if (intended.includes(downIndex)) {
        keysWithHints++;
        expect(hinted).toHaveLength(1);
        expect(hinted[0]!.hintFor).toBe(downIndex);
        // The stand-in is the 4th node of the walk: the first one past the intended three.
        expect(hinted[0]!.node).toBe(ring.preferenceList(keyHash, 4)[3]);
      } else {
        expect(hinted).toHaveLength(0);
      }
    }
    expect(keysWithHints).toBeGreaterThan(0);
  });

  it('serving owners: only the down node’s keys change hands, each to the next node of its preference list', () => {
    for (const name of strategyNames) {
      const strategy = createStrategy(name, failed, options);
      const owners = strategy.assignOwners(keyHashes);
      const serving = assignServingOwners(strategy, keyHashes, owners);
      owners.forEach((owner, key) => {
        if (owner !== downIndex) expect(serving[key], name).toBe(owner);
        else expect(serving[key], name).toBe(strategy.preferenceList(keyHashes[key]!, 2, owner)[1]);
      });
    }
  });

  it('with every node down, nothing serves', () => {
    const allDown = nodes.reduce((set, node) => setNodeUp(set, node.id, false), nodes);
    const ring = new ConsistentHashRing(allDown, options);
    expect(replicaSet(ring, 12345, 3).serving).toEqual([]);
    expect([...assignServingOwners(ring, keyHashes.subarray(0, 5), ring.assignOwners(keyHashes.subarray(0, 5)))]).toEqual([-1, -1, -1, -1, -1]);
  });
});

describe('removal: "tokens leave the ring and the keys move for good"', () => {
  it('the removed node’s tokens are gone and its keys have new intended replicas', () => {
    const removed = removeNode(nodes, 'n2');
    const before = new ConsistentHashRing(nodes, options);
    const after = new ConsistentHashRing(removed, options);
    expect(after.tokens.positions.length).toBe(before.tokens.positions.length - options.vnodesPerNode);
    for (const keyHash of keyHashes.subarray(0, 300)) {
      const beforeIds = replicaSet(before, keyHash, 3).intended.map((node) => nodes[node]!.id);
      const afterIds = replicaSet(after, keyHash, 3).intended.map((node) => removed[node]!.id);
      const expected = before
        .preferenceList(keyHash, 4)
        .map((node) => nodes[node]!.id)
        .filter((id) => id !== 'n2')
        .slice(0, 3);
      expect(afterIds).toEqual(expected);
      expect(afterIds.every((id) => id !== 'n2')).toBe(true);
      if (!beforeIds.includes('n2')) expect(afterIds).toEqual(beforeIds);
    }
  });
});
