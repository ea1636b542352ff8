// One Raft server as a pure state machine (§5): inputs are messages, timer firings and client
// requests; outputs are effects in `outbox` that the kernel carries out. No I/O, no clock.

import { NO_FEATURES } from './types.ts';
import type {
  AppendEntries,
  AppendEntriesReply,
  LogEntry,
  NodeId,
  RaftBug,
  RaftEffect,
  RaftMessage,
  RequestVote,
  RequestVoteReply,
  PreVote,
  PreVoteReply,
  RaftFeatures,
  Role,
} from './types.ts';

/** Most entries one AppendEntries carries, so repairing a long log is a visible sequence of RPCs. */
export const MAX_ENTRIES_PER_APPEND = 32;

export type ClientOutcome =
  | { readonly accepted: true; readonly index: number; readonly term: number }
  | { readonly accepted: false; readonly leaderHint: NodeId | null };

/** Everything a node holds, as plain data. `log` is shared, never mutated below `logLength`. */
export interface RaftNodeSnapshot {
  readonly role: Role;
  readonly currentTerm: number;
  readonly votedFor: NodeId | null;
  readonly log: readonly LogEntry[];
  readonly logLength: number;
  readonly commitIndex: number;
  readonly leaderId: NodeId | null;
  readonly votesGranted: readonly NodeId[];
  readonly nextIndex: readonly (readonly [NodeId, number])[];
  readonly matchIndex: readonly (readonly [NodeId, number])[];
  readonly electionTimerRunning: boolean;
  readonly preVoting: boolean;
  readonly preVotesGranted: readonly NodeId[];
  readonly heardFromLeader: boolean;
  readonly recentlyActive: readonly NodeId[];
}

type StepFunction = (from: NodeId, message: RaftMessage) => void;

export class RaftNode {
  readonly id: NodeId;
  /** The other servers of the cluster (fixed membership). */
  readonly peers: readonly NodeId[];
  private readonly bugs: ReadonlySet<RaftBug>;
  readonly features: RaftFeatures;

  // Persistent state on all servers (Figure 2): survives a crash.
  currentTerm = 0;
  votedFor: NodeId | null = null;
  /**
   * log[0] is the entry at index 1. Copy-on-write below its length: entries are only ever
   * appended in place; truncation makes a new array. That lets a snapshot keep the array by
   * reference (see `snapshot`), so history checkpoints cost O(1) per log.
   */
  log: LogEntry[] = [];

  // Volatile state on all servers.
  role: Role = 'follower';
  commitIndex = 0;
  leaderId: NodeId | null = null;
  electionTimerRunning = false;

  // Volatile state on candidates and leaders.
  votesGranted = new Set<NodeId>();
  nextIndex = new Map<NodeId, number>();
  matchIndex = new Map<NodeId, number>();

  // PreVote: a follower asking whether it could win before it disturbs anyone's term.
  preVoting = false;
  preVotesGranted = new Set<NodeId>();
  /**
   * Heard from a current leader since the election timer last fired. The node has no clock; its
   * election timer firing is what "no heartbeat for a whole election timeout" means.
   */
  heardFromLeader = false;
  /** CheckQuorum: followers that answered the leader since its last check. */
  recentlyActive = new Set<NodeId>();

  /** Effects produced by the last input; the kernel drains it. */
  outbox: RaftEffect[] = [];

  private step: StepFunction = this.stepFollower;

  constructor(id: NodeId, peers: readonly NodeId[], bugs: ReadonlySet<RaftBug> = new Set(), features: RaftFeatures = NO_FEATURES) {
    this.id = id;
    this.peers = peers;
    this.bugs = bugs;
    this.features = features;
  }

  get clusterSize(): number {
    return this.peers.length + 1;
  }

  get lastLogIndex(): number {
    return this.log.length;
  }

  get lastLogTerm(): number {
    return this.termAt(this.log.length);
  }

  /** Term of the entry at `index` (1-based); 0 for index 0, the empty prefix. */
  termAt(index: number): number {
    return index === 0 ? 0 : (this.log[index - 1]?.term ?? 0);
  }

  // ——— Inputs ———

  /** Called once when the node first boots. */
  start(): void {
    this.becomeFollower(this.currentTerm, null);
    this.resetElectionTimer();
  }

