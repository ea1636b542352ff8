// Raft's data: log entries, the four RPCs of Figure 2, roles, and what a node asks the kernel to do.

export type NodeId = string;

export type Role = 'follower' | 'candidate' | 'leader';

export interface LogEntry {
  readonly term: number;
  readonly value: string;
}

export interface RequestVote {
  readonly type: 'RequestVote';
  readonly term: number;
  readonly candidateId: NodeId;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface RequestVoteReply {
  readonly type: 'RequestVoteReply';
  readonly term: number;
  readonly voteGranted: boolean;
}

export interface AppendEntries {
  readonly type: 'AppendEntries';
  readonly term: number;
  readonly leaderId: NodeId;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly LogEntry[];
  readonly leaderCommit: number;
}

export interface AppendEntriesReply {
  readonly type: 'AppendEntriesReply';
  readonly term: number;
  readonly success: boolean;
  /**
   * On success, the index of the last entry the request covered (prevLogIndex + entries.length);
   * on failure, the prevLogIndex that did not match. Figure 2's reply has only term and success;
   * the leader needs to know which request a reply answers once replies can be lost, duplicated
   * or reordered, so it rides along (as in etcd's `MsgAppResp.Index`).
   */
  readonly matchIndex: number;
}

/**
 * PreVote (Raft thesis §9.6, as etcd implements it): "would you vote for me in term T?" asked
 * before a real election. `term` is the term the sender would campaign in; nobody adopts it.
 */
export interface PreVote {
  readonly type: 'PreVote';
  readonly term: number;
  readonly candidateId: NodeId;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface PreVoteReply {
  readonly type: 'PreVoteReply';
  /** The term asked about when granted; the replier's own term when refused. */
  readonly term: number;
  readonly voteGranted: boolean;
}

export type RaftMessage = RequestVote | RequestVoteReply | AppendEntries | AppendEntriesReply | PreVote | PreVoteReply;
export type RaftMessageType = RaftMessage['type'];

export type TimerKind = 'election' | 'heartbeat';

/** What a node asks the kernel to carry out after handling an input: the node itself does no I/O. */
export type RaftEffect =
  | { readonly type: 'send'; readonly to: NodeId; readonly message: RaftMessage }
  /** Start (or restart) the election timer with a fresh randomized timeout. */
  | { readonly type: 'resetElectionTimer' }
  | { readonly type: 'stopElectionTimer' }
  | { readonly type: 'startHeartbeatTimer' }
  | { readonly type: 'stopHeartbeatTimer' };

/**
 * Deliberate protocol bugs, each off by default. They exist so tests (and, later, the safety lab)
 * can show that the invariant checkers catch what each of Raft's rules prevents.
 */
export type RaftBug =
  /** Commit an entry from an earlier term by counting replicas (the Figure 8 bug, §5.4.2). */
  | 'commit-old-term'
  /** Grant votes without the log up-to-date check (§5.4.1). */
  | 'vote-without-log-check'
  /** Forget currentTerm and votedFor on restart (not persisted). */
  | 'forget-on-restart'
  /** Followers do not truncate conflicting entries. */
  | 'no-truncate'
  /** Every node uses the same election timeout (no randomization). */
  | 'fixed-election-timeout';

/** Extensions real systems (etcd) add to §5's Raft; each off by default. */
export interface RaftFeatures {
  /** Ask for pre-votes before campaigning, so a node that was cut off cannot disrupt a healthy leader (§9.6 of the thesis). */
  readonly preVote: boolean;
  /** A leader that has not heard from a majority within an election timeout steps down. */
  readonly checkQuorum: boolean;
  /** A new leader appends an empty entry of its term, so entries of earlier terms commit promptly. */
  readonly leaderNoop: boolean;
}

export const NO_FEATURES: RaftFeatures = { preVote: false, checkQuorum: false, leaderNoop: false };

export const RAFT_BUGS: readonly RaftBug[] = [
  'commit-old-term',
  'vote-without-log-check',
  'forget-on-restart',
  'no-truncate',
  'fixed-election-timeout',
];

export function nodeIdOf(index: number): NodeId {
  return `n${index + 1}`;
}

export function nodeIndexOf(id: NodeId): number {
  return Number(id.slice(1)) - 1;
}
