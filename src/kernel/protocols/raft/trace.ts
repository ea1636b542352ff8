// Everything that happens in a Raft run, as plain data with its virtual time: the trace.

import type { DropReason } from '../../net/network.ts';
import type { NodeId, RaftMessageType, Role } from './types.ts';
import type { RaftCommand } from './commands.ts';

export type DisplayRole = Role | 'crashed';

export type RaftTraceEvent =
  | {
      readonly kind: 'send';
      readonly timeMs: number;
      readonly messageId: number;
      readonly from: NodeId;
      readonly to: NodeId;
      readonly type: RaftMessageType;
      readonly term: number;
      readonly summary: string;
      readonly deliverAtMs: number;
    }
  | { readonly kind: 'deliver'; readonly timeMs: number; readonly messageId: number; readonly from: NodeId; readonly to: NodeId }
  | {
      readonly kind: 'drop';
      readonly timeMs: number;
      readonly messageId: number;
      readonly from: NodeId;
      readonly to: NodeId;
      readonly reason: DropReason;
    }
  | { readonly kind: 'timer'; readonly timeMs: number; readonly node: NodeId; readonly timer: 'election' | 'heartbeat' }
  | { readonly kind: 'role'; readonly timeMs: number; readonly node: NodeId; readonly role: DisplayRole; readonly term: number }
  | { readonly kind: 'term'; readonly timeMs: number; readonly node: NodeId; readonly term: number }
  | { readonly kind: 'vote'; readonly timeMs: number; readonly node: NodeId; readonly term: number; readonly votedFor: NodeId }
  | { readonly kind: 'log'; readonly timeMs: number; readonly node: NodeId; readonly length: number; readonly lastTerm: number }
  | { readonly kind: 'commit'; readonly timeMs: number; readonly node: NodeId; readonly commitIndex: number }
  | {
      readonly kind: 'client';
      readonly timeMs: number;
      readonly node: NodeId | null;
      readonly value: string;
      readonly accepted: boolean;
      readonly index: number | null;
      readonly leaderHint: NodeId | null;
    }
  | { readonly kind: 'action'; readonly timeMs: number; readonly command: RaftCommand };

export type RaftTraceKind = RaftTraceEvent['kind'];
