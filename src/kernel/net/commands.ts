// The network words every lab shares: one command type and one way to carry it out, so a drag, a
// click and a scenario line mean the same thing in every lab (crash, restart, partition, isolate,
// move, heal, cut, restore-link). A lab's command union includes `NetworkCommand` and hands these
// cases to `applyNetworkCommand`; only what crashing and restarting do to a node is the lab's own.

import type { Network } from './network.ts';

/**
 * `Node` is what can crash (a server, a replica); `Endpoint` is what can sit on an island (servers
 * and, in labs with clients on the network, clients too).
 */
export type NetworkCommand<Node extends string = string, Endpoint extends string = Node> =
  | { readonly type: 'crash'; readonly node: Node }
  | { readonly type: 'restart'; readonly node: Node }
  /** Groups that cannot reach each other; endpoints not named form one more group together. */
  | { readonly type: 'partition'; readonly groups: readonly (readonly Endpoint[])[] }
  /** Put one endpoint on an island of its own. */
  | { readonly type: 'isolate'; readonly node: Endpoint }
  /** Move an endpoint onto the island that has index `group` (a drag onto another island). */
  | { readonly type: 'move'; readonly node: Endpoint; readonly group: number }
  /** Join every group and mend every cut link. */
  | { readonly type: 'heal' }
  /** Cut the one-way link `from` → `to`; `bothWays` cuts the reverse direction too. */
  | { readonly type: 'cut'; readonly from: Endpoint; readonly to: Endpoint; readonly bothWays: boolean }
  | { readonly type: 'restore-link'; readonly from: Endpoint; readonly to: Endpoint; readonly bothWays: boolean };

export type NetworkCommandType = NetworkCommand['type'];

const NETWORK_COMMAND_TYPES: ReadonlySet<string> = new Set<NetworkCommandType>(['crash', 'restart', 'partition', 'isolate', 'move', 'heal', 'cut', 'restore-link']);

export function isNetworkCommand<Command extends { readonly type: string }>(command: Command): command is Extract<Command, NetworkCommand<string, string>> {
  return NETWORK_COMMAND_TYPES.has(command.type);
}

/** What a simulation lends the shared verbs: its network, what to do with messages a change strands, and its own crash/restart. */
export interface NetworkCommandHost<Node extends string> {
  readonly network: Network;
  /** Messages in flight that the new shape of the network blocks are dropped (see Transport.dropBlocked). */
  dropBlocked(): void;
  crash(node: Node): void;
  restart(node: Node): void;
}

export function applyNetworkCommand<Node extends string, Endpoint extends string>(host: NetworkCommandHost<Node>, command: NetworkCommand<Node, Endpoint>): void {
  const { network } = host;
  switch (command.type) {
    case 'crash':
      return host.crash(command.node);
    case 'restart':
      return host.restart(command.node);
    case 'partition':
      network.partition(command.groups);
      return host.dropBlocked();
    case 'isolate':
      network.isolate(command.node);
      return host.dropBlocked();
    case 'move':
      network.moveTo(command.node, command.group);
      return host.dropBlocked();
    case 'heal':
      // Nothing in flight was blocked by being healed.
      return network.heal();
    case 'cut':
      network.cut(command.from, command.to);
      if (command.bothWays) network.cut(command.to, command.from);
      return host.dropBlocked();
    case 'restore-link':
      network.restore(command.from, command.to);
      if (command.bothWays) network.restore(command.to, command.from);
      return;
  }
}
