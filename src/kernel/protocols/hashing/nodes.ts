// Node sets for the hashing lab: ids, relative weights and up/down state, changed by returning new arrays.

export type NodeId = string;

export interface NodeSpec {
  readonly id: NodeId;
  /** Relative capacity: weight 2 should receive twice the keys of weight 1 (where the strategy supports it). */
  readonly weight: number;
  /** A down node keeps its place (tokens stay); its replicas are served by the next healthy node, hinted. */
  readonly up: boolean;
}

/** Typed arrays store node indexes as 16-bit numbers in places, and no lesson needs more nodes. */
export const nodeCountMax = 65_535;

/** `count` healthy nodes of weight 1 named `${prefix}1` … `${prefix}${count}`. */
export function makeNodes(count: number, prefix = 'n'): NodeSpec[] {
  return Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index + 1}`, weight: 1, up: true }));
}

export function validateNodes(nodes: readonly NodeSpec[]): void {
  if (nodes.length > nodeCountMax) throw new RangeError(`at most ${nodeCountMax} nodes, got ${nodes.length}`);
  const seen = new Set<NodeId>();
  for (const node of nodes) {
    if (seen.has(node.id)) throw new Error(`duplicate node id ${node.id}`);
    seen.add(node.id);
    if (!(Number.isFinite(node.weight) && node.weight > 0)) {
      throw new RangeError(`node ${node.id}: weight must be a positive number, got ${node.weight}`);
    }
  }
}

/** Joins a node at the end: mod-N and jump number buckets by position, so the end is the only cheap place. */
export function addNode(nodes: readonly NodeSpec[], id: NodeId, weight = 1): NodeSpec[] {
  if (nodes.some((node) => node.id === id)) throw new Error(`node ${id} already exists`);
  return [...nodes, { id, weight, up: true }];
}

/** Removal: the node and its tokens leave for good, so its keys must move. */
export function removeNode(nodes: readonly NodeSpec[], id: NodeId): NodeSpec[] {
  if (!nodes.some((node) => node.id === id)) throw new Error(`no node ${id}`);
  return nodes.filter((node) => node.id !== id);
}

/** Failure or recovery: the node stays in the set (its tokens stay on the ring); only `up` changes. */
export function setNodeUp(nodes: readonly NodeSpec[], id: NodeId, up: boolean): NodeSpec[] {
  if (!nodes.some((node) => node.id === id)) throw new Error(`no node ${id}`);
  return nodes.map((node) => (node.id === id ? { ...node, up } : node));
}

export function setNodeWeight(nodes: readonly NodeSpec[], id: NodeId, weight: number): NodeSpec[] {
  if (!nodes.some((node) => node.id === id)) throw new Error(`no node ${id}`);
  return nodes.map((node) => (node.id === id ? { ...node, weight } : node));
}

/**
 * Rank of each node's id in code-unit order. Ties (two tokens or scores equal) are broken by id rank
 * rather than array position, so the winner does not depend on the order nodes were listed in.
 */
export function idRanks(nodes: readonly NodeSpec[]): Int32Array {
  const order = nodes.map((_, index) => index).sort((a, b) => compareIds(nodes[a]!.id, nodes[b]!.id));
  const ranks = new Int32Array(nodes.length);
  order.forEach((nodeIndex, rank) => {
    ranks[nodeIndex] = rank;
  });
  return ranks;
}

export function compareIds(a: NodeId, b: NodeId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
