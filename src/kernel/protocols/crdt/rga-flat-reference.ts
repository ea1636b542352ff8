// TEST ONLY: the RGA as it was before chunking — one flat array in document order, copied per edit
// and searched by position. Deliberately simple; rga-chunks.test.ts checks the chunked sequence.ts
// against it over thousands of random edits (DESIGN: compare optimised code with a simple reference).

import { compareReplicaIds, EMPTY_VECTOR, entryOf, incremented, mergeVectors, vectorLessOrEqual, vectorsEqual } from './vector.ts';
import { rejected, unsupported, type CrdtOperation, type OpBasedType, type ReplicaId, type StateBasedType, type UpdateContext, type VersionVector } from './types.ts';

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

/**
 * The nodes in document order (the RGA tree flattened), the largest counter seen (Lamport), and
 * two version vectors summarising what the state includes: per replica, the counter of the last
 * node it inserted and the number of deletions it made. A state holding a replica's n-th edit
 * holds all its earlier ones (states travel whole), so the vectors tell a merge at a glance which
 * nodes and tombstones are new to it.
 */
export interface RgaState {
  readonly nodes: readonly RgaNode[];
  readonly clock: number;
  readonly inserted: VersionVector;
  readonly deletions: VersionVector;
  /** Characters not deleted (the text's length). */
  readonly length: number;
}

export const EMPTY_SEQUENCE: RgaState = { nodes: [], clock: 0, inserted: EMPTY_VECTOR, deletions: EMPTY_VECTOR, length: 0 };

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

/** Index in `nodes` of the visible character at `position`, or -1. */
function indexOfVisible(nodes: readonly RgaNode[], position: number): number {
  let seen = 0;
  for (let index = 0; index < nodes.length; index++) {
    if (nodes[index]!.deleted) continue;
    if (seen === position) return index;
    seen += 1;
  }
  return -1;
}

export function textOf(state: RgaState): string {
  let text = '';
  for (const node of state.nodes) if (!node.deleted) text += node.char;
  return text;
}

export type RgaDownstream =
  | { readonly kind: 'insert'; readonly nodes: readonly RgaNode[] }
  /** `replica` made the deletion (its count grows); `key` names the character. */
  | { readonly kind: 'delete'; readonly key: string; readonly replica: ReplicaId };

/** A prepared edit, with where it lands in the source's own array (so the source applies it without searching). */
type PreparedEdit = { ok: true; downstream: RgaDownstream; index: number } | { ok: false; reason: string };

/** The source's half of an edit: which nodes to add or which node to hide, checked against its own text. */
function prepareEdit(state: RgaState, operation: CrdtOperation, { replica }: UpdateContext): PreparedEdit {
  if (operation.kind !== 'insert' && operation.kind !== 'delete') return unsupported('sequence', operation, 'use insert or delete');
  if (operation.kind === 'insert') {
    if (!Number.isSafeInteger(operation.position) || operation.position < 0 || operation.position > state.length) {
      return rejected(`position ${operation.position} is past the end: this replica's text has ${state.length} characters`);
    }
    if (operation.text.length === 0) return rejected('nothing to insert');
    const referenceIndex = operation.position === 0 ? -1 : indexOfVisible(state.nodes, operation.position - 1);
    let after = referenceIndex === -1 ? null : state.nodes[referenceIndex]!.key;
    const nodes: RgaNode[] = [];
    let counter = state.clock;
    // Each character goes after the previous one, so one user's typing stays together.
    for (const char of Array.from(operation.text)) {
      counter += 1;
      const node: RgaNode = { key: `${counter}.${replica}`, counter, replica, after, char, deleted: false };
      nodes.push(node);
      after = node.key;
    }
    // The new nodes carry the largest timestamps: RGA's rule puts them right after the reference.
    return { ok: true, downstream: { kind: 'insert', nodes }, index: referenceIndex + 1 };
  }
  if (!Number.isSafeInteger(operation.position) || operation.position < 0 || operation.position >= state.length) {
    return rejected(`no character at position ${operation.position}: this replica's text has ${state.length} characters`);
  }
  const index = indexOfVisible(state.nodes, operation.position);
  return { ok: true, downstream: { kind: 'delete', key: state.nodes[index]!.key, replica }, index };
}

/** The source applies its own edit where `prepareEdit` found it. */
function applyOwnEdit(state: RgaState, prepared: Extract<PreparedEdit, { ok: true }>): RgaState {
  const nodes = state.nodes.slice();
  const downstream = prepared.downstream;
  if (downstream.kind === 'delete') {
    nodes[prepared.index] = { ...nodes[prepared.index]!, deleted: true };
    return { ...state, nodes, deletions: incremented(state.deletions, downstream.replica), length: state.length - 1 };
  }
  nodes.splice(prepared.index, 0, ...downstream.nodes);
  const last = downstream.nodes[downstream.nodes.length - 1]!;
  return { nodes, clock: last.counter, inserted: mergeVectors(state.inserted, { [last.replica]: last.counter }), deletions: state.deletions, length: state.length + downstream.nodes.length };
}

