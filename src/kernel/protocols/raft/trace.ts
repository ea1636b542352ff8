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
      readonly deliverAtMs: number;
      /**
       * The message's numbers, for `describeSend`: RequestVote and PreVote [lastLogIndex,
       * lastLogTerm]; RequestVoteReply and PreVoteReply [granted 0/1]; AppendEntries [prevLogIndex, prevLogTerm, entry count,
       * leaderCommit]; AppendEntriesReply [success 0/1, matchIndex].
       */
      readonly detail: readonly number[];
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

type SendEvent = Extract<RaftTraceEvent, { kind: 'send' }>;

/** One line a person can read about a sent message, on the timeline or in a tooltip. */
export function describeSend(event: Pick<SendEvent, 'type' | 'term' | 'detail'>): string {
  const [first = 0, second = 0, third = 0, fourth = 0] = event.detail;
  switch (event.type) {
    case 'RequestVote':
      return `RequestVote term ${event.term}, last log (index ${first}, term ${second})`;
    case 'RequestVoteReply':
      return `Vote ${first === 1 ? 'granted' : 'refused'}, term ${event.term}`;
    case 'PreVote':
      return `PreVote for term ${event.term}, last log (index ${first}, term ${second})`;
    case 'PreVoteReply':
      return `Pre-vote ${first === 1 ? 'granted' : 'refused'}, term ${event.term}`;
    case 'AppendEntries': {
      const entries = third === 0 ? 'heartbeat' : `${third} entr${third === 1 ? 'y' : 'ies'}`;
      return `AppendEntries term ${event.term}, prev (${first}, ${second}), ${entries}, commit ${fourth}`;
    }
    case 'AppendEntriesReply':
      return `AppendEntries ${first === 1 ? 'ok' : 'refused'}, term ${event.term}, index ${second}`;
  }
}
