// Invariants of placement, kept apart from the strategies they check; each returns a violation or null.
import type { NodeId, NodeSpec } from './nodes.ts';

export interface Violation {
  readonly checker: string;
  readonly message: string;
  /** The first offending key, when the violation is about a key. */
  readonly keyIndex?: number;
}

function idOf(nodes: readonly NodeSpec[], index: number): NodeId | undefined {
  return index < 0 ? undefined : nodes[index]?.id;
}

/** Optimised owners equal the reference's, key by key. */
export function checkSameOwners(
  nodes: readonly NodeSpec[],
  owners: Int32Array,
  referenceOwnerIds: readonly (NodeId | undefined)[],
  keyHashes: Uint32Array,
): Violation | null {
  if (owners.length !== referenceOwnerIds.length) {
    return { checker: 'same owners as reference', message: `${owners.length} owners, reference has ${referenceOwnerIds.length}` };
  }
  for (let key = 0; key < owners.length; key++) {
    const actual = idOf(nodes, owners[key]!);
    if (actual !== referenceOwnerIds[key]) {
      return {
        checker: 'same owners as reference',
        message: `key ${key} (hash ${keyHashes[key]}): owner ${actual}, reference says ${referenceOwnerIds[key]}`,
        keyIndex: key,
      };
    }
  }
  return null;
}

/** Minimal movement on a join: every key that changed owner now lives on the node that joined. */
export function checkOnlyMovesToJoiner(
  beforeNodes: readonly NodeSpec[],
  beforeOwners: Int32Array,
  afterNodes: readonly NodeSpec[],
  afterOwners: Int32Array,
  joinedId: NodeId,
): Violation | null {
  for (let key = 0; key < beforeOwners.length; key++) {
    const before = idOf(beforeNodes, beforeOwners[key]!);
    const after = idOf(afterNodes, afterOwners[key]!);
    if (before !== after && after !== joinedId) {
      return {
        checker: 'join moves keys only to the new node',
        message: `key ${key} moved from ${before} to ${after}, not to ${joinedId}`,
        keyIndex: key,
      };
    }
  }
  return null;
}

/** Minimal movement on a removal: only keys of the node that left change owner. */
export function checkOnlyLeaverKeysMove(
  beforeNodes: readonly NodeSpec[],
  beforeOwners: Int32Array,
  afterNodes: readonly NodeSpec[],
  afterOwners: Int32Array,
  leftId: NodeId,
): Violation | null {
  for (let key = 0; key < beforeOwners.length; key++) {
    const before = idOf(beforeNodes, beforeOwners[key]!);
    const after = idOf(afterNodes, afterOwners[key]!);
    if (before !== after && before !== leftId) {
      return {
        checker: 'removal moves only the removed node’s keys',
        message: `key ${key} moved from ${before} to ${after}, but only ${leftId} left`,
        keyIndex: key,
      };
    }
  }
  return null;
}

/** A preference list names min(R, N) nodes, all distinct, all real. */
export function checkPreferenceList(list: readonly number[], replicaCount: number, nodeCount: number): Violation | null {
  const expected = Math.min(replicaCount, nodeCount);
  if (list.length !== expected) {
    return { checker: 'preference list has R distinct nodes', message: `${list.length} entries, expected ${expected}: [${list.join(', ')}]` };
  }
  if (new Set(list).size !== list.length) {
    return { checker: 'preference list has R distinct nodes', message: `repeated node in [${list.join(', ')}]` };
  }
  if (list.some((node) => !(Number.isInteger(node) && node >= 0 && node < nodeCount))) {
    return { checker: 'preference list has R distinct nodes', message: `unknown node in [${list.join(', ')}]` };
  }
  return null;
}

/** Bounded loads: no node holds more keys than its capacity, and every key has an owner. */
export function checkCapacity(owners: Int32Array, capacities: Int32Array): Violation | null {
  const loads = new Int32Array(capacities.length);
  for (let key = 0; key < owners.length; key++) {
    const owner = owners[key]!;
    if (owner < 0 || owner >= capacities.length) {
      return { checker: 'loads within capacity', message: `key ${key} has no valid owner (${owner})`, keyIndex: key };
    }
    loads[owner]!++;
    if (loads[owner]! > capacities[owner]!) {
      return { checker: 'loads within capacity', message: `node ${owner} exceeds capacity ${capacities[owner]} at key ${key}`, keyIndex: key };
    }
  }
  return null;
}
