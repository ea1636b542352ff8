// Which keys change primary owner when the node set changes, and the least any strategy could move.
import { createStrategy } from './create.ts';
import type { NodeId, NodeSpec } from './nodes.ts';
import { strategyNames, type StrategyName, type StrategyOptions } from './strategy.ts';

export interface OwnerChange {
  readonly keyCount: number;
  readonly movedKeyCount: number;
  readonly movedFraction: number;
  /** Indexes of the keys whose owner changed, for the UI to animate. */
  readonly movedKeyIndexes: Uint32Array;
}

export interface Movement extends OwnerChange {
  /** Least fraction of keys that must move for every node to hold its weight share after the change. */
  readonly idealMovedFraction: number;
  readonly idealMovedKeyCount: number;
}

/**
 * Compares owners by node id, since a node's index can differ between the two node sets (mod-N and
 * jump renumber nodes after a removal; that renumbering is exactly why they move keys).
 */
export function compareOwners(
  beforeNodes: readonly NodeSpec[],
  beforeOwners: Int32Array,
  afterNodes: readonly NodeSpec[],
  afterOwners: Int32Array,
): OwnerChange {
  if (beforeOwners.length !== afterOwners.length) throw new Error('compareOwners: key counts differ');
  const afterIndexById = new Map<NodeId, number>(afterNodes.map((node, index) => [node.id, index]));
  // before index → after index of the same node, or -2 when it left (never equal to any after owner).
  const translated = Int32Array.from(beforeNodes, (node) => afterIndexById.get(node.id) ?? -2);
  const moved: number[] = [];
  for (let key = 0; key < beforeOwners.length; key++) {
    const before = beforeOwners[key]!;
    const beforeInAfter = before < 0 ? -1 : translated[before]!;
    if (beforeInAfter !== afterOwners[key]) moved.push(key);
  }
  const keyCount = beforeOwners.length;
  return {
    keyCount,
    movedKeyCount: moved.length,
    movedFraction: keyCount === 0 ? 0 : moved.length / keyCount,
    movedKeyIndexes: Uint32Array.from(moved),
  };
}

/**
 * Total variation distance between the weight shares before and after: the keys a node must gain can
 * only come from keys that move. One node of N joining gives 1/(N+1); one leaving gives 1/N (≈ K/N keys).
 */
export function idealMovedFraction(beforeNodes: readonly NodeSpec[], afterNodes: readonly NodeSpec[]): number {
  const share = (nodes: readonly NodeSpec[]): Map<NodeId, number> => {
    const total = nodes.reduce((sum, node) => sum + node.weight, 0);
    return new Map(nodes.map((node) => [node.id, node.weight / total]));
  };
  const before = share(beforeNodes);
  const after = share(afterNodes);
  if (before.size === 0 || after.size === 0) return before.size === after.size ? 0 : 1;
  let gained = 0;
  for (const [id, afterShare] of after) gained += Math.max(0, afterShare - (before.get(id) ?? 0));
  return gained;
}

/** Owners under `name` before and after a change of node set, compared. */
export function movementForChange(
  name: StrategyName,
  beforeNodes: readonly NodeSpec[],
  afterNodes: readonly NodeSpec[],
  keyHashes: Uint32Array,
  options: Partial<StrategyOptions> = {},
): Movement {
  const beforeOwners = createStrategy(name, beforeNodes, options).assignOwners(keyHashes);
  const afterOwners = createStrategy(name, afterNodes, options).assignOwners(keyHashes);
  const change = compareOwners(beforeNodes, beforeOwners, afterNodes, afterOwners);
  const ideal = idealMovedFraction(beforeNodes, afterNodes);
  return { ...change, idealMovedFraction: ideal, idealMovedKeyCount: Math.round(ideal * keyHashes.length) };
}

/** The same change under every strategy, for the lab's "what the others would have done" panel. */
export function movementUnderEveryStrategy(
  beforeNodes: readonly NodeSpec[],
  afterNodes: readonly NodeSpec[],
  keyHashes: Uint32Array,
  options: Partial<StrategyOptions> = {},
): Record<StrategyName, Movement> {
  const result = {} as Record<StrategyName, Movement>;
  for (const name of strategyNames) result[name] = movementForChange(name, beforeNodes, afterNodes, keyHashes, options);
  return result;
}
