// What a message is, for drawing: (Pre)Vote requests and replies, heartbeats, AppendEntries with entries, replies.
import type { RaftMessageType } from '../../../kernel/protocols/raft/types.ts';
import type { GlyphShape } from '../../geometry/shapes.ts';

export type MessageKind = 'request-vote' | 'vote-granted' | 'vote-refused' | 'heartbeat' | 'append-entries' | 'append-ok' | 'append-refused';

export interface MessageLook {
  readonly kind: MessageKind;
  readonly shape: GlyphShape;
  readonly label: string;
  /** Entries carried by an AppendEntries (0 for a heartbeat). */
  readonly entryCount: number;
}

/**
 * A message's look from its type and its numbers (`detail`, laid out as trace.ts documents):
 * replies carry granted/ok as detail[0], AppendEntries its entry count as detail[2].
 */
export function messageLook(type: RaftMessageType, detail: readonly number[]): MessageLook {
  switch (type) {
    case 'RequestVote':
      return { kind: 'request-vote', shape: 'diamond', label: 'RequestVote', entryCount: 0 };
    case 'PreVote':
      return { kind: 'request-vote', shape: 'diamond', label: 'PreVote', entryCount: 0 };
    case 'RequestVoteReply':
    case 'PreVoteReply': {
      const prefix = type === 'PreVoteReply' ? 'pre-vote' : 'vote';
      return detail[0] === 1
        ? { kind: 'vote-granted', shape: 'circle', label: `${prefix} granted`, entryCount: 0 }
        : { kind: 'vote-refused', shape: 'circle', label: `${prefix} refused`, entryCount: 0 };
    }
    case 'AppendEntries': {
      const entryCount = detail[2] ?? 0;
      return entryCount === 0
        ? { kind: 'heartbeat', shape: 'square', label: 'heartbeat', entryCount }
        : { kind: 'append-entries', shape: 'square', label: 'AppendEntries with entries', entryCount };
    }
    case 'AppendEntriesReply':
      return detail[0] === 1
        ? { kind: 'append-ok', shape: 'triangle', label: 'append ok', entryCount: 0 }
        : { kind: 'append-refused', shape: 'triangle', label: 'append refused', entryCount: 0 };
  }
}

export const MESSAGE_LEGEND: readonly MessageLook[] = [
  messageLook('RequestVote', []),
  messageLook('RequestVoteReply', [1]),
  messageLook('RequestVoteReply', [0]),
  messageLook('AppendEntries', [0, 0, 0, 0]),
  { ...messageLook('AppendEntries', [0, 0, 2, 0]), label: 'AppendEntries (entries)' },
  messageLook('AppendEntriesReply', [1, 0]),
  messageLook('AppendEntriesReply', [0, 0]),
];
