// Replicas under failures (Dynamo §4.6): a down node's replica goes, hinted, to the next healthy node in the walk.
import type { PlacementStrategy } from './strategy.ts';

export interface ReplicaPlacement {
  readonly node: number;
  /** The down node this replica stands in for (hinted handoff), or -1 when `node` is an intended replica. */
  readonly hintFor: number;
}

export interface ReplicaSet {
  /** The R nodes the placement names, healthy or not: failure does not change them, removal does. */
  readonly intended: readonly number[];
  /** Who holds a copy right now: the healthy intended nodes, plus one stand-in per down intended node. */
  readonly serving: readonly ReplicaPlacement[];
}

/**
 * Sloppy quorum: walk the key's full preference list; the first R entries are intended. Each down one
 * is replaced by the next healthy node past the first R, which keeps a hint naming the node it stands
 * in for and hands the data back on recovery. Tokens never move, so recovery restores the old picture.
 */
export function replicaSet(strategy: PlacementStrategy, keyHash: number, replicaCount: number, primary?: number): ReplicaSet {
  const walk = strategy.preferenceList(keyHash, strategy.nodes.length, primary);
  const intended = walk.slice(0, replicaCount);
  const serving: ReplicaPlacement[] = [];
  let spare = intended.length;
  for (const node of intended) {
    if (strategy.nodes[node]!.up) {
      serving.push({ node, hintFor: -1 });
      continue;
    }
    while (spare < walk.length && !strategy.nodes[walk[spare]!]!.up) spare++;
    // When every other node is down too, the copy simply has nowhere to go.
    if (spare < walk.length) serving.push({ node: walk[spare++]!, hintFor: node });
  }
  return { intended, serving };
}

/**
 * The node that serves each key now: its primary owner when up, else the first healthy node of its
 * preference list (-1 when every node is down). `owners` come from `strategy.assignOwners`.
 */
export function assignServingOwners(strategy: PlacementStrategy, keyHashes: Uint32Array, owners: Int32Array): Int32Array {
  const serving = new Int32Array(owners.length);
  const nodeCount = strategy.nodes.length;
  for (let key = 0; key < owners.length; key++) {
    const owner = owners[key]!;
    if (owner < 0 || strategy.nodes[owner]!.up) {
      serving[key] = owner;
      continue;
    }
    const walk = strategy.preferenceList(keyHashes[key]!, nodeCount, owner);
    serving[key] = walk.find((node) => strategy.nodes[node]!.up) ?? -1;
  }
  return serving;
}
