// Which real nodes can reach which: islands, with the same meaning as the simulation's network words.

export class Islands {
  private readonly islandOf = new Map<string, number>();

  constructor(private readonly nodes: readonly string[]) {
    this.heal();
  }

  /** Island index per node, 0 for everyone when healed (the simulation prints the same number as `partition`). */
  islandIndex(node: string): number {
    return this.islandOf.get(node) ?? 0;
  }

  canReach(from: string, to: string): boolean {
    return this.islandIndex(from) === this.islandIndex(to);
  }

  /** Groups that cannot reach each other; nodes not named form one more group together. */
  partition(groups: readonly (readonly string[])[]): void {
    const named = new Set(groups.flat());
    const rest = this.nodes.filter((node) => !named.has(node));
    const all = rest.length > 0 ? [...groups, rest] : groups;
    all.forEach((group, index) => group.forEach((node) => this.islandOf.set(node, index)));
  }

  /** One node on an island of its own; the others keep theirs. */
  isolate(node: string): void {
    const highest = Math.max(0, ...this.islandOf.values());
    const others = this.nodes.filter((other) => other !== node && this.islandIndex(other) === this.islandIndex(node));
    if (others.length === 0) return;
    this.islandOf.set(node, highest + 1);
  }

  heal(): void {
    for (const node of this.nodes) this.islandOf.set(node, 0);
  }

  isHealed(): boolean {
    return new Set(this.nodes.map((node) => this.islandIndex(node))).size === 1;
  }

  /** The nodes on `node`'s island, itself included. */
  islandMates(node: string): string[] {
    return this.nodes.filter((other) => this.canReach(node, other));
  }
}
