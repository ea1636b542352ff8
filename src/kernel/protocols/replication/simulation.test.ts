// The replication model, rule by rule, each test opening with the documentation it checks (PostgreSQL, Patroni).

import { describe, expect, it } from 'vitest';
import { createReplicationRun, defaultReplicationConfig, formatLsn, measure, replicationFrame, FIRST_LSN, type ReplicationConfig, type ReplicationRun, type ReplicationTraceEvent } from './index.ts';

function start(overrides: Partial<ReplicationConfig> = {}): ReplicationRun & { write: (node: string, value: number, key?: string) => number; read: (node: string, key?: string) => number; after: (ms: number) => void } {
  const run = createReplicationRun(defaultReplicationConfig(overrides));
  const { history, simulation } = run;
  return {
    ...run,
    write(node, value, key = 'x') {
      history.apply({ type: 'write', node, key, value });
      return simulation.operations.length - 1;
    },
    read(node, key = 'x') {
      history.apply({ type: 'read', node, key });
      return simulation.operations.length - 1;
    },
    after(ms) {
      history.advanceTo(history.viewMs + ms);
    },
  };
}

describe('streaming replication: sent, write, flush, replay', () => {
  it('"pg_stat_replication: sent_lsn ≥ write_lsn ≥ flush_lsn ≥ replay_lsn" — and a caught-up standby equals the primary', () => {
    const cluster = start({ nodeCount: 3 });
    cluster.after(1500);
    for (let value = 1; value <= 20; value++) {
      cluster.write('n1', value);
      cluster.after(3);
      const { sent, write, flush, replay } = cluster.simulation.positions('n2');
      expect(sent).toBeGreaterThanOrEqual(write);
      expect(write).toBeGreaterThanOrEqual(flush);
      expect(flush).toBeGreaterThanOrEqual(replay);
    }
    cluster.after(2000);
    const end = cluster.simulation.walEnd('n1');
    expect(end).toBeGreaterThan(FIRST_LSN);
    for (const standby of ['n2', 'n3']) expect(cluster.simulation.positions(standby)).toEqual({ sent: end, write: end, flush: end, replay: end });
    expect(cluster.simulation.read('n3', 'x')).toBe(20);
    expect(formatLsn(FIRST_LSN)).toBe('0/3000028');
  });

  it('a standby that crashes loses the WAL it had written but not flushed (it lived in the OS cache)', () => {
    const cluster = start({ nodeCount: 2, flushMsMin: 50, flushMsMax: 50 });
    cluster.after(1500);
    cluster.write('n1', 1);
    cluster.after(35); // Received and written, not yet flushed.
    const before = cluster.simulation.positions('n2');
    expect(before.write).toBeGreaterThan(before.flush);
    cluster.history.apply({ type: 'crash', node: 'n2' });
    cluster.history.apply({ type: 'restart', node: 'n2' });
    expect(cluster.simulation.walEnd('n2')).toBe(before.flush);
    cluster.after(3000);
    expect(cluster.simulation.walEnd('n2')).toBe(cluster.simulation.walEnd('n1'));
  });
});

