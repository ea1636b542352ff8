// The network's shape: partition groups, one-way link cuts, crashed nodes, and link quality.
// Verbs match the UI's gestures: partition, isolate, moveTo, cut, restore, heal, crash, restart.

import type { Prng, Ratio } from '../prng.ts';

/** Why a message never arrived; `user` means someone dropped it by hand. */
export type DropReason = 'loss' | 'partition' | 'cut' | 'crashed' | 'user';

export interface LinkQuality {
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** Chance that a message is lost in transit. */
  readonly loss: Ratio;
  /** Chance that a message is delivered twice (each copy with its own latency). */
  readonly duplication: Ratio;
}

export interface NetworkSnapshot {
  readonly groups: readonly (readonly string[])[];
  readonly cuts: readonly string[];
  readonly crashed: readonly string[];
  readonly quality: LinkQuality;
}

export const NO_CHANCE: Ratio = { numerator: 0, denominator: 100 };

export class Network {
  readonly nodeIds: readonly string[];
  /** Every node is in exactly one group; messages cross groups never. Ordered by first member. */
  private groups: string[][];
  private cuts = new Set<string>();
  private crashed = new Set<string>();
  quality: LinkQuality;

  constructor(nodeIds: readonly string[], quality: LinkQuality) {
    this.nodeIds = nodeIds;
    this.groups = [nodeIds.slice()];
    this.quality = quality;
  }

  // ——— Questions ———

  isAlive(id: string): boolean {
    return !this.crashed.has(id);
  }

  groupIndexOf(id: string): number {
    return this.groups.findIndex((group) => group.includes(id));
  }

  getGroups(): readonly (readonly string[])[] {
    return this.groups;
  }

  isCut(from: string, to: string): boolean {
    return this.cuts.has(linkKey(from, to));
  }

  getCuts(): readonly (readonly [string, string])[] {
    return [...this.cuts].map((key) => key.split('>') as [string, string]);
  }

  /** Why a message from `from` to `to` cannot get through right now, or null if it can. */
  blockedReason(from: string, to: string): DropReason | null {
    if (this.crashed.has(to)) return 'crashed';
    if (this.groupIndexOf(from) !== this.groupIndexOf(to)) return 'partition';
    if (this.cuts.has(linkKey(from, to))) return 'cut';
    return null;
  }

  sampleLatencyMs(prng: Prng): number {
    return prng.intBetween(this.quality.latencyMsMin, this.quality.latencyMsMax);
  }

  // ——— Verbs ———

  /** Split into the given groups; nodes not named form one more group together. */
  partition(groups: readonly (readonly string[])[]): void {
    const named = new Set(groups.flat());
    const rest = this.nodeIds.filter((id) => !named.has(id));
    this.setGroups([...groups.map((group) => [...group]), rest]);
  }

  /** Put one node on an island of its own. */
  isolate(id: string): void {
    this.setGroups([...this.groups.map((group) => group.filter((member) => member !== id)), [id]]);
  }

  /** Move one node into the group that currently has index `groupIndex`. */
  moveTo(id: string, groupIndex: number): void {
    const target = this.groups[groupIndex];
    if (!target || target.includes(id)) return;
    this.setGroups(this.groups.map((group) => (group === target ? [...group, id] : group.filter((member) => member !== id))));
  }

  /** Heal every partition and every cut link. */
  heal(): void {
    this.groups = [this.nodeIds.slice()];
    this.cuts.clear();
  }

  cut(from: string, to: string): void {
    this.cuts.add(linkKey(from, to));
  }

  restore(from: string, to: string): void {
    this.cuts.delete(linkKey(from, to));
  }

  crash(id: string): void {
    this.crashed.add(id);
  }

  restart(id: string): void {
    this.crashed.delete(id);
  }

  private setGroups(groups: string[][]): void {
    const order = new Map(this.nodeIds.map((id, index) => [id, index]));
    this.groups = groups
      .filter((group) => group.length > 0)
      .map((group) => [...new Set(group)].sort((a, b) => order.get(a)! - order.get(b)!))
      .sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
  }

  // ——— Snapshots ———

  snapshot(): NetworkSnapshot {
    return {
      groups: this.groups.map((group) => group.slice()),
      cuts: [...this.cuts],
      crashed: [...this.crashed],
      quality: this.quality,
    };
  }

  restoreSnapshot(snapshot: NetworkSnapshot): void {
    this.groups = snapshot.groups.map((group) => group.slice());
    this.cuts = new Set(snapshot.cuts);
    this.crashed = new Set(snapshot.crashed);
    this.quality = snapshot.quality;
  }
}

function linkKey(from: string, to: string): string {
  return `${from}>${to}`;
}
