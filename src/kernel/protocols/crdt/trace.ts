// Everything that happens in a CRDT run, as plain data with its virtual time: the trace the
// space-time diagram draws (updates and merges on replica lines, messages between them).

import type { DropReason } from '../../net/network.ts';
import type { CrdtCommand } from './config.ts';
import type { CrdtOperation, CrdtValue, ReplicaId } from './types.ts';

export type CrdtMessageKind = 'state' | 'ops' | 'raft' | 'bank';

export type CrdtTraceEvent =
  | { readonly kind: 'send'; readonly timeMs: number; readonly messageId: number; readonly from: ReplicaId; readonly to: ReplicaId; readonly type: CrdtMessageKind; readonly exchange: number; readonly deliverAtMs: number }
  | { readonly kind: 'deliver'; readonly timeMs: number; readonly messageId: number; readonly from: ReplicaId; readonly to: ReplicaId; readonly type: CrdtMessageKind }
  | { readonly kind: 'drop'; readonly timeMs: number; readonly messageId: number; readonly from: ReplicaId; readonly to: ReplicaId; readonly reason: DropReason }
  /** A local update (or a no-op whose precondition failed). */
  | {
      readonly kind: 'update';
      readonly timeMs: number;
      readonly replica: ReplicaId;
      readonly operationId: number;
      readonly operation: CrdtOperation;
      readonly applied: boolean;
      readonly reason: string;
      readonly value: CrdtValue;
    }
  /**
   * A replica merged a state it received (state-based), or delivered operations (op-based).
   * `before`, `incoming` and `after` are the states themselves (immutable, shared): clicking a
   * merge on the page shows the two and the result.
   */
  | {
      readonly kind: 'merge';
      readonly timeMs: number;
      readonly replica: ReplicaId;
      readonly from: ReplicaId;
      readonly messageId: number;
      readonly exchange: number;
      readonly before: unknown;
      readonly incoming: unknown;
      readonly after: unknown;
      readonly changed: boolean;
      /** Op-based: operations delivered now, held back for their causal predecessors, ignored as duplicates. */
      readonly delivered: number;
      readonly buffered: number;
      readonly duplicates: number;
    }
  | { readonly kind: 'violation'; readonly timeMs: number; readonly law: string; readonly explanation: string }
  | { readonly kind: 'action'; readonly timeMs: number; readonly command: CrdtCommand };

export type CrdtTraceKind = CrdtTraceEvent['kind'];
