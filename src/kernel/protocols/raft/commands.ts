// User actions on a Raft cluster as a tagged union: a click or a drag in the UI, or a line of a
// scenario file, becomes one of these; the history records them so a replay includes them.

import type { NetworkCommand } from '../../net/commands.ts';
import type { NodeId } from './types.ts';

export type RaftCommand =
  /** crash, restart, partition, isolate, move, heal, cut, restore-link: the kit's shared words. */
  | NetworkCommand<NodeId>
  /** Make the node's election timer fire now. */
  | { readonly type: 'timeout'; readonly node: NodeId }
  /** A client write; without `via` it goes to the current leader. */
  | { readonly type: 'request'; readonly value: string; readonly via?: NodeId }
  | { readonly type: 'configure'; readonly timing: Partial<RaftTiming> }
  /** Fine-grained faults on one message in flight (clicked in the UI). */
  | { readonly type: 'drop-message'; readonly messageId: number }
  | { readonly type: 'duplicate-message'; readonly messageId: number }
  | { readonly type: 'delay-message'; readonly messageId: number; readonly delayMs: number }
  /**
   * A set-up step, not a protocol action: give a node this log (entry terms) and at least this
   * currentTerm, to reproduce a figure of the paper (e.g. Figure 7) without scripting its history.
   */
  | { readonly type: 'load-log'; readonly node: NodeId; readonly terms: readonly number[]; readonly currentTerm: number };

export interface RaftTiming {
  readonly electionTimeoutMsMin: number;
  readonly electionTimeoutMsMax: number;
  readonly heartbeatIntervalMs: number;
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** Chance of losing a message, in percent (0–100). */
  readonly lossPercent: number;
  /** Chance of delivering a message twice, in percent (0–100). */
  readonly duplicationPercent: number;
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