  receive(from: NodeId, message: RaftMessage): void {
    // PreVote traffic never changes anyone's term: that is its whole point.
    if (message.type === 'PreVote') return this.handlePreVote(from, message);
    if (message.type === 'PreVoteReply') return this.handlePreVoteReply(from, message);
    // §5.1: "If RPC request or response contains term T > currentTerm: set currentTerm = T,
    // convert to follower."
    if (message.term > this.currentTerm) {
      this.becomeFollower(message.term, message.type === 'AppendEntries' ? from : null);
    }
    if (this.role === 'leader' && message.type === 'AppendEntriesReply' && message.term === this.currentTerm) this.recentlyActive.add(from);
    this.step(from, message);
  }

  /** The election timer fired: "If election timeout elapses ... convert to candidate" (§5.2). */
  electionTimeout(): void {
    this.electionTimerRunning = false;
    this.heardFromLeader = false;
    if (this.role === 'leader') return this.checkQuorum();
    if (this.features.preVote) return this.startPreVote();
    this.becomeCandidate();
  }

  /**
   * CheckQuorum (etcd): with the option on, a leader keeps an election timer too; when it fires,
   * the leader steps down unless a majority answered it since the last check. Without it, a
   * leader cut off from the majority believes it leads forever.
   */
  private checkQuorum(): void {
    if (!this.features.checkQuorum) return; // Without CheckQuorum leaders have no election timer.
    if (this.hasMajority(this.recentlyActive.size + 1)) {
      this.recentlyActive = new Set();
      this.resetElectionTimer();
      return;
    }
    this.becomeFollower(this.currentTerm, null);
  }

  heartbeatTimeout(): void {
    if (this.role !== 'leader') return;
    this.broadcastAppendEntries();
    this.outbox.push({ type: 'startHeartbeatTimer' });
  }

  /** A client write. Only the leader appends (§5.3); others refuse with the leader they know of. */
  clientRequest(value: string): ClientOutcome {
    if (this.role !== 'leader') return { accepted: false, leaderHint: this.leaderId };
    this.log.push({ term: this.currentTerm, value });
    this.matchIndex.set(this.id, this.lastLogIndex);
    this.broadcastAppendEntries();
    this.advanceCommitIndex(); // A one-node cluster commits at once.
    return { accepted: true, index: this.lastLogIndex, term: this.currentTerm };
  }

  /**
   * Restart after a crash: persistent state (currentTerm, votedFor, log) is kept, volatile state
   * (role, commitIndex, leader state) starts over, as Figure 2 says.
   */
  restart(): void {
    if (this.bugs.has('forget-on-restart')) {
      this.currentTerm = 0;
      this.votedFor = null;
    }
    this.commitIndex = 0;
    this.leaderId = null;
    this.preVoting = false;
    this.preVotesGranted = new Set();
    this.heardFromLeader = false;
    this.recentlyActive = new Set();
    this.votesGranted = new Set();
    this.nextIndex = new Map();
    this.matchIndex = new Map();
    this.role = 'follower';
    this.step = this.stepFollower;
    this.outbox = [];
    this.resetElectionTimer();
  }

  /** Set-up only (see the `load-log` command): replace the log, raise currentTerm if needed. */
  loadLog(terms: readonly number[], currentTerm: number): void {
    this.log = terms.map((term, offset) => ({ term, value: `e${offset + 1}` }));
    const term = Math.max(this.currentTerm, currentTerm, this.lastLogTerm);
    if (term > this.currentTerm) {
      this.currentTerm = term;
      this.votedFor = null;
    }
    this.commitIndex = Math.min(this.commitIndex, this.lastLogIndex);
  }

  // ——— Role changes: the one place the step function is swapped (as etcd-io/raft does) ———

  private becomeFollower(term: number, leaderId: NodeId | null): void {
    const wasLeader = this.role === 'leader';
    if (term > this.currentTerm) {
      this.currentTerm = term;
      this.votedFor = null;
    }
    this.role = 'follower';
    this.step = this.stepFollower;
    this.leaderId = leaderId;
    this.votesGranted = new Set();
    this.preVoting = false;
    this.preVotesGranted = new Set();
    if (wasLeader) {
      this.recentlyActive = new Set();
      this.nextIndex = new Map();
      this.matchIndex = new Map();
      this.outbox.push({ type: 'stopHeartbeatTimer' });
    }
    // The paper resets the timer only on AppendEntries from the leader or on granting a vote;
    // a node that had no timer running (a deposed leader) needs one to ever campaign again.
    if (!this.electionTimerRunning) this.resetElectionTimer();
  }

