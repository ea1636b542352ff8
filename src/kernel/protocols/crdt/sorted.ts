// Sorted, duplicate-free string arrays: the sets inside set payloads, kept canonical so equal sets
// compare and encode alike, and shared between states when unchanged.

export type SortedSet = readonly string[];

export const EMPTY_SET: SortedSet = Object.freeze([]) as SortedSet;

export function setOf(items: Iterable<string>): SortedSet {
  return [...new Set(items)].sort();
}

/** Where `item` is or would go (binary search). */
function lowerBound(set: SortedSet, item: string): number {
  let low = 0;
  let high = set.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (set[middle]! < item) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function has(set: SortedSet, item: string): boolean {
  return set[lowerBound(set, item)] === item;
}

export function withItem(set: SortedSet, item: string): SortedSet {
  const index = lowerBound(set, item);
  if (set[index] === item) return set;
  const copy = set.slice();
  copy.splice(index, 0, item);
  return copy;
}

export function union(a: SortedSet, b: SortedSet): SortedSet {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  // A few items into a large set (a tombstone or two into thousands): copy once, splice them in.
  if (b.length <= 4 && a.length > 16) return b.reduce((set, item) => withItem(set, item), a);
  if (a.length <= 4 && b.length > 16) return a.reduce((set, item) => withItem(set, item), b);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out.length === a.length ? a : out.length === b.length ? b : out;
}

export function difference(a: SortedSet, b: SortedSet): SortedSet {
  if (b.length === 0 || a.length === 0) return a;
  const out = a.filter((item) => !has(b, item));
  return out.length === a.length ? a : out;
}

export function isSubset(a: SortedSet, b: SortedSet): boolean {
  if (a.length > b.length) return false;
  return a.every((item) => has(b, item));
}

export function setsEqual(a: SortedSet, b: SortedSet): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** Per-key sorted sets (element → its dots): union key by key. */
export type SetMap = Readonly<Record<string, SortedSet>>;

export function keysOf(...maps: SetMap[]): string[] {
  const keys = new Set<string>();
  for (const map of maps) for (const key of Object.keys(map)) keys.add(key);
  return [...keys].sort();
}

export function setMapsEqual(a: SetMap, b: SetMap): boolean {
  const keys = keysOf(a, b);
  return keys.every((key) => setsEqual(a[key] ?? EMPTY_SET, b[key] ?? EMPTY_SET));
}

export function setMapLessOrEqual(a: SetMap, b: SetMap): boolean {
  return Object.keys(a).every((key) => isSubset(a[key]!, b[key] ?? EMPTY_SET));
}

/** Keys in order, empty sets dropped. */
export function canonicalSetMap(map: Record<string, SortedSet>): SetMap {
  const out: Record<string, SortedSet> = {};
  for (const key of Object.keys(map).sort()) if (map[key]!.length > 0) out[key] = map[key]!;
  return out;
}
