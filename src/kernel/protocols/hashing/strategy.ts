// The one interface every placement strategy implements, its options, and the factory the lab calls.
import type { NodeSpec } from './nodes.ts';

export type StrategyName = 'mod-n' | 'ring' | 'rendezvous' | 'jump' | 'bounded-loads';

export const strategyNames: readonly StrategyName[] = ['mod-n', 'ring', 'rendezvous', 'jump', 'bounded-loads'];

export interface StrategyOptions {
  /** Tokens per node of weight 1 on the ring (and the bounded-loads ring); weight w gets round(w × this). */
  readonly vnodesPerNode: number;
  /** Bounded loads: each node holds at most ceil((1 + epsilon) × its fair share of keys). */
  readonly epsilon: number;
  /** Seed of MurmurHash3 for node tokens and rendezvous scores (keys are hashed in keys.ts). */
  readonly hashSeed: number;
}

export const defaultStrategyOptions: StrategyOptions = { vnodesPerNode: 100, epsilon: 0.25, hashSeed: 0 };

/**
 * A way to place keys on nodes. Nodes are referred to by index into `nodes`; owners come back as
 * typed arrays of those indexes (-1 when there is no node at all).
 */
export interface PlacementStrategy {
  readonly name: StrategyName;
  /** Human name for tables and the UI. */
  readonly label: string;
  readonly nodes: readonly NodeSpec[];
  readonly supportsWeights: boolean;
  /** Jump hash numbers buckets 0..N-1, so only the last bucket can leave without renumbering others. */
  readonly supportsArbitraryRemoval: boolean;
  /** Bounded loads: where a key lands depends on the keys placed before it, not only on its hash. */
  readonly ownerDependsOnOtherKeys: boolean;
  /** Cost of one lookup, for the comparison table (N nodes, T tokens). */
  readonly lookupCost: string;
  /** Bytes of lookup structures beyond the node list itself. */
  readonly memoryEstimateBytes: number;
  /**
   * Primary owner of a key placed alone. For bounded loads this is the owner on an empty cluster
   * (its ring successor); use `assignOwners` for the owner within a key set.
   */
  ownerOf(keyHash: number): number;
  /** Primary owner of every key, keys placed in index order (the order matters for bounded loads). */
  assignOwners(keyHashes: Uint32Array): Int32Array;
  /**
   * Up to `replicaCount` distinct nodes responsible for the key, primary first. `primary` overrides the
   * first entry (bounded loads passes the owner it assigned); the rest follow the strategy's own order.
   */
  preferenceList(keyHash: number, replicaCount: number, primary?: number): number[];
}

/** Shared by strategies whose owner depends only on the key's hash. */
export function assignOwnersOneByOne(strategy: Pick<PlacementStrategy, 'ownerOf'>, keyHashes: Uint32Array): Int32Array {
  const owners = new Int32Array(keyHashes.length);
  for (let i = 0; i < keyHashes.length; i++) owners[i] = strategy.ownerOf(keyHashes[i]!);
  return owners;
}

/** Puts `primary` first and keeps the order of `candidates` after it, without duplicates, up to `count`. */
export function withPrimaryFirst(primary: number | undefined, candidates: readonly number[], count: number): number[] {
  if (primary === undefined || primary < 0) return candidates.slice(0, count);
  const list = [primary];
  for (const node of candidates) {
    if (list.length >= count) break;
    if (node !== primary) list.push(node);
  }
  return list.slice(0, count);
}