  /** PreVote: ask for votes in term currentTerm + 1 without moving to it. */
  private startPreVote(): void {
    this.preVoting = true;
    this.preVotesGranted = new Set([this.id]);
    this.leaderId = null;
    this.resetElectionTimer();
    for (const peer of this.peers) {
      this.send(peer, {
        type: 'PreVote',
        term: this.currentTerm + 1,
        candidateId: this.id,
        lastLogIndex: this.lastLogIndex,
        lastLogTerm: this.lastLogTerm,
      });
    }
    if (this.hasMajority(this.preVotesGranted.size)) this.becomeCandidate();
  }

  /**
   * Grant a pre-vote only to a log at least as up-to-date as ours, for a term above ours, and
   * only if no leader has been heard from within an election timeout (thesis §9.6).
   */
  private handlePreVote(from: NodeId, request: PreVote): void {
    const voteGranted =
      request.term > this.currentTerm &&
      this.role !== 'leader' &&
      !this.heardFromLeader &&
      this.candidateLogIsUpToDate(request);
    this.send(from, { type: 'PreVoteReply', term: voteGranted ? request.term : this.currentTerm, voteGranted });
  }

  private handlePreVoteReply(from: NodeId, reply: PreVoteReply): void {
    if (!this.preVoting) return;
    if (!reply.voteGranted) {
      // A refusal from a later term means we are behind: catch up like any higher term.
      if (reply.term > this.currentTerm) this.becomeFollower(reply.term, null);
      return;
    }
    if (reply.term !== this.currentTerm + 1) return; // An answer to an older round.
    this.preVotesGranted.add(from);
    if (this.hasMajority(this.preVotesGranted.size)) this.becomeCandidate();
  }

  private becomeCandidate(): void {
    // §5.2: increment currentTerm, vote for self, reset election timer, send RequestVote RPCs.
    this.preVoting = false;
    this.preVotesGranted = new Set();
    this.currentTerm += 1;
    this.votedFor = this.id;
    this.role = 'candidate';
    this.step = this.stepCandidate;
    this.leaderId = null;
    this.votesGranted = new Set([this.id]);
    this.resetElectionTimer();
    for (const peer of this.peers) {
      this.send(peer, {
        type: 'RequestVote',
        term: this.currentTerm,
        candidateId: this.id,
        lastLogIndex: this.lastLogIndex,
        lastLogTerm: this.lastLogTerm,
      });
    }
    if (this.hasMajority(this.votesGranted.size)) this.becomeLeader();
  }

  private becomeLeader(): void {
    this.role = 'leader';
    this.step = this.stepLeader;
    this.leaderId = this.id;
    this.votesGranted = new Set();
    // Figure 2: nextIndex starts just past the leader's last entry, matchIndex at 0.
    this.nextIndex = new Map(this.peers.map((peer) => [peer, this.lastLogIndex + 1]));
    this.matchIndex = new Map(this.peers.map((peer) => [peer, 0]));
    // Optionally (etcd does), an empty entry of the new term: once it commits, every entry before
    // it commits too (§5.4.2), instead of waiting for the next client request.
    if (this.features.leaderNoop) this.log.push({ term: this.currentTerm, value: 'no-op' });
    this.matchIndex.set(this.id, this.lastLogIndex);
    this.recentlyActive = new Set();
    if (this.features.checkQuorum) {
      this.resetElectionTimer();
    } else {
      this.electionTimerRunning = false;
      this.outbox.push({ type: 'stopElectionTimer' });
    }
    // "Upon election: send initial empty AppendEntries RPCs (heartbeat) to each server."
    this.broadcastAppendEntries();
    this.outbox.push({ type: 'startHeartbeatTimer' });
  }

  // ——— Per-role message handling ———

  private stepFollower(from: NodeId, message: RaftMessage): void {
    switch (message.type) {
      case 'RequestVote':
        return this.handleRequestVote(from, message);
      case 'AppendEntries':
        return this.handleAppendEntries(from, message);
      case 'RequestVoteReply':
      case 'AppendEntriesReply':
      case 'PreVote': // PreVote traffic is handled before the role's step (see receive).
      case 'PreVoteReply':
        return; // Replies to RPCs sent in an earlier role: nothing to do.
    }
  }

  private stepCandidate(from: NodeId, message: RaftMessage): void {
    switch (message.type) {
      case 'RequestVote':
        return this.handleRequestVote(from, message);
      case 'RequestVoteReply':
        return this.handleVoteReply(from, message);
      case 'AppendEntries':
        // §5.2: "If AppendEntries RPC received from new leader: convert to follower."
        if (message.term === this.currentTerm) this.becomeFollower(message.term, from);
        return this.handleAppendEntries(from, message);
      case 'AppendEntriesReply':
      case 'PreVote':
      case 'PreVoteReply':
        return;
    }
  }

