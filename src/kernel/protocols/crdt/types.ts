// The CRDT lab's shared vocabulary: replica ids, the operations a user can ask for, what a type
// must provide to be state-based (a join-semilattice) or op-based, and its visible metadata.

export type ReplicaId = string;

export const MIN_REPLICAS = 2;
export const MAX_REPLICAS = 6;

export function replicaIdOf(index: number): ReplicaId {
  return `r${index + 1}`;
}

export function replicaIndexOf(id: ReplicaId): number {
  return Number(id.slice(1)) - 1;
}

export const CRDT_TYPE_NAMES = ['g-counter', 'pn-counter', 'g-set', '2p-set', 'or-set', 'rw-set', 'lww-register', 'mv-register', 'lww-map', 'sequence'] as const;
export type CrdtTypeName = (typeof CRDT_TYPE_NAMES)[number];

/** What a user asks a replica to do; each type accepts some of these and explains why not the rest. */
export type CrdtOperation =
  | { readonly kind: 'inc'; readonly amount: number }
  | { readonly kind: 'dec'; readonly amount: number }
  /** A decrement guarded by a local check `value >= amount`: the "when not to" lesson. */
  | { readonly kind: 'withdraw'; readonly amount: number }
  | { readonly kind: 'add'; readonly element: string }
  | { readonly kind: 'remove'; readonly element: string }
  | { readonly kind: 'set'; readonly value: string }
  | { readonly kind: 'put'; readonly key: string; readonly value: string }
  | { readonly kind: 'remove-key'; readonly key: string }
  | { readonly kind: 'insert'; readonly position: number; readonly text: string }
  | { readonly kind: 'delete'; readonly position: number };

export type CrdtOperationKind = CrdtOperation['kind'];

/** A replica's value as a reader sees it (plain JSON). Sets and siblings are sorted. */
export type CrdtValue = number | string | null | readonly string[] | Readonly<Record<string, string>>;

/** Where an update happens: the replica, the cluster, and the replica's own physical clock. */
export interface UpdateContext {
  readonly replica: ReplicaId;
  /** Strictly increasing per replica (the simulation guarantees it): virtual time plus the replica's skew. */
  readonly clockMs: number;
}

/**
 * An update either changes the state or is a no-op whose precondition failed at this replica
 * (removing an element it has not observed, deleting past the end): reported, never an error.
 */
export type Updated<State> = { readonly ok: true; readonly state: State } | { readonly ok: false; readonly reason: string };

/**
 * What makes the replication machinery visible: per-replica counters (a G-Counter's P and N, a
 * version vector), unique tags ("dots") of live entries, tombstones, timestamps. Its size in
 * bytes is the length of its UTF-8 JSON encoding: a stand-in for a real wire format, the same
 * rule for every type so sizes compare.
 */
export interface CrdtMetadata {
  readonly vectors?: Readonly<Record<string, VersionVector>>;
  readonly dots?: readonly string[];
  readonly tombstones?: readonly string[];
  readonly timestamps?: readonly string[];
}

/** Per-replica counters; a missing replica counts 0. */
export type VersionVector = Readonly<Record<ReplicaId, number>>;

/**
 * A state-based (convergent) replicated type, as Shapiro et al. 2011 define it (§2.2): states
 * form a join-semilattice ordered by `compare`, `merge` is the least upper bound, and every
 * update is an inflation (`s ≤ update(s)`). Then replicas that have delivered the same updates,
 * in any order and any number of times, hold equal states.
 */
export interface StateBasedType<State> {
  readonly name: CrdtTypeName;
  /** The paper's name and where it is defined. */
  readonly title: string;
  readonly source: string;
  /** The operations this type accepts (for errors and random histories). */
  readonly operations: readonly CrdtOperationKind[];
  initial(): State;
  update(state: State, operation: CrdtOperation, context: UpdateContext): Updated<State>;
  /** Least upper bound: commutative, associative, idempotent. */
  merge(a: State, b: State): State;
  /** The paper's `compare(a, b)`: a ≤ b in the semilattice. */
  compare(a: State, b: State): boolean;
  /** Equal states (a ≤ b and b ≤ a), usually cheaper than two compares. */
  equal(a: State, b: State): boolean;
  value(state: State): CrdtValue;
  metadata(state: State): CrdtMetadata;
}

