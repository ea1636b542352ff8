// Real etcd (3 members on 127.0.0.1): quorum behaviour, leader failover time, isolation without root, stale serializable reads caught by the checker.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdCluster, sleep } from './etcd-cluster.ts';
import { requireRealSystems, residentMemoryBytes } from './live-test-support.ts';

let cluster: EtcdCluster | undefined;
let readyMs = 0;

beforeAll(async () => {
  requireRealSystems({ etcd: true });
  const startedAt = performance.now();
  cluster = await EtcdCluster.start({ memberCount: 3, heartbeatIntervalMs: 50, electionTimeoutMs: 250 });
  readyMs = performance.now() - startedAt;
});

afterAll(async () => {
  await cluster?.stop();
});

async function leaderName(): Promise<string> {
  const views = await cluster!.waitUntil((all) => EtcdCluster.leaderOf(all) !== null, 10_000, 'leader');
  return EtcdCluster.leaderOf(views)!.name;
}

describe('a real 3-member etcd cluster', () => {
  it('comes up with a leader, every member answering /v3/maintenance/status', async () => {
    const views = await cluster!.view();
    expect(views.every((view) => view.status !== null)).toBe(true);
    expect(EtcdCluster.leaderOf(views)).not.toBeNull();
    const memoryBytes = views.reduce((sum, view) => sum + residentMemoryBytes(view.pid!), 0);
    console.log(`[measure] etcd: 3 members ready in ${Math.round(readyMs)} ms; resident memory ${(memoryBytes / 2 ** 20).toFixed(1)} MiB in all`);
    expect(memoryBytes).toBeGreaterThan(0);
  });

  it('survives losing its leader: a new leader in a higher term, and a write commits with 2 of 3', async () => {
    const oldLeader = await leaderName();
    const before = (await cluster!.view()).find((view) => view.name === oldLeader)!.status!.raftTerm;
    expect((await cluster!.put('k', 'v1', oldLeader)).status).toBe('ok');
    const killedAt = performance.now();
    await cluster!.kill(oldLeader);
    // etcd's raftTerm is the term of the last applied entry: a new leader shows its term once its first entry (the no-op) applies.
    const views = await cluster!.waitUntil((all) => (EtcdCluster.leaderOf(all)?.status?.raftTerm ?? 0) > before, 10_000, 'a new leader in a higher term');
    const failoverMs = performance.now() - killedAt;
    console.log(`[measure] etcd: leader ${oldLeader} killed (SIGKILL); new leader ${EtcdCluster.leaderOf(views)!.name} after ${Math.round(failoverMs)} ms (heartbeat 50 ms, election timeout 250 ms, status polled every 50 ms)`);
    expect(EtcdCluster.leaderOf(views)!.status!.raftTerm).toBeGreaterThan(before);
    const write = await cluster!.put('k', 'v2', EtcdCluster.leaderOf(views)!.name);
    expect(write.status).toBe('ok');
    cluster!.restart(oldLeader);
    await cluster!.waitUntil((all) => all.every((view) => view.status !== null), 10_000, 'every member back');
  });

  it('refuses writes with two members down, in words: "quorum lost: 1 of 3 members reachable, a write needs 2"', async () => {
    const first = await leaderName();
    await cluster!.kill(first);
    const second = await leaderName();
    await cluster!.kill(second);
    const survivor = cluster!.members.find((member) => cluster!.processState(member.name) === 'running')!.name;
    const write = await cluster!.put('k', 'refused', survivor, 'c1', 800);
    expect(write.status).not.toBe('ok');
    expect(write.error).toContain('quorum lost: 1 of 3 members reachable, a write needs 2');
    cluster!.restart(first);
    cluster!.restart(second);
    await cluster!.waitUntil((all) => all.every((view) => view.status !== null) && EtcdCluster.leaderOf(all) !== null, 15_000, 'recovery');
    expect((await cluster!.put('k', 'after', await leaderName())).status).toBe('ok');
  });

  it('isolates a member without root: its serializable read is stale and the checker says the history is not linearizable', async () => {
    const leader = await leaderName();
    const follower = cluster!.members.find((member) => member.name !== leader)!.name;
    expect((await cluster!.put('stale', 'old', leader)).status).toBe('ok');
    await cluster!.waitUntil((all) => new Set(all.map((view) => view.status?.raftAppliedIndex)).size === 1, 5000, 'every member applied');
    cluster!.isolate(follower);
    expect((await cluster!.put('stale', 'new', leader)).status).toBe('ok');
    // Times are whole milliseconds widened outwards, so operations less than 1 ms apart count as concurrent.
    await sleep(5);
    const staleRead = await cluster!.get('stale', follower, true);
    expect(staleRead.value).toBe('old');
    const linearizableRead = await cluster!.get('stale', follower, false, 'c1', 800);
    expect(linearizableRead.status).toBe('fail');
    const verdict = cluster!.history.check();
    expect(verdict.verdict).toBe('not-linearizable');
    expect(verdict.message).toContain('"old"');
    cluster!.heal();
    await cluster!.waitUntil((all) => all.every((view) => view.status !== null) && EtcdCluster.leaderOf(all) !== null, 15_000, 'healed');
  });

  it('partitions the leader away: no open connection crosses the cut (pooled prober connections included), and the old leader stays stale', async () => {
    const oldLeader = await leaderName();
    const others = cluster!.members.map((member) => member.name).filter((name) => name !== oldLeader);
    expect((await cluster!.put('cut', 'before', oldLeader)).status).toBe('ok');
    await cluster!.waitUntil((all) => new Set(all.map((view) => view.status?.raftAppliedIndex)).size === 1, 5000, 'every member applied');
    cluster!.partition([[oldLeader], others]);
    const views = await cluster!.waitUntil((all) => { const leader = EtcdCluster.leaderOf(all.filter((view) => view.name !== oldLeader)); return leader !== null && leader.name !== oldLeader; }, 10_000, 'a leader on the majority side');
    const newLeader = EtcdCluster.leaderOf(views.filter((view) => view.name !== oldLeader))!.name;
    expect((await cluster!.put('cut', 'after', newLeader)).status).toBe('ok');
    await sleep(300);
    for (const [destination, sources] of cluster!.openPeerConnections()) {
      for (const source of sources) {
        expect(source).not.toBeNull();
        expect(cluster!.islands.canReach(source!, destination)).toBe(true);
      }
    }
    expect((await cluster!.get('cut', oldLeader, true)).value).toBe('before');
    cluster!.heal();
    await cluster!.waitUntil((all) => all.every((view) => view.status !== null) && EtcdCluster.leaderOf(all) !== null, 15_000, 'healed');
    await cluster!.waitUntil((all) => new Set(all.map((view) => view.status?.raftAppliedIndex)).size === 1, 10_000, 'the old leader caught up');
    expect((await cluster!.get('cut', oldLeader, true)).value).toBe('after');
  });

  it('pauses a member with SIGSTOP (it stops answering) and resumes it with SIGCONT', async () => {
    const member = cluster!.members[0]!.name;
    cluster!.pause(member);
    expect(cluster!.processState(member)).toBe('paused');
    const views = await cluster!.view();
    expect(views.find((view) => view.name === member)!.status).toBeNull();
    cluster!.resume(member);
    await cluster!.waitUntil((all) => all.find((view) => view.name === member)!.status !== null, 10_000, 'resumed member answering');
  });
});
