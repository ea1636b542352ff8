// Registers and a map (Shapiro et al. 2011 §3.2): the LWW-Register (Specification 8), the
// MV-Register keeping concurrent writes as siblings (Specification 10), and an LWW-Map (a map of
// LWW-Registers, with removal as a timestamped tombstone).

import { compareReplicaIds, compareVectors, EMPTY_VECTOR, formatVector, incremented, mergeVectors, vectorLessOrEqual, vectorsEqual } from './vector.ts';
import { rejected, unsupported, type ReplicaId, type StateBasedType, type UpdateContext, type VersionVector } from './types.ts';

/**
 * A write's timestamp: the writer's physical clock (virtual time plus its skew) and its id to
 * break ties. The paper assumes timestamps are "consistent with causal order"; a skewed physical
 * clock is not, and that is the lesson the LWW presets show.
 */
export interface Stamp {
  readonly timeMs: number;
  readonly replica: ReplicaId;
}

export function compareStamps(a: Stamp | null, b: Stamp | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return a.timeMs - b.timeMs || compareReplicaIds(a.replica, b.replica);
}

export function formatStamp(stamp: Stamp): string {
  return `t=${stamp.timeMs}ms@${stamp.replica}`;
}

function stampOf(context: UpdateContext): Stamp {
  return { timeMs: context.clockMs, replica: context.replica };
}

function lostWrite(what: string, mine: Stamp, held: Stamp): { ok: false; reason: string } {
  return rejected(
    `${mine.replica}'s clock reads ${mine.timeMs} ms, older than the ${formatStamp(held)} it already holds: last-writer-wins keeps that value and ${what} is silently lost`,
  );
}

// ——— LWW-Register ———

/** Specification 8: payload (x, t); the larger timestamp wins on merge. */
export interface LwwRegisterState {
  readonly value: string | null;
  readonly stamp: Stamp | null;
}

export const lwwRegister: StateBasedType<LwwRegisterState> = {
  name: 'lww-register',
  title: 'LWW-Register',
  source: 'Shapiro et al. 2011, §3.2.1, Specification 8 (state-based last-writer-wins register)',
  operations: ['set'],
  initial: () => ({ value: null, stamp: null }),
  update(state, operation, context) {
    if (operation.kind !== 'set') return unsupported('LWW-Register', operation, 'use set');
    // "assign(w): x, t := w, now()" — with now() after every stamp seen, as the paper assumes; when
    // this replica's clock is behind, the write would lower the state, so it loses at once instead.
    const stamp = stampOf(context);
    if (state.stamp && compareStamps(stamp, state.stamp) < 0) return lostWrite(`this write of ${operation.value}`, stamp, state.stamp);
    return { ok: true, state: { value: operation.value, stamp } };
  },
  // "merge(X, Y): if X.t ≤ Y.t then (Y.x, Y.t) else (X.x, X.t)"
  merge: (a, b) => (compareStamps(a.stamp, b.stamp) >= 0 ? a : b),
  compare: (a, b) => compareStamps(a.stamp, b.stamp) <= 0,
  equal: (a, b) => compareStamps(a.stamp, b.stamp) === 0 && a.value === b.value,
  value: (state) => state.value,
  metadata: (state) => ({ timestamps: state.stamp ? [formatStamp(state.stamp)] : [] }),
};

// ——— MV-Register ———

export interface Sibling {
  readonly value: string;
  readonly clock: VersionVector;
}

/** Specification 10: a set of (value, version vector) pairs, none dominated by another. */
export interface MvRegisterState {
  readonly siblings: readonly Sibling[];
}

function canonicalSiblings(siblings: readonly Sibling[]): readonly Sibling[] {
  const kept: Sibling[] = [];
  for (const candidate of siblings) {
    // Drop a pair whose clock another pair dominates, and exact duplicates.
    const dominated = siblings.some((other) => compareVectors(candidate.clock, other.clock) === 'before');
    if (!dominated && !kept.some((other) => vectorsEqual(other.clock, candidate.clock))) kept.push(candidate);
  }
  return kept.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : formatVector(a.clock) < formatVector(b.clock) ? -1 : 1));
}

