// Unit tests of one Raft node against the rules of the paper, section by section.

import { describe, expect, it } from 'vitest';
import { RaftNode } from './node.ts';
import type { AppendEntries, LogEntry, RaftBug, RaftEffect, RaftMessage, RequestVote } from './types.ts';

const PEERS5 = ['n2', 'n3', 'n4', 'n5'];

function node(id = 'n1', peers: readonly string[] = PEERS5, bugs: ReadonlySet<RaftBug> = new Set()) {
  const created = new RaftNode(id, peers, bugs);
  created.start();
  created.outbox = [];
  return created;
}

function drain(target: RaftNode): RaftEffect[] {
  const effects = target.outbox;
  target.outbox = [];
  return effects;
}

function sent(effects: readonly RaftEffect[]): { to: string; message: RaftMessage }[] {
  return effects.flatMap((effect) => (effect.type === 'send' ? [{ to: effect.to, message: effect.message }] : []));
}

function entries(...terms: number[]): LogEntry[] {
  return terms.map((term, offset) => ({ term, value: `v${offset + 1}` }));
}

function requestVote(overrides: Partial<RequestVote> = {}): RequestVote {
  return { type: 'RequestVote', term: 1, candidateId: 'n2', lastLogIndex: 0, lastLogTerm: 0, ...overrides };
}

function appendEntries(overrides: Partial<AppendEntries> = {}): AppendEntries {
  return { type: 'AppendEntries', term: 1, leaderId: 'n2', prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, ...overrides };
}

/** Makes `target` leader of its next term by timing out and collecting votes from two peers. */
function electLeader(target: RaftNode): void {
  target.electionTimeout();
  drain(target);
  for (const peer of target.peers.slice(0, Math.floor(target.clusterSize / 2))) {
    target.receive(peer, { type: 'RequestVoteReply', term: target.currentTerm, voteGranted: true });
  }
}

describe('§5.1 Raft basics: terms', () => {
  it('"If RPC request or response contains term T > currentTerm: set currentTerm = T, convert to follower"', () => {
    const leader = node();
    electLeader(leader);
    expect(leader.role).toBe('leader');
    leader.receive('n3', { type: 'AppendEntriesReply', term: 5, success: false, matchIndex: 0 });
    expect(leader.currentTerm).toBe(5);
    expect(leader.role).toBe('follower');
    expect(leader.votedFor).toBeNull();
    expect(drain(leader)).toContainEqual({ type: 'stopHeartbeatTimer' });
  });

  it('"If a server receives a request with a stale term number, it rejects the request"', () => {
    const follower = node();
    follower.receive('n2', appendEntries({ term: 3 }));
    drain(follower);
    follower.receive('n3', appendEntries({ term: 2, leaderId: 'n3' }));
    const [reply] = sent(drain(follower));
    expect(reply).toEqual({ to: 'n3', message: { type: 'AppendEntriesReply', term: 3, success: false, matchIndex: 0 } });
    follower.receive('n4', requestVote({ term: 2, candidateId: 'n4' }));
    expect(sent(drain(follower))[0]!.message).toEqual({ type: 'RequestVoteReply', term: 3, voteGranted: false });
  });
});

