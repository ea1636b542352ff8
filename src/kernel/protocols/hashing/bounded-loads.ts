// Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam 2018): no node takes more than its capacity.
import { validateNodes, type NodeSpec } from './nodes.ts';
import { buildRingTokens, successorTokenIndex, walkDistinctNodes, type RingTokens } from './ring.ts';
import { withPrimaryFirst, type PlacementStrategy, type StrategyOptions } from './strategy.ts';

/**
 * Capacity of each node for `keyCount` keys: ceil((1 + ε) × K × w / W), which is ceil((1 + ε) K / N)
 * with equal weights. The sum of capacities is at least K, so every key finds a place.
 */
export function boundedLoadCapacities(nodes: readonly NodeSpec[], keyCount: number, epsilon: number): Int32Array {
  if (!(Number.isFinite(epsilon) && epsilon >= 0)) throw new RangeError(`epsilon must be ≥ 0, got ${epsilon}`);
  const totalWeight = nodes.reduce((sum, node) => sum + node.weight, 0);
  return Int32Array.from(nodes, (node) => {
    const share = ((1 + epsilon) * keyCount * node.weight) / totalWeight;
    // Forgive floating-point noise: (1 + 0.25) × 1000 / 10 must be 125, not ceil(125.00000000000001) = 126.
    return Math.ceil(share - 1e-9 * Math.max(1, share));
  });
}

export class BoundedLoadsRing implements PlacementStrategy {
  readonly name = 'bounded-loads' as const;
  readonly label = 'Consistent hashing with bounded loads';
  readonly supportsWeights = true;
  readonly supportsArbitraryRemoval = true;
  readonly ownerDependsOnOtherKeys = true;
  readonly lookupCost = 'O(log T) + walk past full nodes (longer as ε shrinks)';
  readonly memoryEstimateBytes: number;
  readonly tokens: RingTokens;
  readonly epsilon: number;
  /** Token indexes of each node, grouped: node i owns tokenIndexes[tokenStart[i] .. tokenStart[i + 1]). */
  private readonly tokenStart: Int32Array;
  private readonly tokenIndexes: Int32Array;

  constructor(
    readonly nodes: readonly NodeSpec[],
    options: Pick<StrategyOptions, 'vnodesPerNode' | 'hashSeed' | 'epsilon'>,
  ) {
    validateNodes(nodes);
    this.epsilon = options.epsilon;
    this.tokens = buildRingTokens(nodes, options.vnodesPerNode, options.hashSeed);
    const tokenCount = this.tokens.owners.length;
    this.tokenStart = new Int32Array(nodes.length + 1);
    for (let i = 0; i < tokenCount; i++) this.tokenStart[this.tokens.owners[i]! + 1]!++;
    for (let node = 0; node < nodes.length; node++) this.tokenStart[node + 1]! += this.tokenStart[node]!;
    const filled = this.tokenStart.slice(0, nodes.length);
    this.tokenIndexes = new Int32Array(tokenCount);
    for (let i = 0; i < tokenCount; i++) this.tokenIndexes[filled[this.tokens.owners[i]!]!++] = i;
    // Tokens and owners, the per-node token lists, and the skip pointers and loads used while assigning.
    this.memoryEstimateBytes =
      this.tokens.positions.byteLength + this.tokens.owners.byteLength + this.tokenIndexes.byteLength * 2 + nodes.length * 8;
  }

  /** Ring successor, ignoring capacity: where a key lands when it is alone on an empty cluster. */
  ownerOf(keyHash: number): number {
    if (this.tokens.positions.length === 0) return -1;
    return this.tokens.owners[successorTokenIndex(this.tokens.positions, keyHash)]!;
  }

  capacities(keyCount: number): Int32Array {
    return boundedLoadCapacities(this.nodes, keyCount, this.epsilon);
  }

  /**
   * Keys arrive in index order; each goes to the first node clockwise from its hash that is below
   * capacity. When a node fills, its tokens are spliced out of a "next open token" forest (union-find
   * with path compression), so the walk past full nodes costs near O(1) amortised instead of O(T).
   */
  assignOwners(keyHashes: Uint32Array): Int32Array {
    const owners = new Int32Array(keyHashes.length).fill(-1);
    const tokenCount = this.tokens.positions.length;
    if (tokenCount === 0) return owners;
    const capacities = this.capacities(keyHashes.length);
    const loads = new Int32Array(this.nodes.length);
    // nextOpen[t] === t: token t belongs to a node with room. Otherwise it points clockwise, towards one.
    const nextOpen = new Int32Array(tokenCount);
    for (let t = 0; t < tokenCount; t++) nextOpen[t] = t;
    for (let key = 0; key < keyHashes.length; key++) {
      const start = successorTokenIndex(this.tokens.positions, keyHashes[key]!);
      let root = start;
      for (let steps = 0; nextOpen[root] !== root; steps++) {
        if (steps > tokenCount) throw new Error('bounded loads: every node is full (capacities sum below key count)');
        root = nextOpen[root]!;
      }
      for (let t = start; nextOpen[t] !== root && t !== root; ) {
        const following = nextOpen[t]!;
        nextOpen[t] = root;
        t = following;
      }
      const node = this.tokens.owners[root]!;
      owners[key] = node;
      loads[node]!++;
      if (loads[node] === capacities[node]) {
        for (let i = this.tokenStart[node]!; i < this.tokenStart[node + 1]!; i++) {
          const token = this.tokenIndexes[i]!;
          nextOpen[token] = token + 1 === tokenCount ? 0 : token + 1;
        }
      }
    }
    return owners;
  }

  /** Primary as assigned (pass it from `assignOwners`), then the ring's clockwise walk for the other replicas. */
  preferenceList(keyHash: number, replicaCount: number, primary?: number): number[] {
    const count = Math.min(replicaCount, this.nodes.length);
    if (count <= 0) return [];
    const start = successorTokenIndex(this.tokens.positions, keyHash);
    const walked = walkDistinctNodes(this.tokens, start, count, primary === undefined || primary < 0 ? [] : [primary]);
    return withPrimaryFirst(primary, walked, count);
  }
}
