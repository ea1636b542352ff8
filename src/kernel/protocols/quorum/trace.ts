// Everything that happens in a replicated-store run, as plain data with its virtual time: the trace.

import type { DropReason } from '../../net/network.ts';
import type { QuorumCommand } from './config.ts';
import type { DisplayRole } from '../raft/trace.ts';
import type { EndpointId, OperationStatus, QuorumMessageType, ReplicaId, Version } from './types.ts';

export type QuorumTraceEvent =
  | {
      readonly kind: 'send';
      readonly timeMs: number;
      readonly messageId: number;
      readonly from: EndpointId;
      readonly to: EndpointId;
      readonly type: QuorumMessageType;
      /** The operation it serves, or -1 (Raft traffic, repairs, handoffs). */
      readonly opId: number;
      readonly deliverAtMs: number;
    }
  | { readonly kind: 'deliver'; readonly timeMs: number; readonly messageId: number; readonly from: EndpointId; readonly to: EndpointId }
  | { readonly kind: 'drop'; readonly timeMs: number; readonly messageId: number; readonly from: EndpointId; readonly to: EndpointId; readonly reason: DropReason }
  /** A client sent an operation to its coordinator. */
  | { readonly kind: 'invoke'; readonly timeMs: number; readonly opId: number }
  /** A client got its answer or gave up. */
  | { readonly kind: 'complete'; readonly timeMs: number; readonly opId: number; readonly status: OperationStatus }
  /** A replica's stored copy of a key changed (a write, a repair, a handoff, a committed entry). */
  | { readonly kind: 'store'; readonly timeMs: number; readonly replica: ReplicaId; readonly key: string; readonly version: Version; readonly hinted: boolean }
  /** Consensus mode: a replica's Raft role or term changed. */
  | { readonly kind: 'role'; readonly timeMs: number; readonly replica: ReplicaId; readonly role: DisplayRole; readonly term: number }
  | { readonly kind: 'action'; readonly timeMs: number; readonly command: QuorumCommand };

export type QuorumTraceKind = QuorumTraceEvent['kind'];
