// What a message is, for drawing: (Pre)Vote requests and replies, heartbeats, AppendEntries with entries, replies.
import type { RaftMessageType } from '../../../kernel/protocols/raft/types.ts';
import type { GlyphShape } from '../../geometry/shapes.ts';

export type MessageKind = 'request-vote' | 'pre-vote' | 'vote-granted' | 'vote-refused' | 'heartbeat' | 'append-entries' | 'append-ok' | 'append-refused';

export interface MessageLook {
  readonly kind: MessageKind;
  readonly shape: GlyphShape;
  readonly label: string;
  /** Entries carried by an AppendEntries (0 for a heartbeat). */
  readonly entryCount: number;
  /** PreVote traffic: drawn hollow and dashed, so it never reads as a real election. */
  readonly pre: boolean;
}

/**
 * A message's look from its type and its numbers (`detail`, laid out as trace.ts documents):
 * replies carry granted/ok as detail[0], AppendEntries its entry count as detail[2].
 */
export function messageLook(type: RaftMessageType, detail: readonly number[]): MessageLook {
  switch (type) {
    case 'RequestVote':
      return { kind: 'request-vote', shape: 'diamond', label: 'RequestVote', entryCount: 0, pre: false };
    case 'PreVote':
      return { kind: 'pre-vote', shape: 'diamond', label: 'PreVote (hollow)', entryCount: 0, pre: true };
    case 'RequestVoteReply':
    case 'PreVoteReply': {
      const pre = type === 'PreVoteReply';
      const prefix = pre ? 'pre-vote' : 'vote';
      return detail[0] === 1
        ? { kind: 'vote-granted', shape: 'circle', label: `${prefix} granted`, entryCount: 0, pre }
        : { kind: 'vote-refused', shape: 'circle', label: `${prefix} refused`, entryCount: 0, pre };
    }
    case 'AppendEntries': {
      const entryCount = detail[2] ?? 0;
      return entryCount === 0
        ? { kind: 'heartbeat', shape: 'square', label: 'heartbeat', entryCount, pre: false }
        : { kind: 'append-entries', shape: 'square', label: 'AppendEntries with entries', entryCount, pre: false };
    }
    case 'AppendEntriesReply':
      return detail[0] === 1
        ? { kind: 'append-ok', shape: 'triangle', label: 'append ok', entryCount: 0, pre: false }
        : { kind: 'append-refused', shape: 'triangle', label: 'append refused', entryCount: 0, pre: false };
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

/** Shown in the legend when PreVote is on. */
export const PRE_VOTE_LEGEND: readonly MessageLook[] = [messageLook('PreVote', []), { ...messageLook('PreVoteReply', [1]), label: 'pre-vote reply (dashed)' }];

export function messageClassName(look: MessageLook): string {
  return `message ${look.kind}${look.pre ? ' pre' : ''}`;
}