describe('§5.2 Leader election', () => {
  it('"To begin an election, a follower increments its current term and transitions to candidate state. It then votes for itself and issues RequestVote RPCs in parallel to each of the other servers"', () => {
    const follower = node();
    follower.electionTimeout();
    const effects = drain(follower);
    expect(follower.role).toBe('candidate');
    expect(follower.currentTerm).toBe(1);
    expect(follower.votedFor).toBe('n1');
    expect(effects).toContainEqual({ type: 'resetElectionTimer' });
    expect(sent(effects).map((send) => send.to)).toEqual(PEERS5);
    expect(sent(effects)[0]!.message).toEqual({ type: 'RequestVote', term: 1, candidateId: 'n1', lastLogIndex: 0, lastLogTerm: 0 });
  });

  it('"A candidate wins an election if it receives votes from a majority of the servers" and then sends heartbeats', () => {
    const candidate = node();
    candidate.electionTimeout();
    drain(candidate);
    candidate.receive('n2', { type: 'RequestVoteReply', term: 1, voteGranted: true });
    expect(candidate.role).toBe('candidate'); // 2 of 5 is not a majority.
    candidate.receive('n2', { type: 'RequestVoteReply', term: 1, voteGranted: true }); // A duplicate counts once.
    expect(candidate.role).toBe('candidate');
    candidate.receive('n3', { type: 'RequestVoteReply', term: 1, voteGranted: false });
    expect(candidate.role).toBe('candidate');
    candidate.receive('n4', { type: 'RequestVoteReply', term: 1, voteGranted: true });
    expect(candidate.role).toBe('leader');
    const effects = drain(candidate);
    const heartbeats = sent(effects).filter((send) => send.message.type === 'AppendEntries');
    expect(heartbeats.map((send) => send.to)).toEqual(PEERS5);
    expect(effects).toContainEqual({ type: 'startHeartbeatTimer' });
    expect(effects).toContainEqual({ type: 'stopElectionTimer' });
  });

  it('"Each server will vote for at most one candidate in a given term, on a first-come-first-served basis"', () => {
    const voter = node();
    voter.receive('n2', requestVote({ term: 1, candidateId: 'n2' }));
    expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: true });
    voter.receive('n3', requestVote({ term: 1, candidateId: 'n3' }));
    expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: false });
    // The same candidate asking again (a retry) gets the same answer.
    voter.receive('n2', requestVote({ term: 1, candidateId: 'n2' }));
    expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: true });
    // A new term is a new vote.
    voter.receive('n3', requestVote({ term: 2, candidateId: 'n3' }));
    expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: true, term: 2 });
  });

  it('granting a vote resets the election timer; refusing one does not', () => {
    const voter = node();
    voter.receive('n2', requestVote({ term: 1, candidateId: 'n2' }));
    expect(drain(voter)).toContainEqual({ type: 'resetElectionTimer' });
    voter.receive('n3', requestVote({ term: 1, candidateId: 'n3' }));
    expect(drain(voter)).not.toContainEqual({ type: 'resetElectionTimer' });
  });

  it('"If the leader\'s term is at least as large as the candidate\'s current term, then the candidate recognizes the leader as legitimate and returns to follower state"', () => {
    const candidate = node();
    candidate.electionTimeout();
    drain(candidate);
    candidate.receive('n2', appendEntries({ term: 1, leaderId: 'n2' }));
    expect(candidate.role).toBe('follower');
    expect(candidate.leaderId).toBe('n2');
    expect(candidate.currentTerm).toBe(1);
    expect(candidate.votedFor).toBe('n1'); // It keeps its own vote for the term.
  });

  it('"If the term in the RPC is smaller than the candidate\'s current term, then the candidate rejects the RPC and continues in candidate state"', () => {
    const candidate = node();
    candidate.electionTimeout();
    candidate.electionTimeout(); // Term 2.
    drain(candidate);
    candidate.receive('n2', appendEntries({ term: 1, leaderId: 'n2' }));
    expect(candidate.role).toBe('candidate');
    expect(sent(drain(candidate))[0]!.message).toMatchObject({ type: 'AppendEntriesReply', success: false, term: 2 });
  });

  it('a split vote leaves the candidate without a leader until its timer fires again, which starts a new term', () => {
    const candidate = node('n1', ['n2', 'n3', 'n4']);
    candidate.electionTimeout();
    drain(candidate);
    candidate.receive('n3', { type: 'RequestVoteReply', term: 1, voteGranted: true });
    candidate.receive('n2', { type: 'RequestVoteReply', term: 1, voteGranted: false });
    candidate.receive('n4', { type: 'RequestVoteReply', term: 1, voteGranted: false });
    expect(candidate.role).toBe('candidate'); // 2 of 4 is not a majority.
    candidate.electionTimeout();
    expect(candidate.currentTerm).toBe(2);
    expect(candidate.votesGranted).toEqual(new Set(['n1']));
  });

  it('a one-node cluster elects itself at once', () => {
    const single = node('n1', []);
    single.electionTimeout();
    expect(single.role).toBe('leader');
  });

  it('a leader ignores a forced election timeout (it has no election timer)', () => {
    const leader = node();
    electLeader(leader);
    leader.electionTimeout();
    expect(leader.role).toBe('leader');
    expect(leader.currentTerm).toBe(1);
  });
});