export const mvRegister: StateBasedType<MvRegisterState> = {
  name: 'mv-register',
  title: 'MV-Register',
  source: 'Shapiro et al. 2011, §3.2.2, Specification 10 (state-based multi-value register)',
  operations: ['set'],
  initial: () => ({ siblings: [] }),
  update(state, operation, { replica }) {
    if (operation.kind !== 'set') return unsupported('MV-Register', operation, 'use set');
    // "assign(x): V := merge of every V' in the payload, then increment V[i]" — the new value
    // overwrites every sibling this replica sees, and only those.
    const seen = state.siblings.reduce((clock, sibling) => mergeVectors(clock, sibling.clock), EMPTY_VECTOR);
    return { ok: true, state: { siblings: [{ value: operation.value, clock: incremented(seen, replica) }] } };
  },
  // "merge: keep every pair not dominated by a pair of the other side"
  merge: (a, b) => ({ siblings: canonicalSiblings([...a.siblings, ...b.siblings]) }),
  compare: (a, b) => a.siblings.every((mine) => b.siblings.some((theirs) => vectorLessOrEqual(mine.clock, theirs.clock))),
  equal: (a, b) => a.siblings.length === b.siblings.length && a.siblings.every((mine, index) => mine.value === b.siblings[index]!.value && vectorsEqual(mine.clock, b.siblings[index]!.clock)),
  value: (state) => [...new Set(state.siblings.map((sibling) => sibling.value))].sort(),
  metadata: (state) => ({ vectors: Object.fromEntries(state.siblings.map((sibling, index) => [`${sibling.value}#${index + 1}`, sibling.clock])) }),
};

// ——— LWW-Map ———

/** Each key is an LWW-Register; a removed key keeps its stamp with no value (a tombstone). */
export interface LwwMapState {
  readonly entries: Readonly<Record<string, LwwRegisterState & { readonly stamp: Stamp }>>;
}

export const lwwMap: StateBasedType<LwwMapState> = {
  name: 'lww-map',
  title: 'LWW-Map',
  source: 'A map of LWW-Registers (Shapiro et al. 2011 §3.2.1 per key; removal as a timestamped tombstone)',
  operations: ['put', 'remove-key'],
  initial: () => ({ entries: {} }),
  update(state, operation, context) {
    if (operation.kind !== 'put' && operation.kind !== 'remove-key') return unsupported('LWW-Map', operation, 'use set <replica> key=value or remove <replica> key');
    const key = operation.key;
    const held = state.entries[key];
    if (operation.kind === 'remove-key' && (held === undefined || held.value === null)) {
      return rejected(`this replica does not see key ${key}, so it cannot remove it`);
    }
    const stamp = stampOf(context);
    if (held && compareStamps(stamp, held.stamp) < 0) return lostWrite(operation.kind === 'put' ? `this write of ${key}=${operation.value}` : `this removal of ${key}`, stamp, held.stamp);
    const value = operation.kind === 'put' ? operation.value : null;
    return { ok: true, state: { entries: sortedEntries({ ...state.entries, [key]: { value, stamp } }) } };
  },
  merge(a, b) {
    const entries: Record<string, LwwRegisterState & { readonly stamp: Stamp }> = { ...a.entries };
    for (const [key, theirs] of Object.entries(b.entries)) {
      const mine = entries[key];
      if (!mine || compareStamps(mine.stamp, theirs.stamp) < 0) entries[key] = theirs;
    }
    return { entries: sortedEntries(entries) };
  },
  compare: (a, b) => Object.entries(a.entries).every(([key, mine]) => b.entries[key] !== undefined && compareStamps(mine.stamp, b.entries[key]!.stamp) <= 0),
  equal(a, b) {
    const keys = Object.keys(a.entries);
    if (keys.length !== Object.keys(b.entries).length) return false;
    return keys.every((key) => b.entries[key] !== undefined && compareStamps(a.entries[key]!.stamp, b.entries[key]!.stamp) === 0 && a.entries[key]!.value === b.entries[key]!.value);
  },
  value(state) {
    const value: Record<string, string> = {};
    for (const [key, entry] of Object.entries(state.entries)) if (entry.value !== null) value[key] = entry.value;
    return value;
  },
  metadata: (state) => ({
    timestamps: Object.entries(state.entries).filter(([, entry]) => entry.value !== null).map(([key, entry]) => `${key}@${formatStamp(entry.stamp)}`),
    tombstones: Object.entries(state.entries).filter(([, entry]) => entry.value === null).map(([key, entry]) => `${key}@${formatStamp(entry.stamp)}`),
  }),
};

function sortedEntries<Entry>(entries: Record<string, Entry>): Readonly<Record<string, Entry>> {
  const sorted: Record<string, Entry> = {};
  for (const key of Object.keys(entries).sort()) sorted[key] = entries[key]!;
  return sorted;
}