/** How an op-based type's operations must be delivered for replicas to converge (§2.4). */
export interface DeliveryRequirement {
  /** Each operation must arrive after the operations its source had delivered when it was issued. */
  readonly causal: boolean;
  /** Each operation must take effect once: its effect is not idempotent. */
  readonly exactlyOnce: boolean;
  /** One sentence: what goes wrong without it. */
  readonly why: string;
}

/**
 * An op-based (commutative) replicated type (§2.4): `prepare` runs at the source only and turns
 * the user's request into a downstream operation; `effect` runs at every replica. Concurrent
 * effects commute; the delivery layer must meet `delivery`.
 */
export interface OpBasedType<State, Downstream> {
  readonly name: CrdtTypeName;
  readonly title: string;
  readonly source: string;
  readonly delivery: DeliveryRequirement;
  initial(): State;
  prepare(state: State, operation: CrdtOperation, context: UpdateContext): { readonly ok: true; readonly downstream: Downstream } | { readonly ok: false; readonly reason: string };
  effect(state: State, downstream: Downstream): State;
  equal(a: State, b: State): boolean;
  value(state: State): CrdtValue;
  metadata(state: State): CrdtMetadata;
}

/** Types erased for the simulation, which carries any type's state opaquely. */
export type AnyStateBasedType = StateBasedType<unknown>;
export type AnyOpBasedType = OpBasedType<unknown, unknown>;

export function rejected(reason: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason };
}

export function unsupported(title: string, operation: CrdtOperation, hint: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason: `a ${title} has no ${operation.kind}${hint ? `: ${hint}` : ''}` };
}

/** UTF-8 length of a string (the kernel has no TextEncoder in its lib). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

export function metadataBytes(metadata: CrdtMetadata): number {
  return utf8Length(JSON.stringify(metadata));
}

/** A value as the scenario language writes it: 7, nil, hi there, {a,b}, {k=v}. */
export function formatCrdtValue(value: CrdtValue): string {
  if (value === null) return 'nil';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return `{${(value as readonly string[]).join(',')}}`;
  const record = value as Readonly<Record<string, string>>;
  return `{${Object.keys(record).sort().map((key) => `${key}=${record[key]}`).join(',')}}`;
}

/** Longest metadata text a merge record keeps (an OR-Set after thousands of removes has megabytes of tombstones). */
export const METADATA_TEXT_MAX = 400;

/**
 * Metadata as one line a merge's detail can show: `P [r1:5 r2:3] · dots x@r1:1 · tombstones x@r2:1`.
 * Empty metadata (a G-Set: the payload is the value) reads "none".
 */
export function formatCrdtMetadata(metadata: CrdtMetadata): string {
  const parts: string[] = [];
  for (const [name, vector] of Object.entries(metadata.vectors ?? {})) {
    parts.push(`${name} [${Object.entries(vector).map(([id, count]) => `${id}:${count}`).join(' ')}]`);
  }
  if (metadata.dots && metadata.dots.length > 0) parts.push(`dots ${metadata.dots.join(' ')}`);
  if (metadata.tombstones && metadata.tombstones.length > 0) parts.push(`tombstones ${metadata.tombstones.join(' ')}`);
  if (metadata.timestamps && metadata.timestamps.length > 0) parts.push(`stamps ${metadata.timestamps.join(' ')}`);
  const text = parts.join(' · ') || 'none';
  return text.length > METADATA_TEXT_MAX ? `${text.slice(0, METADATA_TEXT_MAX - 1)}…` : text;
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
