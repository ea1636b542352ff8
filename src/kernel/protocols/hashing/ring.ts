// Consistent hashing ring with virtual nodes (Karger et al. 1997; Dynamo 2007): sorted tokens, binary search.
import { murmur3String } from './murmur3.ts';
import { idRanks, validateNodes, type NodeSpec } from './nodes.ts';
import { assignOwnersOneByOne, withPrimaryFirst, type PlacementStrategy, type StrategyOptions } from './strategy.ts';

/** Tokens a node of this weight places on the ring: weight scales tokens, and every node keeps at least one. */
export function tokenCountFor(weight: number, vnodesPerNode: number): number {
  return Math.max(1, Math.round(weight * vnodesPerNode));
}

/** Ring position of a node's `tokenIndex`-th token. The reference implementation uses the same definition. */
export function tokenPosition(nodeId: string, tokenIndex: number, hashSeed: number): number {
  return murmur3String(`${nodeId}#${tokenIndex}`, hashSeed);
}

/** Tokens sorted by position (ties by node id), as two parallel typed arrays. */
export interface RingTokens {
  readonly positions: Uint32Array;
  readonly owners: Uint16Array;
}

export function buildRingTokens(nodes: readonly NodeSpec[], vnodesPerNode: number, hashSeed: number): RingTokens {
  validateNodes(nodes);
  if (!(Number.isInteger(vnodesPerNode) && vnodesPerNode >= 1)) {
    throw new RangeError(`vnodesPerNode must be a positive integer, got ${vnodesPerNode}`);
  }
  const ranks = idRanks(nodes);
  const nodeIndexByRank = new Uint16Array(nodes.length);
  let tokenCount = 0;
  nodes.forEach((node, index) => {
    nodeIndexByRank[ranks[index]!] = index;
    tokenCount += tokenCountFor(node.weight, vnodesPerNode);
  });
  // Pack (position, id rank) into one exact double (at most 2^48) so one numeric typed-array sort
  // orders by position and breaks ties by id: no comparator calls and no objects per token.
  const packed = new Float64Array(tokenCount);
  let next = 0;
  nodes.forEach((node, index) => {
    const count = tokenCountFor(node.weight, vnodesPerNode);
    const rank = ranks[index]!;
    for (let token = 0; token < count; token++) {
      packed[next++] = tokenPosition(node.id, token, hashSeed) * 65_536 + rank;
    }
  });
  packed.sort();
  const positions = new Uint32Array(tokenCount);
  const owners = new Uint16Array(tokenCount);
  for (let i = 0; i < tokenCount; i++) {
    const value = packed[i]!;
    const rank = value % 65_536;
    positions[i] = (value - rank) / 65_536;
    owners[i] = nodeIndexByRank[rank]!;
  }
  return { positions, owners };
}

/** Index of the first token at or clockwise after `keyHash`, wrapping past the top of the ring to token 0. */
export function successorTokenIndex(positions: Uint32Array, keyHash: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (positions[middle]! < keyHash) low = middle + 1;
    else high = middle;
  }
  return low === positions.length ? 0 : low;
}

/** Dynamo's walk: clockwise from the key, skipping tokens of nodes already chosen, until `count` nodes. */
export function walkDistinctNodes(tokens: RingTokens, startIndex: number, count: number, chosen: number[]): number[] {
  const tokenCount = tokens.positions.length;
  let index = startIndex;
  for (let step = 0; step < tokenCount && chosen.length < count; step++) {
    const node = tokens.owners[index]!;
    if (!chosen.includes(node)) chosen.push(node);
    index = index + 1 === tokenCount ? 0 : index + 1;
  }
  return chosen;
}

export class ConsistentHashRing implements PlacementStrategy {
  readonly name = 'ring' as const;
  readonly label = 'Consistent hashing ring';
  readonly supportsWeights = true;
  readonly supportsArbitraryRemoval = true;
  readonly ownerDependsOnOtherKeys = false;
  readonly lookupCost = 'O(log T) binary search';
  readonly memoryEstimateBytes: number;
  readonly tokens: RingTokens;

  constructor(
    readonly nodes: readonly NodeSpec[],
    options: Pick<StrategyOptions, 'vnodesPerNode' | 'hashSeed'>,
  ) {
    this.tokens = buildRingTokens(nodes, options.vnodesPerNode, options.hashSeed);
    this.memoryEstimateBytes = this.tokens.positions.byteLength + this.tokens.owners.byteLength;
  }

  ownerOf(keyHash: number): number {
    if (this.tokens.positions.length === 0) return -1;
    return this.tokens.owners[successorTokenIndex(this.tokens.positions, keyHash)]!;
  }

  assignOwners(keyHashes: Uint32Array): Int32Array {
    return assignOwnersOneByOne(this, keyHashes);
  }

  preferenceList(keyHash: number, replicaCount: number, primary?: number): number[] {
    const count = Math.min(replicaCount, this.nodes.length);
    if (count <= 0) return [];
    const start = successorTokenIndex(this.tokens.positions, keyHash);
    const walked = walkDistinctNodes(this.tokens, start, count, primary === undefined || primary < 0 ? [] : [primary]);
    return withPrimaryFirst(primary, walked, count);
  }
}
