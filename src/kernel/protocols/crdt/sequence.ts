// A sequence for text: the Replicated Growable Array (RGA; Roh et al. 2011, listed in Shapiro et
// al. 2011 §3.5 among sequence CRDTs): each character is a node with a unique Lamport id, inserted
// after a reference node; removed characters stay as tombstones so later inserts can still find
// their reference. Offered state-based (merge = union of nodes, deletion flags or-ed) and op-based.

import { compareReplicaIds } from './vector.ts';
import { rejected, unsupported, type CrdtOperation, type OpBasedType, type ReplicaId, type StateBasedType, type UpdateContext } from './types.ts';

export interface RgaNode {
  /** `${counter}.${replica}`: a Lamport timestamp, unique and greater than its reference's. */
  readonly key: string;
  readonly counter: number;
  readonly replica: ReplicaId;
  /** The node this one was inserted after; null for the head of the text. */
  readonly after: string | null;
  readonly char: string;
  readonly deleted: boolean;
}

/** The nodes in document order (the RGA tree flattened), and the largest counter seen (Lamport). */
export interface RgaState {
  readonly nodes: readonly RgaNode[];
  readonly clock: number;
}

/** Later (larger) timestamps first among nodes inserted after the same reference. */
export function compareNodeIds(a: RgaNode, b: RgaNode): number {
  return a.counter - b.counter || compareReplicaIds(a.replica, b.replica);
}

/**
 * RGA's insertion rule: start right after the reference and skip every node with a larger
 * timestamp (inserts made concurrently after the same reference that win, and their
 * descendants, whose Lamport counters are larger still). Mutates `nodes`; the reference must be
 * present (causal delivery), else returns false and inserts nothing.
 */
export function integrate(nodes: RgaNode[], node: RgaNode): boolean {
  let index = 0;
  if (node.after !== null) {
    const reference = nodes.findIndex((candidate) => candidate.key === node.after);
    if (reference === -1) return false;
    index = reference + 1;
  }
  while (index < nodes.length && compareNodeIds(nodes[index]!, node) > 0) index++;
  nodes.splice(index, 0, node);
  return true;
}

function visibleIndexes(nodes: readonly RgaNode[]): number[] {
  const indexes: number[] = [];
  nodes.forEach((node, index) => {
    if (!node.deleted) indexes.push(index);
  });
  return indexes;
}

export function textOf(state: RgaState): string {
  let text = '';
  for (const node of state.nodes) if (!node.deleted) text += node.char;
  return text;
}

export type RgaDownstream = { readonly kind: 'insert'; readonly nodes: readonly RgaNode[] } | { readonly kind: 'delete'; readonly key: string };

/** The source's half of an edit: which nodes to add or which node to hide, checked against its own text. */
function prepareEdit(state: RgaState, operation: CrdtOperation, { replica }: UpdateContext): { ok: true; downstream: RgaDownstream } | { ok: false; reason: string } {
  if (operation.kind !== 'insert' && operation.kind !== 'delete') return unsupported('sequence', operation, 'use insert or delete');
  const visible = visibleIndexes(state.nodes);
  if (operation.kind === 'insert') {
    if (!Number.isSafeInteger(operation.position) || operation.position < 0 || operation.position > visible.length) {
      return rejected(`position ${operation.position} is past the end: this replica's text has ${visible.length} characters`);
    }
    if (operation.text.length === 0) return rejected('nothing to insert');
    let after = operation.position === 0 ? null : state.nodes[visible[operation.position - 1]!]!.key;
    const nodes: RgaNode[] = [];
    let counter = state.clock;
    // Each character goes after the previous one, so one user's typing stays together.
    for (const char of Array.from(operation.text)) {
      counter += 1;
      const node: RgaNode = { key: `${counter}.${replica}`, counter, replica, after, char, deleted: false };
      nodes.push(node);
      after = node.key;
    }
    return { ok: true, downstream: { kind: 'insert', nodes } };
  }
  if (!Number.isSafeInteger(operation.position) || operation.position < 0 || operation.position >= visible.length) {
    return rejected(`no character at position ${operation.position}: this replica's text has ${visible.length} characters`);
  }
  return { ok: true, downstream: { kind: 'delete', key: state.nodes[visible[operation.position]!]!.key } };
}

