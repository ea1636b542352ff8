// Mod-N placement: node = hash mod N. The baseline that moves almost every key when N changes.
import { validateNodes, type NodeSpec } from './nodes.ts';
import { assignOwnersOneByOne, type PlacementStrategy } from './strategy.ts';

export class ModNPlacement implements PlacementStrategy {
  readonly name = 'mod-n' as const;
  readonly label = 'Mod-N';
  readonly supportsWeights = false;
  // Any node can leave: mod-N moves almost every key on any change, so removing a middle node costs no
  // more than removing the last one (contrast jump hash, where only the last bucket leaves cheaply).
  readonly supportsArbitraryRemoval = true;
  readonly ownerDependsOnOtherKeys = false;
  readonly lookupCost = 'O(1)';
  readonly memoryEstimateBytes = 0;

  constructor(readonly nodes: readonly NodeSpec[]) {
    validateNodes(nodes);
  }

  ownerOf(keyHash: number): number {
    return this.nodes.length === 0 ? -1 : keyHash % this.nodes.length;
  }

  assignOwners(keyHashes: Uint32Array): Int32Array {
    return assignOwnersOneByOne(this, keyHashes);
  }

  /** Replicas on the following node numbers, wrapping: the usual companion of mod-N sharding. */
  preferenceList(keyHash: number, replicaCount: number, primary?: number): number[] {
    const nodeCount = this.nodes.length;
    const count = Math.min(replicaCount, nodeCount);
    const first = primary === undefined || primary < 0 ? this.ownerOf(keyHash) : primary;
    const list: number[] = [];
    for (let offset = 0; offset < count; offset++) list.push((first + offset) % nodeCount);
    return list;
  }
}
