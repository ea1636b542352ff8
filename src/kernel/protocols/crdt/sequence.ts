// A sequence for text: the Replicated Growable Array (RGA; Roh et al. 2011, listed in Shapiro et
// al. 2011 §3.5 among sequence CRDTs): each character is a node with a unique Lamport id, inserted
// after a reference node; removed characters stay as tombstones so later inserts can still find
// their reference. Offered state-based (merge = union of nodes, deletion flags or-ed) and op-based.
// The nodes are kept in document order in chunks of at most CHUNK_NODES, shared between states:
// an edit copies one chunk and the short chunk list, not the whole text (a flat array copied per
// edit slowed to ~1 ms an edit past 15,000 characters, when each copy left V8's regular heap).

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
  /** The nodes in document order, in chunks; never empty chunks. */
  readonly chunks: readonly RgaChunk[];
  readonly clock: number;
  readonly inserted: VersionVector;
  readonly deletions: VersionVector;
  /** Characters not deleted (the text's length). */
  readonly length: number;
}

/** A run of nodes in document order and how many of them are visible (not deleted). */
export interface RgaChunk {
  readonly nodes: readonly RgaNode[];
  readonly visible: number;
}

/** A chunk splits in two past this many nodes. */
export const CHUNK_NODES = 256;

export const EMPTY_SEQUENCE: RgaState = { chunks: [], clock: 0, inserted: EMPTY_VECTOR, deletions: EMPTY_VECTOR, length: 0 };

/** Every node in document order. */
export function* nodesOf(state: RgaState): Generator<RgaNode> {
  for (const chunk of state.chunks) yield* chunk.nodes;
}

function chunkOf(nodes: RgaNode[]): RgaChunk {
  let visible = 0;
  for (const node of nodes) if (!node.deleted) visible += 1;
  return { nodes, visible };
}

/** A place in the chunk list: chunk index and offset in it (offset may equal the chunk's size: its end). */
interface Place {
  chunk: number;
  offset: number;
}

/**
 * Chunks being edited: the list is copied once, and a chunk once, the first time it changes
 * (the input state's chunks are shared, never mutated).
 */
class ChunkEditor {
  readonly chunks: RgaChunk[];
  private readonly owned = new Set<RgaChunk>();

  constructor(chunks: readonly RgaChunk[]) {
    this.chunks = chunks.slice();
  }

  private own(index: number): { nodes: RgaNode[]; visible: number } {
    const chunk = this.chunks[index]!;
    if (this.owned.has(chunk)) return chunk as { nodes: RgaNode[]; visible: number };
    const copy = { nodes: chunk.nodes.slice(), visible: chunk.visible };
    this.owned.add(copy);
    this.chunks[index] = copy;
    return copy;
  }

  /** The node key's place, searching the whole text (the caller knows no position). */
  find(key: string): Place | null {
    // Compare the Lamport counter (a number, the key's prefix) before the key itself: a scan of the whole text per search.
    const counter = Number.parseInt(key, 10);
    for (let chunk = 0; chunk < this.chunks.length; chunk++) {
      const nodes = this.chunks[chunk]!.nodes;
      for (let offset = 0; offset < nodes.length; offset++) if (nodes[offset]!.counter === counter && nodes[offset]!.key === key) return { chunk, offset };
    }
    return null;
  }

  nodeAt(place: Place): RgaNode | undefined {
    return this.chunks[place.chunk]?.nodes[place.offset];
  }

  /** The place just after `place`, moving to the next chunk at a chunk's end. */
  next(place: Place): Place {
    const size = this.chunks[place.chunk]?.nodes.length ?? 0;
    return place.offset + 1 < size ? { chunk: place.chunk, offset: place.offset + 1 } : { chunk: place.chunk + 1, offset: 0 };
  }

  /** Insert nodes at a place (before the node there, or at the end); splits a chunk that grows too long. */
  insert(place: Place, nodes: readonly RgaNode[]): void {
    if (this.chunks.length === 0) {
      const created = chunkOf(nodes.slice());
      this.owned.add(created);
      this.chunks.push(created);
      return;
    }
    // Past the last chunk's end means the end of the last chunk.
    const index = Math.min(place.chunk, this.chunks.length - 1);
    const offset = index === place.chunk ? place.offset : this.chunks[index]!.nodes.length;
    const chunk = this.own(index);
    chunk.nodes.splice(offset, 0, ...nodes);
    for (const node of nodes) if (!node.deleted) chunk.visible += 1;
    if (chunk.nodes.length > CHUNK_NODES) {
      const half = chunk.nodes.length >> 1;
      const first = chunkOf(chunk.nodes.slice(0, half));
      const second = chunkOf(chunk.nodes.slice(half));
      this.owned.add(first);
      this.owned.add(second);
      this.chunks.splice(index, 1, first, second);
    }
  }

