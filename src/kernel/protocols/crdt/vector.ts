// Version vectors (Parker et al. 1983; Shapiro et al. 2011 §2.1): a counter per replica, merged by
// pointwise maximum. A G-Counter's payload is one; MV-Register siblings and dots are ordered by them.

import type { ReplicaId, VersionVector } from './types.ts';

export const EMPTY_VECTOR: VersionVector = Object.freeze({});

export function entryOf(vector: VersionVector, replica: ReplicaId): number {
  return vector[replica] ?? 0;
}

export function incremented(vector: VersionVector, replica: ReplicaId, amount = 1): VersionVector {
  return sortedVector({ ...vector, [replica]: entryOf(vector, replica) + amount });
}

/** Pointwise maximum: the least upper bound of two vectors. */
export function mergeVectors(a: VersionVector, b: VersionVector): VersionVector {
  const merged: Record<ReplicaId, number> = { ...a };
  for (const [replica, count] of Object.entries(b)) if (count > (merged[replica] ?? 0)) merged[replica] = count;
  return sortedVector(merged);
}

/** a ≤ b: every entry of a is at most b's. */
export function vectorLessOrEqual(a: VersionVector, b: VersionVector): boolean {
  for (const [replica, count] of Object.entries(a)) if (count > (b[replica] ?? 0)) return false;
  return true;
}

export function vectorsEqual(a: VersionVector, b: VersionVector): boolean {
  return vectorLessOrEqual(a, b) && vectorLessOrEqual(b, a);
}

export type CausalOrder = 'equal' | 'before' | 'after' | 'concurrent';

export function compareVectors(a: VersionVector, b: VersionVector): CausalOrder {
  const below = vectorLessOrEqual(a, b);
  const above = vectorLessOrEqual(b, a);
  if (below && above) return 'equal';
  if (below) return 'before';
  if (above) return 'after';
  return 'concurrent';
}

export function vectorSum(vector: VersionVector): number {
  let sum = 0;
  for (const count of Object.values(vector)) sum += count;
  return sum;
}

/** Keys in replica order and zero entries dropped, so equal vectors print and encode alike. */
export function sortedVector(vector: Record<ReplicaId, number>): VersionVector {
  const sorted: Record<ReplicaId, number> = {};
  for (const replica of Object.keys(vector).sort(compareReplicaIds)) if (vector[replica]! !== 0) sorted[replica] = vector[replica]!;
  return sorted;
}

/** r2 before r10: by number, not by text. */
export function compareReplicaIds(a: ReplicaId, b: ReplicaId): number {
  return Number(a.slice(1)) - Number(b.slice(1)) || (a < b ? -1 : a > b ? 1 : 0);
}

export function formatVector(vector: VersionVector): string {
  return `[${Object.entries(vector).map(([replica, count]) => `${replica}:${count}`).join(' ')}]`;
}