describe('commit modes: when the client hears "committed"', () => {
  it('async: "the commit returns once the WAL is flushed locally" — before any standby has it', () => {
    const cluster = start({ nodeCount: 2, mode: 'async' });
    cluster.after(1500);
    cluster.history.apply({ type: 'isolate', node: 'n2' });
    const id = cluster.write('n1', 1);
    cluster.after(100);
    expect(cluster.simulation.operation(id)!.status).toBe('acknowledged');
    expect(cluster.simulation.positions('n2').flush).toBe(FIRST_LSN);
  });

  it('sync: "the commit waits until the synchronous standby has flushed the record"', () => {
    const cluster = start({ nodeCount: 2, mode: 'sync' });
    cluster.after(1500);
    let flushedAtMs = -1;
    cluster.simulation.addObserver((event) => {
      if (event.kind === 'deliver' && event.from === 'n2' && flushedAtMs < 0 && cluster.simulation.positions('n2').flush > FIRST_LSN) flushedAtMs = event.timeMs;
    });
    const id = cluster.write('n1', 1);
    cluster.after(200);
    const write = cluster.simulation.operation(id)!;
    expect(write.status).toBe('acknowledged');
    expect(flushedAtMs).toBeGreaterThan(0);
    // The acknowledgement left the primary after the standby's flush report arrived there.
    const ack = cluster.simulation.acknowledgements.find((entry) => entry.opId === id)!;
    expect(ack.atMs).toBeGreaterThanOrEqual(flushedAtMs);
    expect(write.completeMs! - write.invokeMs).toBeGreaterThanOrEqual(4 * 10); // client→n1→n2→n1→client
  });

  it('sync, strict: with the synchronous standby down, commits wait forever (PostgreSQL\'s own behaviour)', () => {
    const cluster = start({ nodeCount: 2, mode: 'sync', strict: true });
    cluster.after(1500);
    cluster.history.apply({ type: 'crash', node: 'n2' });
    const id = cluster.write('n1', 1);
    cluster.after(60_000);
    expect(cluster.simulation.operation(id)!.status).toBe('pending');
    expect(cluster.simulation.read('n1', 'x')).toBe(1); // Committed locally (in n1's WAL and clog), never acknowledged.
  });

  it('sync: "we have marked clog, but still show as running in the procarray" — a commit waiting for its standby is invisible to other sessions until the wait ends', () => {
    const cluster = start({ nodeCount: 2, mode: 'sync', strict: true });
    cluster.after(1500);
    const first = cluster.write('n1', 1);
    cluster.after(1000);
    expect(cluster.simulation.operation(first)!.status).toBe('acknowledged');
    cluster.history.apply({ type: 'crash', node: 'n2' });
    const waiting = cluster.write('n1', 2);
    cluster.after(1000);
    const read = cluster.read('n1');
    cluster.after(1000);
    expect(cluster.simulation.operation(waiting)!.status).toBe('pending');
    expect(cluster.simulation.operation(read)!.value).toBe(1);
    // The standby returns, flushes the record, the commit is acknowledged: now every session sees it.
    cluster.history.apply({ type: 'restart', node: 'n2' });
    cluster.after(5000);
    expect(cluster.simulation.operation(waiting)!.status).toBe('acknowledged');
    const later = cluster.read('n1');
    cluster.after(1000);
    expect(cluster.simulation.operation(later)!.value).toBe(2);
  });

  it('sync, non-strict: the primary degrades to async once the standby is gone for the timeout, and says so', () => {
    const cluster = start({ nodeCount: 2, mode: 'sync', strict: false, timeoutMs: 5000 });
    cluster.after(1500);
    cluster.history.apply({ type: 'crash', node: 'n2' });
    const id = cluster.write('n1', 1);
    cluster.after(8000);
    const write = cluster.simulation.operation(id)!;
    expect(write.status).toBe('acknowledged');
    expect(write.detail).toMatch(/degraded to async/);
    expect(write.completeMs! - write.invokeMs).toBeGreaterThan(3000);
  });

  it('quorum ANY 2 of 3: one standby down still commits, two down blocks', () => {
    const cluster = start({ nodeCount: 4, mode: 'quorum', syncCount: 2, strict: true });
    cluster.after(1500);
    cluster.history.apply({ type: 'crash', node: 'n4' });
    const first = cluster.write('n1', 1);
    cluster.after(200);
    expect(cluster.simulation.operation(first)!.status).toBe('acknowledged');
    cluster.history.apply({ type: 'crash', node: 'n3' });
    const second = cluster.write('n1', 2);
    cluster.after(20_000);
    expect(cluster.simulation.operation(second)!.status).toBe('pending');
  });
});