describe('§5.3 Log replication', () => {
  it('"The leader appends the command to its log as a new entry, then issues AppendEntries RPCs in parallel"', () => {
    const leader = node();
    electLeader(leader);
    drain(leader);
    expect(leader.clientRequest('x=1')).toEqual({ accepted: true, index: 1, term: 1 });
    const appends = sent(drain(leader));
    expect(appends).toHaveLength(4);
    expect(appends[0]!.message).toMatchObject({ type: 'AppendEntries', prevLogIndex: 0, prevLogTerm: 0, entries: [{ term: 1, value: 'x=1' }] });
  });

  it('a follower refuses a client request and names the leader it knows', () => {
    const follower = node();
    expect(follower.clientRequest('x=1')).toEqual({ accepted: false, leaderHint: null });
    follower.receive('n3', appendEntries({ term: 1, leaderId: 'n3' }));
    expect(follower.clientRequest('x=1')).toEqual({ accepted: false, leaderHint: 'n3' });
  });

  it('"If the follower does not find an entry in its log with the same index and term, then it refuses the new entries"', () => {
    const follower = node();
    follower.receive('n2', appendEntries({ term: 2, entries: entries(1, 1) }));
    drain(follower);
    follower.receive('n2', appendEntries({ term: 2, prevLogIndex: 2, prevLogTerm: 2, entries: entries(2) }));
    expect(sent(drain(follower))[0]!.message).toEqual({ type: 'AppendEntriesReply', term: 2, success: false, matchIndex: 2 });
    follower.receive('n2', appendEntries({ term: 2, prevLogIndex: 5, prevLogTerm: 1 }));
    expect(sent(drain(follower))[0]!.message).toMatchObject({ success: false, matchIndex: 5 });
    expect(follower.log).toEqual(entries(1, 1));
  });

  it('"If an existing entry conflicts with a new one (same index but different terms), delete the existing entry and all that follow it"', () => {
    const follower = node();
    follower.receive('n2', appendEntries({ term: 2, entries: entries(1, 1, 2, 2) }));
    const before = follower.log;
    follower.receive('n3', appendEntries({ term: 3, leaderId: 'n3', prevLogIndex: 1, prevLogTerm: 1, entries: [{ term: 3, value: 'new' }] }));
    expect(follower.log).toEqual([{ term: 1, value: 'v1' }, { term: 3, value: 'new' }]);
    expect(before).toHaveLength(4); // Copy-on-write: the old array (held by checkpoints) is untouched.
  });

  it('an AppendEntries that carries entries the follower already has changes nothing (idempotent), even if it is late', () => {
    const follower = node();
    follower.receive('n2', appendEntries({ term: 1, entries: entries(1, 1, 1) }));
    follower.receive('n2', appendEntries({ term: 1, entries: entries(1) }));
    expect(follower.log).toEqual(entries(1, 1, 1));
  });

  it('"If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry)" and never lower it', () => {
    const follower = node();
    follower.receive('n2', appendEntries({ term: 1, entries: entries(1, 1, 1), leaderCommit: 2 }));
    expect(follower.commitIndex).toBe(2);
    follower.receive('n2', appendEntries({ term: 1, prevLogIndex: 3, prevLogTerm: 1, entries: [], leaderCommit: 9 }));
    expect(follower.commitIndex).toBe(3);
    follower.receive('n2', appendEntries({ term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [], leaderCommit: 3 }));
    expect(follower.commitIndex).toBe(3);
  });

  it('"After a rejection, the leader decrements nextIndex and retries the AppendEntries RPC"', () => {
    const leader = node();
    leader.loadLog([1, 1, 2], 2);
    electLeader(leader);
    drain(leader);
    expect(leader.nextIndex.get('n2')).toBe(4);
    leader.receive('n2', { type: 'AppendEntriesReply', term: 3, success: false, matchIndex: 3 });
    expect(leader.nextIndex.get('n2')).toBe(3);
    const [retry] = sent(drain(leader));
    expect(retry).toMatchObject({ to: 'n2', message: { prevLogIndex: 2, prevLogTerm: 1, entries: [{ term: 2 }] } });
    // A duplicate of the same refusal does not decrement twice.
    leader.receive('n2', { type: 'AppendEntriesReply', term: 3, success: false, matchIndex: 3 });
    expect(leader.nextIndex.get('n2')).toBe(3);
  });

  it('"A log entry is committed once the leader that created the entry has replicated it on a majority of the servers"', () => {
    const leader = node();
    electLeader(leader);
    leader.clientRequest('x=1');
    leader.receive('n2', { type: 'AppendEntriesReply', term: 1, success: true, matchIndex: 1 });
    expect(leader.commitIndex).toBe(0); // Leader + n2 = 2 of 5.
    leader.receive('n3', { type: 'AppendEntriesReply', term: 1, success: true, matchIndex: 1 });
    expect(leader.commitIndex).toBe(1); // 3 of 5.
    expect(leader.matchIndex.get('n3')).toBe(1);
    expect(leader.nextIndex.get('n3')).toBe(2);
  });
});