  /** Mark the node at a place deleted; returns whether it was visible. */
  markDeleted(place: Place): boolean {
    const node = this.nodeAt(place)!;
    if (node.deleted) return false;
    const chunk = this.own(place.chunk);
    chunk.nodes[place.offset] = { ...node, deleted: true };
    chunk.visible -= 1;
    return true;
  }
}

/** Later (larger) timestamps first among nodes inserted after the same reference. */
export function compareNodeIds(a: RgaNode, b: RgaNode): number {
  return a.counter - b.counter || compareReplicaIds(a.replica, b.replica);
}

/**
 * RGA's insertion rule: start right after the reference and skip every node with a larger
 * timestamp (inserts made concurrently after the same reference that win, and their
 * descendants, whose Lamport counters are larger still). The reference must be present (causal
 * delivery), else returns false and inserts nothing.
 */
function integrate(editor: ChunkEditor, node: RgaNode): boolean {
  let place: Place = { chunk: 0, offset: 0 };
  if (node.after !== null) {
    const reference = editor.find(node.after);
    if (reference === null) return false;
    place = editor.next(reference);
  }
  for (let next = editor.nodeAt(place); next !== undefined && compareNodeIds(next, node) > 0; next = editor.nodeAt(place)) place = editor.next(place);
  editor.insert(place, [node]);
  return true;
}

/** The place of the visible character at `position` (skipping whole chunks by their visible count), or null. */
function placeOfVisible(chunks: readonly RgaChunk[], position: number): Place | null {
  let seen = 0;
  for (let chunk = 0; chunk < chunks.length; chunk++) {
    const { nodes, visible } = chunks[chunk]!;
    if (seen + visible <= position) {
      seen += visible;
      continue;
    }
    for (let offset = 0; offset < nodes.length; offset++) {
      if (nodes[offset]!.deleted) continue;
      if (seen === position) return { chunk, offset };
      seen += 1;
    }
  }
  return null;
}

export function textOf(state: RgaState): string {
  let text = '';
  for (const node of nodesOf(state)) if (!node.deleted) text += node.char;
  return text;
}

export type RgaDownstream =
  | { readonly kind: 'insert'; readonly nodes: readonly RgaNode[] }
  /** `replica` made the deletion (its count grows); `key` names the character. */
  | { readonly kind: 'delete'; readonly key: string; readonly replica: ReplicaId };

/** A prepared edit, with where it lands in the source's own text (so the source applies it without searching). */
type PreparedEdit = { ok: true; downstream: RgaDownstream; place: Place } | { ok: false; reason: string };

/** The source's half of an edit: which nodes to add or which node to hide, checked against its own text. */
function prepareEdit(state: RgaState, operation: CrdtOperation, { replica }: UpdateContext): PreparedEdit {
  if (operation.kind !== 'insert' && operation.kind !== 'delete') return unsupported('sequence', operation, 'use insert or delete');
  if (operation.kind === 'insert') {
    if (!Number.isSafeInteger(operation.position) || operation.position < 0 || operation.position > state.length) {
      return rejected(`position ${operation.position} is past the end: this replica's text has ${state.length} characters`);
    }
    if (operation.text.length === 0) return rejected('nothing to insert');
    const reference = operation.position === 0 ? null : placeOfVisible(state.chunks, operation.position - 1);
    let after = reference === null ? null : state.chunks[reference.chunk]!.nodes[reference.offset]!.key;
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
    const place = reference === null ? { chunk: 0, offset: 0 } : { chunk: reference.chunk, offset: reference.offset + 1 };
    return { ok: true, downstream: { kind: 'insert', nodes }, place };
  }
  if (!Number.isSafeInteger(operation.position) || operation.position < 0 || operation.position >= state.length) {
    return rejected(`no character at position ${operation.position}: this replica's text has ${state.length} characters`);
  }
  const place = placeOfVisible(state.chunks, operation.position)!;
  return { ok: true, downstream: { kind: 'delete', key: state.chunks[place.chunk]!.nodes[place.offset]!.key, replica }, place };
}

