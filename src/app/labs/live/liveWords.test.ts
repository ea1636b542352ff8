// The live page's rules with plain data: which links it accepts, and the sentences it says about real clusters.
import { describe, expect, it } from 'vitest';
import { etcdLeaderSentence, etcdQuorumSentence, groupsOf, movedGroups, operationSentence, parseLiveLink, postgresSentence, verdictSentence, type EtcdMember, type PostgresStatus } from './liveWords.ts';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345';

const member = (id: string, role: EtcdMember['role'], partition = 0, term = 3): EtcdMember => ({
  id,
  role,
  term: role === 'leader' || role === 'follower' ? term : null,
  alive: role !== 'crashed',
  partition,
  leader: null,
  raftIndex: 10,
  revision: 4,
  pid: role === 'crashed' ? null : 100,
});

describe('the live link', () => {
  it('accepts the link server-main prints', () => {
    const link = parseLiveLink(new URLSearchParams(`api=http://127.0.0.1:41234&token=${TOKEN}`));
    expect(link).toEqual({ kind: 'ready', api: 'http://127.0.0.1:41234', token: TOKEN });
  });

  it('says "missing" (the start instructions) when there is neither api nor token', () => {
    expect(parseLiveLink(new URLSearchParams(''))).toEqual({ kind: 'missing' });
  });

  it('refuses an API that is not on this machine, a malformed token, a missing half and unknown names', () => {
    const problems = (query: string) => {
      const link = parseLiveLink(new URLSearchParams(query));
      return link.kind === 'invalid' ? link.problems.join(' | ') : `not invalid: ${link.kind}`;
    };
    expect(problems(`api=http://evil.example:80&token=${TOKEN}`)).toContain('this machine only');
    expect(problems(`api=https://127.0.0.1:8080&token=${TOKEN}`)).toContain('http://127.0.0.1:<port>');
    expect(problems(`api=http://127.0.0.1:99999&token=${TOKEN}`)).toContain('http://127.0.0.1:<port>');
    expect(problems('api=http://127.0.0.1:8080&token=short')).toContain('"token" is not a token');
    expect(problems('api=http://127.0.0.1:8080&token=<script>alert(1)</script>xxxxxxxx')).toContain('"token" is not a token');
    expect(problems(`token=${TOKEN}`)).toContain('"api" is missing');
    expect(problems('api=http://127.0.0.1:8080')).toContain('"token" is missing');
    expect(problems(`api=http://127.0.0.1:8080&token=${TOKEN}&seed=3`)).toContain('unknown parameter "seed"');
    expect(problems(`api=http://127.0.0.1:8080&api=http://127.0.0.1:8081&token=${TOKEN}`)).toContain('"api" is given 2 times');
  });
});

describe('islands', () => {
  it('groups members by island index, in index order', () => {
    expect(groupsOf([member('n1', 'follower', 2), member('n2', 'leader', 0), member('n3', 'follower', 0)])).toEqual([['n2', 'n3'], ['n1']]);
  });

  it('a drag onto another island or into empty space gives the next groups, empty islands dropped', () => {
    expect(movedGroups([['n1', 'n2', 'n3']], 'n1', 1)).toEqual([['n2', 'n3'], ['n1']]);
    expect(movedGroups([['n2', 'n3'], ['n1']], 'n1', 0)).toEqual([['n2', 'n3', 'n1']]);
    expect(movedGroups([['n1', 'n2'], ['n3']], 'n2', 1)).toEqual([['n1'], ['n3', 'n2']]);
  });
});