describe('§5.4 Safety', () => {
  describe('§5.4.1 Election restriction', () => {
    it('"If the logs have last entries with different terms, then the log with the later term is more up-to-date"', () => {
      const voter = node();
      voter.loadLog([1, 1, 3], 3);
      voter.receive('n2', requestVote({ term: 4, lastLogIndex: 9, lastLogTerm: 2 }));
      expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: false });
      voter.receive('n3', requestVote({ term: 4, candidateId: 'n3', lastLogIndex: 1, lastLogTerm: 4 }));
      expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: true });
    });

    it('"If the logs end with the same term, then whichever log is longer is more up-to-date"', () => {
      const voter = node();
      voter.loadLog([1, 2, 2], 2);
      voter.receive('n2', requestVote({ term: 3, lastLogIndex: 2, lastLogTerm: 2 }));
      expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: false });
      voter.receive('n3', requestVote({ term: 3, candidateId: 'n3', lastLogIndex: 3, lastLogTerm: 2 }));
      expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: true });
    });

    it('with the vote-without-log-check bug, the out-of-date candidate gets the vote (the checker tests rely on this)', () => {
      const voter = node('n1', PEERS5, new Set(['vote-without-log-check']));
      voter.loadLog([1, 1, 3], 3);
      voter.receive('n2', requestVote({ term: 4, lastLogIndex: 1, lastLogTerm: 1 }));
      expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: true });
    });
  });

  describe('§5.4.2 Committing entries from previous terms', () => {
    it('"Raft never commits log entries from previous terms by counting replicas"', () => {
      const leader = node();
      leader.loadLog([1, 2], 3); // An entry of term 2 that may or may not be committed.
      electLeader(leader); // Leader of term 4.
      expect(leader.currentTerm).toBe(4);
      for (const peer of ['n2', 'n3', 'n4']) leader.receive(peer, { type: 'AppendEntriesReply', term: 4, success: true, matchIndex: 2 });
      expect(leader.commitIndex).toBe(0); // Replicated on 4 of 5 but from term 2: not committed.
      leader.clientRequest('x'); // Term 4 entry at index 3.
      for (const peer of ['n2', 'n3']) leader.receive(peer, { type: 'AppendEntriesReply', term: 4, success: true, matchIndex: 3 });
      expect(leader.commitIndex).toBe(3); // "then all prior entries are committed indirectly".
    });

    it('with the commit-old-term bug, the leader commits the old entry by counting replicas', () => {
      const leader = node('n1', PEERS5, new Set(['commit-old-term']));
      leader.loadLog([1, 2], 3);
      electLeader(leader);
      for (const peer of ['n2', 'n3']) leader.receive(peer, { type: 'AppendEntriesReply', term: 4, success: true, matchIndex: 2 });
      expect(leader.commitIndex).toBe(2);
    });
  });
});

describe('Figure 2: persistent state survives a crash, volatile state does not', () => {
  it('restart keeps currentTerm, votedFor and the log, and forgets role, commitIndex and leader state', () => {
    const leader = node();
    electLeader(leader);
    leader.clientRequest('x=1');
    leader.receive('n2', { type: 'AppendEntriesReply', term: 1, success: true, matchIndex: 1 });
    leader.receive('n3', { type: 'AppendEntriesReply', term: 1, success: true, matchIndex: 1 });
    expect(leader.commitIndex).toBe(1);
    leader.restart();
    expect(leader.role).toBe('follower');
    expect(leader.currentTerm).toBe(1);
    expect(leader.votedFor).toBe('n1');
    expect(leader.log).toEqual([{ term: 1, value: 'x=1' }]);
    expect(leader.commitIndex).toBe(0);
    expect(leader.nextIndex.size).toBe(0);
    expect(leader.matchIndex.size).toBe(0);
    expect(drain(leader)).toEqual([{ type: 'resetElectionTimer' }]);
  });

  it('with the forget-on-restart bug, currentTerm and votedFor are lost (and a second vote in the same term becomes possible)', () => {
    const voter = node('n1', PEERS5, new Set(['forget-on-restart']));
    voter.receive('n2', requestVote({ term: 1, candidateId: 'n2' }));
    voter.restart();
    drain(voter);
    voter.receive('n3', requestVote({ term: 1, candidateId: 'n3' }));
    expect(sent(drain(voter))[0]!.message).toMatchObject({ voteGranted: true });
  });
});
