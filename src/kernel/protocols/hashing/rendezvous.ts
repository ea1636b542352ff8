// Rendezvous / highest random weight hashing (Thaler & Ravishankar 1998), with the logarithmic weighted form.
import { murmur3String, murmur3TwoWords } from './murmur3.ts';
import { idRanks, validateNodes, type NodeSpec } from './nodes.ts';
import { assignOwnersOneByOne, withPrimaryFirst, type PlacementStrategy, type StrategyOptions } from './strategy.ts';

/** The 32-bit score of a (node, key) pair: one MurmurHash3 over the node's hash and the key's hash. */
export function pairScoreHash(nodeHash: number, keyHash: number, hashSeed: number): number {
  return murmur3TwoWords(nodeHash, keyHash, hashSeed);
}

/**
 * Weighted score (Schindelhauer & Schomaker 2005): w / -ln(u) with u uniform in (0, 1). The winner is
 * the node whose Exp(w) race finishes first, so node i wins with probability w_i / Σw.
 */
export function weightedScore(weight: number, scoreHash: number): number {
  return weight / -Math.log((scoreHash + 0.5) / 4_294_967_296);
}

export class RendezvousPlacement implements PlacementStrategy {
  readonly name = 'rendezvous' as const;
  readonly label = 'Rendezvous (highest random weight)';
  readonly supportsWeights = true;
  readonly supportsArbitraryRemoval = true;
  readonly ownerDependsOnOtherKeys = false;
  readonly lookupCost = 'O(N): score every node';
  readonly memoryEstimateBytes: number;
  private readonly nodeHashes: Uint32Array;
  private readonly weights: Float64Array;
  private readonly ranks: Int32Array;
  /** With equal weights w / -ln(u) increases with u, so comparing raw hashes picks the same node, faster. */
  private readonly weightsAllEqual: boolean;
  private readonly hashSeed: number;

  constructor(
    readonly nodes: readonly NodeSpec[],
    options: Pick<StrategyOptions, 'hashSeed'>,
  ) {
    validateNodes(nodes);
    this.hashSeed = options.hashSeed;
    this.nodeHashes = Uint32Array.from(nodes, (node) => murmur3String(node.id, options.hashSeed));
    this.weights = Float64Array.from(nodes, (node) => node.weight);
    this.ranks = idRanks(nodes);
    this.weightsAllEqual = nodes.every((node) => node.weight === nodes[0]!.weight);
    this.memoryEstimateBytes = this.nodeHashes.byteLength + (this.weightsAllEqual ? 0 : this.weights.byteLength);
  }

  /** Score of node `nodeIndex` for this key; larger wins, ties go to the smaller node id. */
  score(nodeIndex: number, keyHash: number): number {
    const hash = pairScoreHash(this.nodeHashes[nodeIndex]!, keyHash, this.hashSeed);
    return this.weightsAllEqual ? hash : weightedScore(this.weights[nodeIndex]!, hash);
  }

  ownerOf(keyHash: number): number {
    let best = -1;
    let bestScore = -1;
    for (let node = 0; node < this.nodeHashes.length; node++) {
      const score = this.score(node, keyHash);
      if (score > bestScore || (score === bestScore && this.ranks[node]! < this.ranks[best]!)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  assignOwners(keyHashes: Uint32Array): Int32Array {
    return assignOwnersOneByOne(this, keyHashes);
  }

  /** The R highest-scoring nodes: removing any node promotes the next one, for this key only. */
  preferenceList(keyHash: number, replicaCount: number, primary?: number): number[] {
    const count = Math.min(replicaCount, this.nodes.length);
    const scores = Array.from(this.nodes, (_, node) => this.score(node, keyHash));
    const order = Array.from(this.nodes, (_, node) => node).sort(
      (a, b) => scores[b]! - scores[a]! || this.ranks[a]! - this.ranks[b]!,
    );
    return withPrimaryFirst(primary, order, count);
  }
}