describe('quorum in words (etcd)', () => {
  it('3 of 3: writes commit', () => {
    const sentence = etcdQuorumSentence([member('n1', 'leader'), member('n2', 'follower'), member('n3', 'follower')]);
    expect(sentence).toEqual({ quorum: true, text: '3 of 3 members alive — a majority is 2, writes commit (n1 leads)' });
  });

  it('one member killed: "2 of 3 members alive — a majority is 2, writes still commit"', () => {
    const sentence = etcdQuorumSentence([member('n1', 'crashed'), member('n2', 'leader'), member('n3', 'follower')]);
    expect(sentence.quorum).toBe(true);
    expect(sentence.text).toBe('2 of 3 members alive — a majority is 2, writes still commit (n2 leads)');
  });

  it('two members killed: the issue\'s words, "quorum lost: 1 of 3 members reachable, a write needs 2"', () => {
    const sentence = etcdQuorumSentence([member('n1', 'crashed'), member('n2', 'crashed'), member('n3', 'follower')]);
    expect(sentence).toEqual({ quorum: false, text: 'quorum lost: 1 of 3 members reachable, a write needs 2' });
  });

  it('a paused or unanswering member does not count towards the majority', () => {
    expect(etcdQuorumSentence([member('n1', 'paused'), member('n2', 'unreachable'), member('n3', 'leader')]).quorum).toBe(false);
  });

  it('a majority alive but no leader yet: an election is under way', () => {
    expect(etcdQuorumSentence([member('n1', 'crashed'), member('n2', 'follower'), member('n3', 'follower')]).text).toBe('2 of 3 members alive — a majority is 2, an election is under way: writes wait for a leader');
  });

  it('isolated: the majority island commits, the minority island does not', () => {
    const sentence = etcdQuorumSentence([member('n1', 'follower', 1), member('n2', 'leader'), member('n3', 'follower')]);
    expect(sentence.quorum).toBe(true);
    expect(sentence.text).toBe('partitioned: 2 of 3 members reachable on one island, a write needs 2');
    expect(sentence.detail).toBe('island 1 (n2, n3): 2 of 3 — a majority, writes through it commit; island 2 (n1): 1 of 3 — below a majority of 2, writes through it fail.');
  });

  it('5 members split 2 | 2 | 1: no island has 3, quorum lost', () => {
    const members = [member('n1', 'follower', 0), member('n2', 'follower', 0), member('n3', 'follower', 1), member('n4', 'follower', 1), member('n5', 'follower', 2)];
    const sentence = etcdQuorumSentence(members);
    expect(sentence.quorum).toBe(false);
    expect(sentence.text).toMatch(/^quorum lost: at most 2 of 5 members reachable on any island, a write needs 3/);
  });

  it('names the leader and its term, or the votes an election needs', () => {
    expect(etcdLeaderSentence([member('n1', 'follower'), member('n2', 'leader', 0, 7)])).toBe('n2 is the leader in term 7; followers forward writes to it.');
    expect(etcdLeaderSentence([member('n1', 'follower'), member('n2', 'crashed'), member('n3', 'crashed')])).toBe('No leader: an election needs 2 votes of 3.');
  });
});

describe('PostgreSQL in words', () => {
  const node = (id: string, role: 'primary' | 'standby' | 'down', streaming = false) => ({ id, role, timeline: 1, alive: role !== 'down', partition: 0, lsn: { sent: null, write: '0/3000060', flush: null, replay: '0/3000060' }, streaming, pid: 1 });
  const status = (nodes: ReturnType<typeof node>[], mode: 'async' | 'sync' = 'async'): PostgresStatus => ({ nodes, primaries: nodes.filter((n) => n.role === 'primary').map((n) => n.id), lostWrites: 0, splitBrain: false, writes: [], mode });

  it('async streaming: a commit is acknowledged before the standby has it', () => {
    expect(postgresSentence(status([node('n1', 'primary'), node('n2', 'standby', true)]))).toBe('n1 is the primary and accepts writes; n2 streams from it asynchronously: a commit is acknowledged before the standby has it, so a failover can lose it.');
  });

  it('sync and a cut link: synchronous commits wait', () => {
    expect(postgresSentence(status([node('n1', 'primary'), node('n2', 'standby', false)], 'sync'))).toContain('n2 is a standby but not streaming (its link is cut or its WAL forked): synchronous commits wait for it');
  });

  it('two primaries: split-brain; none: writes refused', () => {
    expect(postgresSentence(status([node('n1', 'primary'), node('n2', 'primary')]))).toMatch(/^split-brain: n1 and n2 are both primary/);
    expect(postgresSentence(status([node('n1', 'down'), node('n2', 'standby')]))).toMatch(/^no primary/);
  });
});

describe('one request in words', () => {
  const base = { id: 0, client: 'c1', key: 'a', node: 'n2', invokeMs: 100 } as const;
  it('a committed write, a read, a refusal and an unknown outcome', () => {
    expect(operationSentence({ ...base, op: 'write', value: '1', status: 'ok', completeMs: 112 })).toBe('write a=1 via n2: committed in 12 ms');
    expect(operationSentence({ ...base, op: 'read', value: null, consistency: 'serializable', status: 'ok', completeMs: 103 })).toBe('serializable read a via n2: no value in 3 ms (from its own copy, which may be stale)');
    expect(operationSentence({ ...base, op: 'read', value: undefined, consistency: 'linearizable', status: 'fail', completeMs: 105, error: 'connection refused' })).toBe('linearizable read a via n2: refused — it did not take effect (connection refused)');
    const lost = operationSentence({ ...base, op: 'write', value: '3', status: 'indeterminate', completeMs: null, error: 'no answer within 1000 ms (quorum lost: 1 of 3 members reachable, a write needs 2)' });
    expect(lost).toBe('write a=3 via n2: no definite answer — it may or may not have taken effect (no answer within 1000 ms (quorum lost: 1 of 3 members reachable, a write needs 2))');
  });

  it('the checker\'s verdict in words', () => {
    expect(verdictSentence({ verdict: 'linearizable', message: '', operations: 4, reads: 1 })).toContain('all 4 recorded operations (1 of them reads)');
    // Only writes: the verdict is true but says little, and the sentence says so.
    expect(verdictSentence({ verdict: 'linearizable', message: '', operations: 4, reads: 0 })).toContain('only writes were recorded (4)');
    expect(verdictSentence({ verdict: 'not-linearizable', message: 'read x=1 after x=2 committed', operations: 5, reads: 1 })).toBe('Not linearizable: no single-copy order explains the 5 recorded operations. read x=1 after x=2 committed');
  });
});