  private stepLeader(from: NodeId, message: RaftMessage): void {
    switch (message.type) {
      case 'RequestVote':
        return this.handleRequestVote(from, message);
      case 'AppendEntriesReply':
        return this.handleAppendEntriesReply(from, message);
      case 'AppendEntries':
        // Two leaders in one term cannot happen in correct Raft (Election Safety); refuse.
        return this.send(from, { type: 'AppendEntriesReply', term: this.currentTerm, success: false, matchIndex: message.prevLogIndex });
      case 'RequestVoteReply':
      case 'PreVote':
      case 'PreVoteReply':
        return;
    }
  }

  // ——— RPC handlers (Figure 2, "Receiver implementation") ———

  private handleRequestVote(from: NodeId, request: RequestVote): void {
    // 1. Reply false if term < currentTerm.
    // 2. If votedFor is null or candidateId, and candidate's log is at least as up-to-date as
    //    receiver's log, grant vote (§5.2, §5.4).
    const mayVote = request.term >= this.currentTerm && (this.votedFor === null || this.votedFor === request.candidateId);
    const voteGranted = mayVote && this.candidateLogIsUpToDate(request);
    if (voteGranted) {
      this.votedFor = request.candidateId;
      this.resetElectionTimer();
    }
    this.send(from, { type: 'RequestVoteReply', term: this.currentTerm, voteGranted });
  }

  /** §5.4.1: compare the terms of the last entries; if equal, the longer log is more up-to-date. */
  private candidateLogIsUpToDate(request: RequestVote | PreVote): boolean {
    if (this.bugs.has('vote-without-log-check')) return true;
    if (request.lastLogTerm !== this.lastLogTerm) return request.lastLogTerm > this.lastLogTerm;
    return request.lastLogIndex >= this.lastLogIndex;
  }

  private handleVoteReply(from: NodeId, reply: RequestVoteReply): void {
    if (reply.term !== this.currentTerm || !reply.voteGranted) return;
    this.votesGranted.add(from);
    // §5.2: "If votes received from majority of servers: become leader."
    if (this.hasMajority(this.votesGranted.size)) this.becomeLeader();
  }

  private handleAppendEntries(from: NodeId, request: AppendEntries): void {
    // 1. Reply false if term < currentTerm (§5.1).
    if (request.term < this.currentTerm) return this.replyAppendEntries(from, false, request.prevLogIndex);
    this.leaderId = from;
    this.heardFromLeader = true;
    if (this.preVoting) {
      this.preVoting = false;
      this.preVotesGranted = new Set();
    }
    this.resetElectionTimer();
    // 2. Reply false if log doesn't contain an entry at prevLogIndex whose term matches
    //    prevLogTerm (§5.3).
    if (request.prevLogIndex > this.lastLogIndex || this.termAt(request.prevLogIndex) !== request.prevLogTerm) {
      return this.replyAppendEntries(from, false, request.prevLogIndex);
    }
    // 3. If an existing entry conflicts with a new one (same index but different terms), delete
    //    the existing entry and all that follow it (§5.3). 4. Append any new entries not already
    //    in the log.
    for (let offset = 0; offset < request.entries.length; offset++) {
      const entry = request.entries[offset]!;
      const index = request.prevLogIndex + 1 + offset;
      if (index <= this.lastLogIndex) {
        if (this.termAt(index) === entry.term) continue; // Already have it.
        if (this.bugs.has('no-truncate')) {
          // Overwrites one slot but keeps the stale tail after it (copied: never mutate in place).
          this.log = this.log.slice();
          this.log[index - 1] = entry;
          continue;
        }
        this.log = this.log.slice(0, index - 1); // Copy-on-write truncation.
      }
      this.log.push(entry);
    }
    // 5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new
    //    entry). Never lower it: a delayed request may cover fewer entries than we committed.
    const lastNewIndex = request.prevLogIndex + request.entries.length;
    if (request.leaderCommit > this.commitIndex) {
      this.commitIndex = Math.max(this.commitIndex, Math.min(request.leaderCommit, lastNewIndex));
    }
    this.replyAppendEntries(from, true, lastNewIndex);
  }

  private replyAppendEntries(to: NodeId, success: boolean, matchIndex: number): void {
    this.send(to, { type: 'AppendEntriesReply', term: this.currentTerm, success, matchIndex });
  }

