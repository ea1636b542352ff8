// Load statistics: keys and request weight per node, max/mean and spread, and max/mean against vnodes per node.
import type { NodeSpec } from './nodes.ts';
import { ConsistentHashRing } from './ring.ts';
import type { StrategyOptions } from './strategy.ts';

export interface LoadSummary {
  /** Load of each node, by node index. */
  readonly perNode: Float64Array;
  readonly total: number;
  /** Mean over the counted nodes (all nodes unless told otherwise). */
  readonly mean: number;
  readonly max: number;
  readonly maxNode: number;
  /** Population standard deviation over the counted nodes. */
  readonly standardDeviation: number;
  /** max / mean: 1 is perfect balance; the figure a scenario's `expect maxload` checks. */
  readonly maxOverMean: number;
}

export interface LoadStatistics {
  /** Number of keys each node holds. */
  readonly keys: LoadSummary;
  /** Share of requests each node receives (sums to 1), from the keys' popularity. */
  readonly requests: LoadSummary;
}

export interface LoadOptions {
  /** Share of requests per key (keys.ts); uniform when omitted. */
  readonly popularity?: Float64Array;
  /** Which nodes count towards mean and spread, e.g. only healthy nodes when loads are serving loads. */
  readonly countedNodes?: readonly boolean[];
}

export function summarizeLoad(perNode: Float64Array, countedNodes?: readonly boolean[]): LoadSummary {
  let total = 0;
  let counted = 0;
  let max = 0;
  let maxNode = -1;
  for (let node = 0; node < perNode.length; node++) {
    if (countedNodes !== undefined && !countedNodes[node]) continue;
    const load = perNode[node]!;
    total += load;
    counted++;
    if (maxNode < 0 || load > max) {
      max = load;
      maxNode = node;
    }
  }
  const mean = counted === 0 ? 0 : total / counted;
  let squares = 0;
  for (let node = 0; node < perNode.length; node++) {
    if (countedNodes !== undefined && !countedNodes[node]) continue;
    squares += (perNode[node]! - mean) ** 2;
  }
  return {
    perNode,
    total,
    mean,
    max,
    maxNode,
    standardDeviation: counted === 0 ? 0 : Math.sqrt(squares / counted),
    maxOverMean: mean === 0 ? 0 : max / mean,
  };
}

export function loadStatistics(owners: Int32Array, nodeCount: number, options: LoadOptions = {}): LoadStatistics {
  const keys = new Float64Array(nodeCount);
  const requests = new Float64Array(nodeCount);
  const popularity = options.popularity;
  const uniformShare = owners.length === 0 ? 0 : 1 / owners.length;
  for (let key = 0; key < owners.length; key++) {
    const owner = owners[key]!;
    if (owner < 0) continue;
    keys[owner]!++;
    requests[owner]! += popularity === undefined ? uniformShare : popularity[key]!;
  }
  return { keys: summarizeLoad(keys, options.countedNodes), requests: summarizeLoad(requests, options.countedNodes) };
}

export interface VnodeLoadPoint {
  readonly vnodesPerNode: number;
  readonly keysMaxOverMean: number;
  readonly keysStandardDeviation: number;
  readonly requestsMaxOverMean: number;
}

/**
 * Ring balance for each vnodes-per-node value, for the small plot: key max/mean falls as tokens grow,
 * while request max/mean under a hot key stays high, since one key cannot be split by more tokens.
 */
export function maxOverMeanByVnodes(
  nodes: readonly NodeSpec[],
  keyHashes: Uint32Array,
  vnodeCounts: readonly number[],
  options: Partial<Pick<StrategyOptions, 'hashSeed'>> & { readonly popularity?: Float64Array } = {},
): VnodeLoadPoint[] {
  return vnodeCounts.map((vnodesPerNode) => {
    const ring = new ConsistentHashRing(nodes, { vnodesPerNode, hashSeed: options.hashSeed ?? 0 });
    const owners = ring.assignOwners(keyHashes);
    const statistics = loadStatistics(owners, nodes.length, options.popularity === undefined ? {} : { popularity: options.popularity });
    return {
      vnodesPerNode,
      keysMaxOverMean: statistics.keys.maxOverMean,
      keysStandardDeviation: statistics.keys.standardDeviation,
      requestsMaxOverMean: statistics.requests.maxOverMean,
    };
  });
}
