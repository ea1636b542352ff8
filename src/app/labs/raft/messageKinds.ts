// What a message is, for drawing: RequestVote, vote replies, heartbeats, AppendEntries with entries, replies.
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

const ENTRY_COUNT = /, (\d+) entr/;

/**
 * The frame gives a message's type and a one-line summary; the reply's outcome and the entry
 * count are read from the summary's fixed wording (see the kernel's `summarize`).
 */
export function messageLook(type: RaftMessageType, summary: string): MessageLook {
  switch (type) {
    case 'RequestVote':
      return { kind: 'request-vote', shape: 'diamond', label: 'RequestVote', entryCount: 0 };
    case 'RequestVoteReply':
      return summary.startsWith('Vote granted')
        ? { kind: 'vote-granted', shape: 'circle', label: 'vote granted', entryCount: 0 }
        : { kind: 'vote-refused', shape: 'circle', label: 'vote refused', entryCount: 0 };
    case 'AppendEntries': {
      const entryCount = Number(ENTRY_COUNT.exec(summary)?.[1] ?? 0);
      return entryCount === 0
        ? { kind: 'heartbeat', shape: 'square', label: 'heartbeat', entryCount }
        : { kind: 'append-entries', shape: 'square', label: 'AppendEntries with entries', entryCount };
    }
    case 'AppendEntriesReply':
      return summary.startsWith('AppendEntries ok')
        ? { kind: 'append-ok', shape: 'triangle', label: 'append ok', entryCount: 0 }
        : { kind: 'append-refused', shape: 'triangle', label: 'append refused', entryCount: 0 };
  }
}

export const MESSAGE_LEGEND: readonly MessageLook[] = [
  messageLook('RequestVote', ''),
  messageLook('RequestVoteReply', 'Vote granted'),
  messageLook('RequestVoteReply', 'Vote refused'),
  messageLook('AppendEntries', 'heartbeat'),
  { ...messageLook('AppendEntries', ', 2 entries'), label: 'AppendEntries (entries)' },
  messageLook('AppendEntriesReply', 'AppendEntries ok'),
  messageLook('AppendEntriesReply', 'AppendEntries refused'),
];
