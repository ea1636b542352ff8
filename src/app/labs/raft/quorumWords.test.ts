// The quorum sentence says what a learner would otherwise have to count: reachable nodes against a majority.
import { describe, expect, it } from 'vitest';
import type { RaftNodeView } from '../../../kernel/protocols/raft/run.ts';
import { quorumSituation } from './quorumWords.ts';

function node(id: string, role: RaftNodeView['role'], partition = 0, term = 2): RaftNodeView {
  return { id, role, term, votedFor: null, leaderId: null, commitIndex: 0, log: [], partition, electionTimer: null, nextIndex: {}, matchIndex: {}, votesGranted: [], preVoting: false };
}

describe('quorum in words', () => {
  it('a healthy leader: how many it reaches and what a commit needs', () => {
    expect(quorumSituation([node('n1', 'leader'), node('n2', 'follower'), node('n3', 'follower')])).toEqual({
      tone: 'ok',
      text: 'n1 leads term 2: 3 of 3 nodes on its side, a majority is 2 — writes commit once 2 nodes hold them.',
    });
  });

  it('“kill an etcd member”: two of three crashed, the survivor can never be elected', () => {
    const text = quorumSituation([node('n1', 'crashed'), node('n2', 'candidate'), node('n3', 'crashed')])!.text;
    expect(text).toBe('No leader can be elected: 1 of 3 nodes can reach each other (1 alive) — an election needs 2 votes. Candidates will keep raising their term until 2 nodes can talk again.');
  });

  it('the two followers crashed: the leader keeps its role but nothing commits', () => {
    const situation = quorumSituation([node('n1', 'crashed'), node('n2', 'crashed'), node('n3', 'leader')])!;
    expect(situation.tone).toBe('warning');
    expect(situation.text).toContain('only 1 of 3 nodes are on its side and a write needs 2: it accepts writes that cannot commit');
  });

  it('a leader cut off in a minority while the majority can elect', () => {
    const nodes = [node('n1', 'leader', 0), node('n2', 'follower', 0), node('n3', 'follower', 1), node('n4', 'follower', 1), node('n5', 'candidate', 1)];
    expect(quorumSituation(nodes)!.text).toContain('2 of 5 nodes are on its side and a write needs 3: it accepts writes that cannot commit, while the other side can elect a new leader');
  });

  it('between leaders, with a majority connected', () => {
    expect(quorumSituation([node('n1', 'candidate'), node('n2', 'follower'), node('n3', 'crashed')])!.text).toBe('No leader yet: 2 of 3 nodes can reach each other — an election needs 2 votes, so one will be elected.');
  });
});