describe('promotion and timelines', () => {
  it('"promotion starts a new timeline at the end of the WAL replayed so far"; the old timeline ends at the fork LSN', () => {
    const cluster = start({ nodeCount: 2 });
    cluster.after(1500);
    cluster.write('n1', 1);
    cluster.after(500);
    const forkLsn = cluster.simulation.walEnd('n2');
    cluster.history.apply({ type: 'crash', node: 'n1' });
    cluster.history.apply({ type: 'promote', node: 'n2' });
    expect(cluster.simulation.role('n2')).toBe('primary');
    expect(cluster.simulation.timeline('n2')).toBe(2);
    expect(cluster.simulation.timelineHistory('n2')).toEqual([{ timeline: 1, forkLsn }]);
    const first = cluster.simulation.wal('n2').find((record) => record.lsn === forkLsn)!;
    expect(first).toMatchObject({ kind: 'end-of-recovery', timeline: 2 });
  });

  it('a standby repointed to the new primary follows it onto the new timeline; one that is ahead of the fork cannot', () => {
    const cluster = start({ nodeCount: 3 });
    cluster.after(1500);
    cluster.write('n1', 1);
    cluster.after(500);
    cluster.history.apply({ type: 'isolate', node: 'n2' });
    cluster.write('n1', 2); // n3 gets it, n2 does not.
    cluster.after(500);
    cluster.history.apply({ type: 'crash', node: 'n1' });
    cluster.history.apply({ type: 'heal' });
    cluster.history.apply({ type: 'promote', node: 'n2' });
    cluster.after(3000);
    expect(cluster.simulation.divergence('n3')).toMatch(/not in n2's history|ahead of n2/);
    expect(cluster.simulation.timeline('n3')).toBe(1);
    cluster.history.apply({ type: 'rewind', node: 'n3' });
    cluster.after(3000);
    expect(cluster.simulation.timeline('n3')).toBe(2);
    expect(cluster.simulation.walEnd('n3')).toBe(cluster.simulation.walEnd('n2'));
  });

  it('promote is refused for a primary or a node that is down, with the reason in the trace', () => {
    const cluster = start({ nodeCount: 2 });
    const refused: string[] = [];
    cluster.simulation.addObserver((event: ReplicationTraceEvent) => {
      if (event.kind === 'refused') refused.push(event.reason);
    });
    cluster.history.apply({ type: 'promote', node: 'n1' });
    cluster.history.apply({ type: 'crash', node: 'n2' });
    cluster.history.apply({ type: 'promote', node: 'n2' });
    expect(refused).toEqual(['n1 is already a primary', 'n2 is down']);
  });
});

describe('pg_rewind and re-clone: what the former primary throws away', () => {
  function splitBrain() {
    const cluster = start({ nodeCount: 2, failover: 'naive', timeoutMs: 5000 });
    cluster.after(1500);
    cluster.write('n1', 1);
    cluster.after(500);
    cluster.history.apply({ type: 'partition', groups: [['n1'], ['n2']] });
    const lostOne = cluster.write('n1', 2);
    cluster.after(8000);
    const lostTwo = cluster.write('n1', 3);
    const kept = cluster.write('n2', 4, 'y');
    cluster.after(500);
    cluster.history.apply({ type: 'heal' });
    return { cluster, lostIds: [lostOne, lostTwo], kept };
  }

  it('rewind: "back to the point where the timelines diverged, then replay the new timeline"; the writes after the fork are listed', () => {
    const { cluster, lostIds, kept } = splitBrain();
    expect(measure(cluster.simulation).splitBrain).not.toBeNull();
    cluster.history.apply({ type: 'rewind', node: 'n1' });
    cluster.after(2000);
    const frame = replicationFrame(cluster);
    expect(frame.discards).toHaveLength(1);
    expect(frame.discards[0]).toMatchObject({ node: 'n1', how: 'rewind', writeIds: lostIds });
    expect(frame.writes.filter((write) => write.status === 'lost').map((write) => write.id)).toEqual(lostIds);
    expect(cluster.simulation.role('n1')).toBe('standby');
    expect(cluster.simulation.timeline('n1')).toBe(2);
    expect(cluster.simulation.read('n1', 'x')).toBe(1);
    expect(cluster.simulation.read('n1', 'y')).toBe(4);
    expect(cluster.simulation.holdsWrite('n1', kept)).toBe(true);
  });

  it('reclone: a fresh base backup discards the same writes and lands at the primary\'s current end', () => {
    const { cluster, lostIds } = splitBrain();
    cluster.history.apply({ type: 'reclone', node: 'n1' });
    expect(cluster.simulation.walEnd('n1')).toBe(cluster.simulation.walEnd('n2'));
    expect(replicationFrame(cluster).discards[0]).toMatchObject({ how: 'reclone', writeIds: lostIds });
  });
});

describe('naive failover, witness and fencing (2 nodes, n1 cut off from n2)', () => {
  function partitioned(overrides: Partial<ReplicationConfig>) {
    const cluster = start({ nodeCount: 2, failover: 'naive', timeoutMs: 5000, ...overrides });
    cluster.after(1500);
    cluster.write('n1', 1);
    cluster.after(500);
    cluster.history.apply({ type: 'partition', groups: [['n1'], ['n2']] });
    for (let step = 0; step < 40; step++) {
      cluster.write('n1', 100 + step);
      cluster.write('n2', 200 + step, 'y');
      cluster.after(250);
    }
    return cluster;
  }

  it('fencing none: the standby promotes after the timeout and both primaries acknowledge writes — split-brain', () => {
    const cluster = partitioned({ fencing: 'none' });
    expect(cluster.simulation.acceptingPrimaries()).toEqual(['n1', 'n2']);
    expect(measure(cluster.simulation).splitBrain).not.toBeNull();
  });

  it('STONITH: n2 powers n1 off before promoting — one primary', () => {
    const cluster = partitioned({ fencing: 'stonith' });
    expect(cluster.simulation.role('n1')).toBe('down');
    expect(measure(cluster.simulation).splitBrain).toBeNull();
  });

  it('lease: n1 stops accepting writes when the lease n2 granted runs out, before n2 may promote', () => {
    const cluster = partitioned({ fencing: 'lease' });
    expect(cluster.simulation.role('n1')).toBe('demoted');
    expect(cluster.simulation.acceptingPrimaries()).toEqual(['n2']);
    expect(measure(cluster.simulation).splitBrain).toBeNull();
  });

  it('fencing token: storage rejects n1\'s writes once n2 promoted with a newer epoch', () => {
    const cluster = partitioned({ fencing: 'token' });
    expect(cluster.simulation.role('n1')).toBe('demoted');
    expect(measure(cluster.simulation).splitBrain).toBeNull();
    expect(cluster.simulation.operations.some((operation) => /fencing token 1 is older than 2/.test(operation.detail))).toBe(true);
  });

  it('witness: a standby that is the one cut off (it cannot reach the witness) does not promote', () => {
    const cluster = start({ nodeCount: 2, failover: 'naive', timeoutMs: 5000, witness: true });
    cluster.after(1500);
    cluster.history.apply({ type: 'isolate', node: 'n2' });
    cluster.after(20_000);
    expect(cluster.simulation.role('n2')).toBe('standby');
    cluster.history.apply({ type: 'heal' });
    cluster.history.apply({ type: 'isolate', node: 'n1' });
    cluster.after(20_000);
    // The witness agrees n1 is gone, so n2 promotes: without fencing n1 may still take writes.
    expect(cluster.simulation.role('n2')).toBe('primary');
  });
});

describe('managed failover (Patroni: ttl 30 s, loop_wait 10 s, retry_timeout 10 s)', () => {
  it('"the leader renews its lock every loop_wait"; a crashed primary\'s lock expires after the TTL and a standby takes over', () => {
    const cluster = start({ nodeCount: 3, failover: 'managed' });
    cluster.after(25_000);
    expect(cluster.simulation.dcs.holder).toBe('n1');
    expect(cluster.simulation.dcs.expiresAtMs).toBeGreaterThan(cluster.simulation.nowMs + 10_000);
    const crashMs = cluster.simulation.nowMs;
    const lastRenewalMs = cluster.simulation.dcs.expiresAtMs - 30_000;
    cluster.history.apply({ type: 'crash', node: 'n1' });
    let promotedAtMs = -1;
    cluster.simulation.addObserver((event) => {
      if (event.kind === 'promote' && promotedAtMs < 0) promotedAtMs = event.timeMs;
    });
    cluster.after(60_000);
    expect(promotedAtMs).toBeGreaterThanOrEqual(lastRenewalMs + 30_000);
    expect(promotedAtMs).toBeLessThanOrEqual(lastRenewalMs + 30_000 + 10_000);
    expect(promotedAtMs - crashMs).toBeLessThanOrEqual(40_000);
    expect(cluster.simulation.acceptingPrimaries()).toHaveLength(1);
  });

  it('"if the leader cannot update the lock within retry_timeout it demotes itself" — before the TTL lets anyone else in', () => {
    const cluster = start({ nodeCount: 2, failover: 'managed', witness: true });
    cluster.after(15_000);
    const events: ReplicationTraceEvent[] = [];
    cluster.simulation.addObserver((event) => {
      if (event.kind === 'role' || event.kind === 'promote') events.push(event);
    });
    cluster.history.apply({ type: 'isolate', node: 'n1' });
    for (let step = 0; step < 240; step++) {
      cluster.write('n1', step);
      cluster.after(250);
    }
    const demoted = events.find((event) => event.kind === 'role' && event.node === 'n1' && event.role === 'demoted')!;
    const promoted = events.find((event) => event.kind === 'promote')!;
    expect(demoted.timeMs).toBeLessThan(promoted.timeMs);
    expect(measure(cluster.simulation).splitBrain).toBeNull();
  });

  it('2 nodes without a witness: the DCS has no majority after any failure, so the primary demotes and nobody takes over', () => {
    const cluster = start({ nodeCount: 2, failover: 'managed' });
    cluster.after(15_000);
    cluster.history.apply({ type: 'partition', groups: [['n1'], ['n2']] });
    cluster.after(60_000);
    expect(cluster.simulation.acceptingPrimaries()).toEqual([]);
  });

  it('the planted bug: ttl shorter than loop_wait + 2 × retry_timeout lets the lock expire under a live primary — split-brain', () => {
    const cluster = start({ nodeCount: 2, failover: 'managed', witness: true, ttlMs: 8000 });
    cluster.after(15_000);
    cluster.history.apply({ type: 'isolate', node: 'n1' });
    for (let step = 0; step < 120; step++) {
      cluster.write('n1', step);
      cluster.write('n2', 1000 + step, 'y');
      cluster.after(250);
    }
    expect(measure(cluster.simulation).splitBrain).not.toBeNull();
  });
});

describe('determinism', () => {
  function trace(seed: number): string {
    const run = createReplicationRun(defaultReplicationConfig({ nodeCount: 3, failover: 'managed', mode: 'sync', seed }));
    for (let step = 0; step < 50; step++) {
      run.history.apply({ type: 'write', node: 'n1', key: 'x', value: step });
      run.history.advanceTo(run.history.viewMs + 300);
      if (step === 20) run.history.apply({ type: 'crash', node: 'n1' });
    }
    run.history.advanceTo(80_000);
    return JSON.stringify(run.history.trace.slice());
  }

  it('the same seed and the same commands give the same trace, byte for byte; another seed another trace', () => {
    expect(trace(7)).toBe(trace(7));
    expect(trace(7)).not.toBe(trace(8));
  });

  it('seeking back and forth shows the same moment again', () => {
    const cluster = start({ nodeCount: 3, failover: 'naive', timeoutMs: 3000 });
    for (let step = 0; step < 20; step++) {
      cluster.write('n1', step);
      cluster.after(200);
      if (step === 10) cluster.history.apply({ type: 'crash', node: 'n1' });
    }
    cluster.after(10_000);
    const atEnd = JSON.stringify(replicationFrame(cluster));
    cluster.history.seek(2500);
    const early = JSON.stringify(replicationFrame(cluster));
    cluster.history.seek(cluster.history.headMs);
    expect(JSON.stringify(replicationFrame(cluster))).toBe(atEnd);
    cluster.history.seek(2500);
    expect(JSON.stringify(replicationFrame(cluster))).toBe(early);
  });
});
