// Deliberately simple, slow versions of every strategy: linear scans and argmax loops, for the checkers to trust.
import { boundedLoadCapacities } from './bounded-loads.ts';
import { murmur3String } from './murmur3.ts';
import type { NodeId, NodeSpec } from './nodes.ts';
import { pairScoreHash, weightedScore } from './rendezvous.ts';
import { tokenCountFor, tokenPosition } from './ring.ts';

interface Token {
  position: number;
  id: NodeId;
}

function allTokens(nodes: readonly NodeSpec[], vnodesPerNode: number, hashSeed: number): Token[] {
  const tokens: Token[] = [];
  for (const node of nodes) {
    for (let t = 0; t < tokenCountFor(node.weight, vnodesPerNode); t++) {
      tokens.push({ position: tokenPosition(node.id, t, hashSeed), id: node.id });
    }
  }
  return tokens;
}

function tokenBefore(a: Token, b: Token): boolean {
  return a.position < b.position || (a.position === b.position && a.id < b.id);
}

/** Ring owner by linear scan: the lowest token at or above the key, else the lowest token of all. */
export function referenceRingOwner(nodes: readonly NodeSpec[], vnodesPerNode: number, hashSeed: number, keyHash: number): NodeId | undefined {
  let atOrAbove: Token | undefined;
  let lowest: Token | undefined;
  for (const token of allTokens(nodes, vnodesPerNode, hashSeed)) {
    if (lowest === undefined || tokenBefore(token, lowest)) lowest = token;
    if (token.position >= keyHash && (atOrAbove === undefined || tokenBefore(token, atOrAbove))) atOrAbove = token;
  }
  return (atOrAbove ?? lowest)?.id;
}

/** Ring owners for many keys: the same linear scan per key, over a token list built once. */
export function referenceRingOwners(nodes: readonly NodeSpec[], vnodesPerNode: number, hashSeed: number, keyHashes: Uint32Array): (NodeId | undefined)[] {
  const tokens = allTokens(nodes, vnodesPerNode, hashSeed);
  return Array.from(keyHashes, (keyHash) => {
    let atOrAbove: Token | undefined;
    let lowest: Token | undefined;
    for (const token of tokens) {
      if (lowest === undefined || tokenBefore(token, lowest)) lowest = token;
      if (token.position >= keyHash && (atOrAbove === undefined || tokenBefore(token, atOrAbove))) atOrAbove = token;
    }
    return (atOrAbove ?? lowest)?.id;
  });
}

/** Dynamo preference list, the slow way: sort all tokens, walk clockwise, keep the first R distinct ids. */
export function referenceRingPreferenceList(
  nodes: readonly NodeSpec[],
  vnodesPerNode: number,
  hashSeed: number,
  keyHash: number,
  replicaCount: number,
): NodeId[] {
  const tokens = allTokens(nodes, vnodesPerNode, hashSeed).sort((a, b) => (tokenBefore(a, b) ? -1 : tokenBefore(b, a) ? 1 : 0));
  let start = tokens.findIndex((token) => token.position >= keyHash);
  if (start < 0) start = 0;
  const list: NodeId[] = [];
  for (let step = 0; step < tokens.length && list.length < replicaCount; step++) {
    const id = tokens[(start + step) % tokens.length]!.id;
    if (!list.includes(id)) list.push(id);
  }
  return list;
}

function rendezvousScores(nodes: readonly NodeSpec[], hashSeed: number, keyHash: number): { id: NodeId; score: number }[] {
  const weightsAllEqual = nodes.every((node) => node.weight === nodes[0]!.weight);
  return nodes.map((node) => {
    const hash = pairScoreHash(murmur3String(node.id, hashSeed), keyHash, hashSeed);
    return { id: node.id, score: weightsAllEqual ? hash : weightedScore(node.weight, hash) };
  });
}

/** Rendezvous owner by argmax over every node (ties to the smaller id). */
export function referenceRendezvousOwner(nodes: readonly NodeSpec[], hashSeed: number, keyHash: number): NodeId | undefined {
  let best: { id: NodeId; score: number } | undefined;
  for (const candidate of rendezvousScores(nodes, hashSeed, keyHash)) {
    if (best === undefined || candidate.score > best.score || (candidate.score === best.score && candidate.id < best.id)) best = candidate;
  }
  return best?.id;
}

export function referenceRendezvousPreferenceList(nodes: readonly NodeSpec[], hashSeed: number, keyHash: number, replicaCount: number): NodeId[] {
  return rendezvousScores(nodes, hashSeed, keyHash)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, replicaCount)
    .map((entry) => entry.id);
}

/** Lamping & Veach's C++ loop, line for line, in BigInt: unsigned 64-bit wrap-around by masking. */
export function referenceJumpBucket(key: bigint, bucketCount: number): number {
  const mask = (1n << 64n) - 1n;
  let state = key & mask;
  let bucket = -1n;
  let next = 0n;
  while (next < BigInt(bucketCount)) {
    bucket = next;
    state = (state * 2862933555777941757n + 1n) & mask;
    next = BigInt(Math.floor(Number(bucket + 1n) * (Number(1n << 31n) / Number((state >> 33n) + 1n))));
  }
  return Number(bucket);
}

/** Bounded loads the slow way: per key, linear search for the successor, then step token by token past full nodes. */
export function referenceBoundedLoadsOwners(
  nodes: readonly NodeSpec[],
  vnodesPerNode: number,
  hashSeed: number,
  epsilon: number,
  keyHashes: Uint32Array,
): (NodeId | undefined)[] {
  const tokens = allTokens(nodes, vnodesPerNode, hashSeed).sort((a, b) => (tokenBefore(a, b) ? -1 : tokenBefore(b, a) ? 1 : 0));
  const capacities = boundedLoadCapacities(nodes, keyHashes.length, epsilon);
  const capacityById = new Map(nodes.map((node, index) => [node.id, capacities[index]!]));
  const loadById = new Map(nodes.map((node) => [node.id, 0]));
  return Array.from(keyHashes, (keyHash) => {
    let index = tokens.findIndex((token) => token.position >= keyHash);
    if (index < 0) index = 0;
    for (let step = 0; step < tokens.length; step++) {
      const id = tokens[(index + step) % tokens.length]!.id;
      if (loadById.get(id)! < capacityById.get(id)!) {
        loadById.set(id, loadById.get(id)! + 1);
        return id;
      }
    }
    return undefined;
  });
}