/** Apply a downstream edit at another replica; unknown references (only under non-causal delivery) leave the state as is. */
function applyEdit(state: RgaState, downstream: RgaDownstream): RgaState {
  if (downstream.kind === 'delete') {
    const index = state.nodes.findIndex((node) => node.key === downstream.key);
    if (index === -1) return state; // its insert has not arrived: RGA's downstream precondition fails
    const nodes = state.nodes.slice();
    const wasVisible = !nodes[index]!.deleted;
    nodes[index] = { ...nodes[index]!, deleted: true };
    return { ...state, nodes, deletions: incremented(state.deletions, downstream.replica), length: state.length - (wasVisible ? 1 : 0) };
  }
  const nodes = state.nodes.slice();
  let { clock, inserted, length } = state;
  let changed = false;
  for (const node of downstream.nodes) {
    if (nodes.some((existing) => existing.key === node.key)) continue; // already delivered
    if (!integrate(nodes, node)) break; // its reference never arrived: RGA's downstream precondition fails
    changed = true;
    clock = Math.max(clock, node.counter);
    inserted = mergeVectors(inserted, { [node.replica]: node.counter });
    length += 1;
  }
  return changed ? { nodes, clock, inserted, deletions: state.deletions, length } : state;
}

function describeNode(node: RgaNode): string {
  return `${JSON.stringify(node.char)}@${node.key}<${node.after ?? 'head'}`;
}

function sequenceEqual(a: RgaState, b: RgaState): boolean {
  if (a === b) return true;
  if (a.nodes.length !== b.nodes.length || a.clock !== b.clock || !vectorsEqual(a.inserted, b.inserted) || !vectorsEqual(a.deletions, b.deletions)) return false;
  for (let index = 0; index < a.nodes.length; index++) {
    const x = a.nodes[index]!;
    const y = b.nodes[index]!;
    if (x.key !== y.key || x.deleted !== y.deleted) return false;
  }
  return true;
}

const metadataOf = (state: RgaState) => ({
  vectors: { inserted: state.inserted, deletions: state.deletions },
  dots: state.nodes.filter((node) => !node.deleted).map(describeNode),
  tombstones: state.nodes.filter((node) => node.deleted).map(describeNode),
});

export const rgaSequence: StateBasedType<RgaState> = {
  name: 'sequence',
  title: 'RGA sequence',
  source: 'Replicated Growable Array (Roh et al. 2011; Shapiro et al. 2011 §3.5), state-based: merge = union of nodes, tombstones or-ed',
  operations: ['insert', 'delete'],
  initial: () => EMPTY_SEQUENCE,
  update(state, operation, context) {
    const prepared = prepareEdit(state, operation, context);
    return prepared.ok ? { ok: true, state: applyOwnEdit(state, prepared) } : prepared;
  },
  merge(a, b) {
    const newNodes = !vectorLessOrEqual(b.inserted, a.inserted);
    const newDeletions = !vectorLessOrEqual(b.deletions, a.deletions);
    if (!newNodes && !newDeletions) return a; // b holds nothing a lacks
    // Nodes a lacks: later than the last node a holds from their replica. Parents have smaller
    // counters than their children, so ascending ids is a causal order to integrate them in.
    const missing = newNodes ? b.nodes.filter((node) => node.counter > entryOf(a.inserted, node.replica)).sort(compareNodeIds) : [];
    let nodes: RgaNode[];
    if (newDeletions) {
      const deletedInB = new Set(b.nodes.filter((node) => node.deleted).map((node) => node.key));
      nodes = a.nodes.map((node) => (!node.deleted && deletedInB.has(node.key) ? { ...node, deleted: true } : node));
    } else nodes = a.nodes.slice();
    for (const node of missing) integrate(nodes, node);
    let length = 0;
    for (const node of nodes) if (!node.deleted) length += 1;
    return { nodes, clock: Math.max(a.clock, b.clock), inserted: mergeVectors(a.inserted, b.inserted), deletions: mergeVectors(a.deletions, b.deletions), length };
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
  initial: () => EMPTY_SEQUENCE,
  prepare(state, operation, context) {
    const prepared = prepareEdit(state, operation, context);
    return prepared.ok ? { ok: true, downstream: prepared.downstream } : prepared;
  },
  effect: applyEdit,
  // The payload is the nodes; the vectors count deliveries, which differ with duplicates and with
  // two replicas deleting the same character, while the text does not.
  equal: (a, b) => a === b || (a.nodes.length === b.nodes.length && a.nodes.every((node, index) => node.key === b.nodes[index]!.key && node.deleted === b.nodes[index]!.deleted)),
  value: textOf,
  metadata: metadataOf,
};