/** Apply a downstream edit; unknown references (only under non-causal delivery) leave the state as is. */
function applyEdit(state: RgaState, downstream: RgaDownstream): RgaState {
  if (downstream.kind === 'delete') {
    const index = state.nodes.findIndex((node) => node.key === downstream.key);
    if (index === -1 || state.nodes[index]!.deleted) return state;
    const nodes = state.nodes.slice();
    nodes[index] = { ...nodes[index]!, deleted: true };
    return { nodes, clock: state.clock };
  }
  const nodes = state.nodes.slice();
  let clock = state.clock;
  let changed = false;
  for (const node of downstream.nodes) {
    if (nodes.some((existing) => existing.key === node.key)) continue; // already delivered
    if (!integrate(nodes, node)) break; // its reference never arrived: RGA's downstream precondition fails
    changed = true;
    clock = Math.max(clock, node.counter);
  }
  return changed ? { nodes, clock } : state;
}

function describeNode(node: RgaNode): string {
  return `${JSON.stringify(node.char)}@${node.key}<${node.after ?? 'head'}`;
}

function sequenceEqual(a: RgaState, b: RgaState): boolean {
  if (a === b) return true;
  if (a.nodes.length !== b.nodes.length || a.clock !== b.clock) return false;
  for (let index = 0; index < a.nodes.length; index++) {
    const x = a.nodes[index]!;
    const y = b.nodes[index]!;
    if (x.key !== y.key || x.deleted !== y.deleted) return false;
  }
  return true;
}

const metadataOf = (state: RgaState) => ({
  vectors: { lamport: { max: state.clock } },
  dots: state.nodes.filter((node) => !node.deleted).map(describeNode),
  tombstones: state.nodes.filter((node) => node.deleted).map(describeNode),
});

export const rgaSequence: StateBasedType<RgaState> = {
  name: 'sequence',
  title: 'RGA sequence',
  source: 'Replicated Growable Array (Roh et al. 2011; Shapiro et al. 2011 §3.5), state-based: merge = union of nodes, tombstones or-ed',
  operations: ['insert', 'delete'],
  initial: () => ({ nodes: [], clock: 0 }),
  update(state, operation, context) {
    const prepared = prepareEdit(state, operation, context);
    return prepared.ok ? { ok: true, state: applyEdit(state, prepared.downstream) } : prepared;
  },
  merge(a, b) {
    const known = new Map(a.nodes.map((node) => [node.key, node]));
    // Parents have smaller counters than their children, so ascending ids is a causal order.
    const missing = b.nodes.filter((node) => !known.has(node.key)).sort(compareNodeIds);
    const newlyDeleted = new Set(b.nodes.filter((node) => node.deleted && known.get(node.key)?.deleted === false).map((node) => node.key));
    if (missing.length === 0 && newlyDeleted.size === 0) return a.clock >= b.clock ? a : { nodes: a.nodes, clock: b.clock };
    const nodes = newlyDeleted.size === 0 ? a.nodes.slice() : a.nodes.map((node) => (newlyDeleted.has(node.key) ? { ...node, deleted: true } : node));
    for (const node of missing) integrate(nodes, node);
    return { nodes, clock: Math.max(a.clock, b.clock) };
  },
  compare(a, b) {
    if (a.clock > b.clock) return false;
    const theirs = new Map(b.nodes.map((node) => [node.key, node]));
    return a.nodes.every((node) => {
      const other = theirs.get(node.key);
      return other !== undefined && (!node.deleted || other.deleted);
    });
  },
  equal: sequenceEqual,
  value: textOf,
  metadata: metadataOf,
};

export const opRgaSequence: OpBasedType<RgaState, RgaDownstream> = {
  name: 'sequence',
  title: 'RGA sequence (op-based)',
  source: 'Replicated Growable Array (Roh et al. 2011), op-based: insert after a reference, delete by id',
  delivery: {
    causal: true,
    exactlyOnce: false,
    why: 'an insert must arrive after the character it goes after, and a delete after its insert; delivered early, the edit finds no reference and is lost at that replica',
  },
  initial: () => ({ nodes: [], clock: 0 }),
  prepare: prepareEdit,
  effect: applyEdit,
  equal: sequenceEqual,
  value: textOf,
  metadata: metadataOf,
};