  private handleAppendEntriesReply(from: NodeId, reply: AppendEntriesReply): void {
    if (reply.term !== this.currentTerm) return;
    const matchIndex = this.matchIndex.get(from) ?? 0;
    const nextIndex = this.nextIndex.get(from) ?? this.lastLogIndex + 1;
    if (reply.success) {
      // "If successful: update nextIndex and matchIndex for follower (§5.3)."
      this.matchIndex.set(from, Math.max(matchIndex, reply.matchIndex));
      this.nextIndex.set(from, Math.max(nextIndex, reply.matchIndex + 1));
      this.advanceCommitIndex();
      if ((this.nextIndex.get(from) ?? 0) <= this.lastLogIndex) this.sendAppendEntries(from);
    } else {
      // "If AppendEntries fails because of log inconsistency: decrement nextIndex and retry."
      // The reply names the prevLogIndex that failed, so a duplicate or late reply cannot
      // decrement twice.
      const lowered = Math.max(matchIndex + 1, Math.min(nextIndex, reply.matchIndex));
      this.nextIndex.set(from, Math.max(1, lowered));
      if (lowered < nextIndex) this.sendAppendEntries(from);
    }
  }

  /**
   * Figure 2, rules for leaders: "If there exists an N such that N > commitIndex, a majority of
   * matchIndex[i] >= N, and log[N].term == currentTerm: set commitIndex = N (§5.3, §5.4)."
   */
  private advanceCommitIndex(): void {
    for (let index = this.lastLogIndex; index > this.commitIndex; index--) {
      if (this.termAt(index) !== this.currentTerm && !this.bugs.has('commit-old-term')) break;
      let replicas = 0;
      for (const match of this.matchIndex.values()) if (match >= index) replicas += 1;
      if (this.hasMajority(replicas)) {
        this.commitIndex = index;
        return;
      }
    }
  }

  // ——— Sending ———

  private broadcastAppendEntries(): void {
    for (const peer of this.peers) this.sendAppendEntries(peer);
  }

  private sendAppendEntries(peer: NodeId): void {
    const nextIndex = this.nextIndex.get(peer) ?? this.lastLogIndex + 1;
    const prevLogIndex = nextIndex - 1;
    this.send(peer, {
      type: 'AppendEntries',
      term: this.currentTerm,
      leaderId: this.id,
      prevLogIndex,
      prevLogTerm: this.termAt(prevLogIndex),
      entries: this.log.slice(prevLogIndex, prevLogIndex + MAX_ENTRIES_PER_APPEND),
      leaderCommit: this.commitIndex,
    });
  }

  private send(to: NodeId, message: RaftMessage): void {
    this.outbox.push({ type: 'send', to, message });
  }

  private resetElectionTimer(): void {
    this.electionTimerRunning = true;
    this.outbox.push({ type: 'resetElectionTimer' });
  }

  private hasMajority(count: number): boolean {
    return count * 2 > this.clusterSize;
  }

  // ——— Snapshots for history ———

  snapshot(): RaftNodeSnapshot {
    return {
      role: this.role,
      currentTerm: this.currentTerm,
      votedFor: this.votedFor,
      log: this.log,
      logLength: this.log.length,
      commitIndex: this.commitIndex,
      leaderId: this.leaderId,
      votesGranted: [...this.votesGranted],
      nextIndex: [...this.nextIndex],
      matchIndex: [...this.matchIndex],
      electionTimerRunning: this.electionTimerRunning,
      preVoting: this.preVoting,
      preVotesGranted: [...this.preVotesGranted],
      heardFromLeader: this.heardFromLeader,
      recentlyActive: [...this.recentlyActive],
    };
  }

  restore(snapshot: RaftNodeSnapshot): void {
    this.role = snapshot.role;
    this.step = { follower: this.stepFollower, candidate: this.stepCandidate, leader: this.stepLeader }[snapshot.role];
    this.currentTerm = snapshot.currentTerm;
    this.votedFor = snapshot.votedFor;
    this.log = snapshot.log.slice(0, snapshot.logLength);
    this.commitIndex = snapshot.commitIndex;
    this.leaderId = snapshot.leaderId;
    this.votesGranted = new Set(snapshot.votesGranted);
    this.nextIndex = new Map(snapshot.nextIndex);
    this.matchIndex = new Map(snapshot.matchIndex);
    this.electionTimerRunning = snapshot.electionTimerRunning;
    this.preVoting = snapshot.preVoting;
    this.preVotesGranted = new Set(snapshot.preVotesGranted);
    this.heardFromLeader = snapshot.heardFromLeader;
    this.recentlyActive = new Set(snapshot.recentlyActive);
    this.outbox = [];
  }
}