/** The source applies its own edit where `prepareEdit` found it. */
function applyOwnEdit(state: RgaState, prepared: Extract<PreparedEdit, { ok: true }>): RgaState {
  const editor = new ChunkEditor(state.chunks);
  const downstream = prepared.downstream;
  if (downstream.kind === 'delete') {
    editor.markDeleted(prepared.place);
    return { ...state, chunks: editor.chunks, deletions: incremented(state.deletions, downstream.replica), length: state.length - 1 };
  }
  editor.insert(prepared.place, downstream.nodes);
  const last = downstream.nodes[downstream.nodes.length - 1]!;
  return {
    chunks: editor.chunks,
    clock: last.counter,
    inserted: mergeVectors(state.inserted, { [last.replica]: last.counter }),
    deletions: state.deletions,
    length: state.length + downstream.nodes.length,
  };
}

/** Apply a downstream edit at another replica; unknown references (only under non-causal delivery) leave the state as is. */
function applyEdit(state: RgaState, downstream: RgaDownstream): RgaState {
  const editor = new ChunkEditor(state.chunks);
  if (downstream.kind === 'delete') {
    const place = editor.find(downstream.key);
    if (place === null) return state; // its insert has not arrived: RGA's downstream precondition fails
    const wasVisible = editor.markDeleted(place);
    return { ...state, chunks: editor.chunks, deletions: incremented(state.deletions, downstream.replica), length: state.length - (wasVisible ? 1 : 0) };
  }
  let { clock, inserted, length } = state;
  let changed = false;
  for (const node of downstream.nodes) {
    if (editor.find(node.key) !== null) continue; // already delivered
    if (!integrate(editor, node)) break; // its reference never arrived: RGA's downstream precondition fails
    changed = true;
    clock = Math.max(clock, node.counter);
    inserted = mergeVectors(inserted, { [node.replica]: node.counter });
    length += 1;
  }
  return changed ? { chunks: editor.chunks, clock, inserted, deletions: state.deletions, length } : state;
}

function describeNode(node: RgaNode): string {
  return `${JSON.stringify(node.char)}@${node.key}<${node.after ?? 'head'}`;
}

/** Same nodes in the same order with the same deletion flags (chunk boundaries may differ). */
function sameNodes(a: RgaState, b: RgaState): boolean {
  const left = nodesOf(a);
  const right = nodesOf(b);
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done === y.done;
    if (x.value.key !== y.value.key || x.value.deleted !== y.value.deleted) return false;
  }
}

function sequenceEqual(a: RgaState, b: RgaState): boolean {
  if (a === b) return true;
  if (a.length !== b.length || a.clock !== b.clock || !vectorsEqual(a.inserted, b.inserted) || !vectorsEqual(a.deletions, b.deletions)) return false;
  return sameNodes(a, b);
}

const metadataOf = (state: RgaState) => {
  const nodes = [...nodesOf(state)];
  return {
    vectors: { inserted: state.inserted, deletions: state.deletions },
    dots: nodes.filter((node) => !node.deleted).map(describeNode),
    tombstones: nodes.filter((node) => node.deleted).map(describeNode),
  };
};

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
    const editor = new ChunkEditor(a.chunks);
    if (newDeletions) {
      const deletedInB = new Set<string>();
      for (const chunk of b.chunks) for (const node of chunk.nodes) if (node.deleted) deletedInB.add(node.key);
      for (let chunk = 0; chunk < editor.chunks.length; chunk++) {
        const nodes = editor.chunks[chunk]!.nodes;
        for (let offset = 0; offset < nodes.length; offset++) {
          if (!nodes[offset]!.deleted && deletedInB.has(nodes[offset]!.key)) editor.markDeleted({ chunk, offset });
        }
      }
    }
    // Nodes a lacks: later than the last node a holds from their replica. Parents have smaller
    // counters than their children, so ascending ids is a causal order to integrate them in.
    if (newNodes) {
      const missing: RgaNode[] = [];
      for (const chunk of b.chunks) for (const node of chunk.nodes) if (node.counter > entryOf(a.inserted, node.replica)) missing.push(node);
      missing.sort(compareNodeIds);
      for (const node of missing) integrate(editor, node);
    }
    let length = 0;
    for (const chunk of editor.chunks) length += chunk.visible;
    return { chunks: editor.chunks, clock: Math.max(a.clock, b.clock), inserted: mergeVectors(a.inserted, b.inserted), deletions: mergeVectors(a.deletions, b.deletions), length };
  },
  compare(a, b) {
    if (a.clock > b.clock) return false;
    const theirs = new Map<string, RgaNode>();
    for (const node of nodesOf(b)) theirs.set(node.key, node);
    for (const node of nodesOf(a)) {
      const other = theirs.get(node.key);
      if (other === undefined || (node.deleted && !other.deleted)) return false;
    }
    return true;
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
  equal: (a, b) => a === b || sameNodes(a, b),
  value: textOf,
  metadata: metadataOf,
};
