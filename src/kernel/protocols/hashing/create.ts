// The factory the lab, the scenario runner and the benchmark use to build any strategy by name.
import { BoundedLoadsRing } from './bounded-loads.ts';
import { JumpPlacement } from './jump.ts';
import { ModNPlacement } from './mod-n.ts';
import type { NodeSpec } from './nodes.ts';
import { RendezvousPlacement } from './rendezvous.ts';
import { ConsistentHashRing } from './ring.ts';
import { defaultStrategyOptions, type PlacementStrategy, type StrategyName, type StrategyOptions } from './strategy.ts';

export function createStrategy(
  name: StrategyName,
  nodes: readonly NodeSpec[],
  options: Partial<StrategyOptions> = {},
): PlacementStrategy {
  const full: StrategyOptions = { ...defaultStrategyOptions, ...options };
  switch (name) {
    case 'mod-n':
      return new ModNPlacement(nodes);
    case 'ring':
      return new ConsistentHashRing(nodes, full);
    case 'rendezvous':
      return new RendezvousPlacement(nodes, full);
    case 'jump':
      return new JumpPlacement(nodes);
    case 'bounded-loads':
      return new BoundedLoadsRing(nodes, full);
    default:
      return assertNever(name);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown strategy ${String(value)}`);
}
