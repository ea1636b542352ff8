// The replicated store by hand: each mechanism of Dynamo (quorums, read repair, sloppy quorum with
// hinted handoff) and of the consensus mode on a small cluster, plus determinism, seek and fork.

import { describe, expect, it } from 'vitest';
import { defaultQuorumConfig, type QuorumConfig } from './config.ts';
import { createQuorumRun, type QuorumRun } from './run.ts';
import { checkOperations, findStaleReads, toCheckerHistory } from './analysis.ts';
import { playSchedule, randomQuorumSchedule } from './workload.ts';
import type { OperationRequest, QuorumOperation } from './types.ts';

function start(overrides: Partial<QuorumConfig> = {}): QuorumRun {
  return createQuorumRun(defaultQuorumConfig({ seed: 5, ...overrides }));
}

/** Issue one operation and run until it has an outcome, then 1 ms more so what follows is strictly later. */
function perform(run: QuorumRun, request: OperationRequest): QuorumOperation {
  run.history.apply({ type: 'operation', request });
  const id = run.simulation.operations.length - 1;
  while (['queued', 'pending'].includes(run.simulation.operation(id)!.status)) {
    if (!run.history.stepToNextEvent()) break;
  }
  run.history.advanceTo(run.simulation.nowMs + 1);
  return run.simulation.operation(id)!;
}

describe('Leaderless (Dynamo §4.5): a write waits for W acks, a read for R replies', () => {
  it('the issue\'s example: ONE on both sides of a partition gives a stale read, and the checker proves it is not linearizable', () => {
    const run = start({ replicaCount: 3, clientCount: 2 });
    expect(perform(run, { client: 'c1', kind: 'write', key: 'x', value: 1, level: 'ALL' }).status).toBe('ok');
    run.history.apply({ type: 'partition', groups: [['r1', 'c1'], ['r2', 'r3', 'c2']] });
    expect(perform(run, { client: 'c1', kind: 'write', key: 'x', value: 2, level: 'ONE', via: 'r1' }).status).toBe('ok');
    const read = perform(run, { client: 'c2', kind: 'read', key: 'x', level: 'ONE', via: 'r3' });
    expect(read).toMatchObject({ status: 'ok', value: 1 });
    const stale = findStaleReads(run.simulation.operations);
    expect(stale).toHaveLength(1);
    expect(stale[0]!.explanation).toMatch(/^Stale read: c2's read of x at \[\d+ ms, \d+ ms\] returned 1, but c1's write of 2 to x had completed at \d+ ms, before the read began/);
    const result = checkOperations(run.simulation.operations);
    expect(result.verdict).toBe('not-linearizable');
    expect(result.explanation!.summary).toContain('read of x by c2 returned 1');
  });

  it('the default coordinator stays on the client\'s side of a partition: W=ONE from the minority is available', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const run = createQuorumRun(defaultQuorumConfig({ seed, replicaCount: 3, clientCount: 2 }));
      run.history.apply({ type: 'partition', groups: [['r1', 'c1'], ['r2', 'r3', 'c2']] });
      const write = perform(run, { client: 'c1', kind: 'write', key: 'x', value: 2, level: 'ONE' });
      expect(write, `seed ${seed}`).toMatchObject({ coordinator: 'r1', status: 'ok' });
      const other = perform(run, { client: 'c2', kind: 'write', key: 'y', value: 3, level: 'ONE' });
      expect(['r2', 'r3'], `seed ${seed}`).toContain(other.coordinator);
    }
  });

  it('with no replica reachable the default coordinator crosses the cut, and the timeout says why', () => {
    const run = start({ replicaCount: 3, clientCount: 1 });
    run.history.apply({ type: 'partition', groups: [['c1'], ['r1', 'r2', 'r3']] });
    const write = perform(run, { client: 'c1', kind: 'write', key: 'x', value: 2, level: 'ONE' });
    expect(write.status).toBe('timeout');
    expect(write.detail).toMatch(/c1 cannot reach r\d/);
  });

  it('QUORUM on the minority side refuses: the read fails, the write times out (indeterminate), with the reason', () => {
    const run = start({ replicaCount: 3, clientCount: 2 });
    perform(run, { client: 'c1', kind: 'write', key: 'x', value: 1, level: 'ALL' });
    run.history.apply({ type: 'partition', groups: [['r1', 'c1'], ['r2', 'r3', 'c2']] });
    const write = perform(run, { client: 'c1', kind: 'write', key: 'x', value: 2, level: 'QUORUM', via: 'r1' });
    expect(write.status).toBe('timeout');
    expect(write.detail).toBe('no answer within 250 ms: r1 had 1 of 2 acks at QUORUM (r2, r3 silent)');
    const read = perform(run, { client: 'c1', kind: 'read', key: 'x', level: 'QUORUM', via: 'r1' });
    expect(read.status).toBe('fail');
    // The majority side stays available and, since the minority write may or may not have landed, all is linearizable.
    expect(perform(run, { client: 'c2', kind: 'read', key: 'x', level: 'QUORUM', via: 'r2' })).toMatchObject({ status: 'ok', value: 1 });
    expect(checkOperations(run.simulation.operations).verdict).toBe('linearizable');
    // The timed-out write is indeterminate for the checker.
    expect(toCheckerHistory(run.simulation.operations).history.operations[1]!.status).toBe('indeterminate');
  });

  it('read repair (Dynamo §5): a read that sees an older copy sends the newest one back', () => {
    const run = start({ replicaCount: 3, clientCount: 1, readRepair: true });
    run.history.apply({ type: 'partition', groups: [['r1', 'c1'], ['r2', 'r3']] });
    perform(run, { client: 'c1', kind: 'write', key: 'x', value: 7, level: 'ONE', via: 'r1' });
    run.history.apply({ type: 'heal' });
    expect(run.simulation.storedAt('r3', 'x')).toBeUndefined();
    perform(run, { client: 'c1', kind: 'read', key: 'x', level: 'ALL', via: 'r1' });
    run.history.advanceTo(run.simulation.nowMs + 50);
    expect(run.simulation.storedAt('r2', 'x')?.value).toBe(7);
    expect(run.simulation.storedAt('r3', 'x')?.value).toBe(7);
  });

  it('without read repair the stale copies stay stale', () => {
    const run = start({ replicaCount: 3, clientCount: 1, readRepair: false });
    run.history.apply({ type: 'partition', groups: [['r1', 'c1'], ['r2', 'r3']] });
    perform(run, { client: 'c1', kind: 'write', key: 'x', value: 7, level: 'ONE', via: 'r1' });
    run.history.apply({ type: 'heal' });
    perform(run, { client: 'c1', kind: 'read', key: 'x', level: 'ALL', via: 'r1' });
    run.history.advanceTo(run.simulation.nowMs + 50);
    expect(run.simulation.storedAt('r3', 'x')).toBeUndefined();
  });

  it('sloppy quorum (Dynamo §4.6): a write reaches W through stand-ins holding hints, handed off after healing', () => {
    const run = start({ replicaCount: 5, replicationFactor: 3, clientCount: 1, sloppyQuorum: true });
    const [first, ...others] = run.simulation.preferenceList('x');
    const standIns = run.simulation.replicaIds.filter((id) => !run.simulation.preferenceList('x').includes(id));
    // The coordinator keeps only itself from the preference list, plus the two stand-ins.
    run.history.apply({ type: 'partition', groups: [[first!, ...standIns, 'c1'], [...others]] });
    const write = perform(run, { client: 'c1', kind: 'write', key: 'x', value: 9, level: 'QUORUM', via: first });
    expect(write.status).toBe('ok');
    const hints = standIns.flatMap((id) => run.simulation.hintsOf(id));
    expect(hints.length).toBeGreaterThan(0);
    expect(new Set(hints.map((hint) => hint.intended))).toEqual(new Set(others.filter((id) => hints.some((hint) => hint.intended === id))));
    for (const id of others) expect(run.simulation.storedAt(id, 'x')).toBeUndefined();
    run.history.apply({ type: 'heal' });
    run.history.advanceTo(run.simulation.nowMs + 300);
    for (const hint of hints) expect(run.simulation.storedAt(hint.intended, 'x')?.value).toBe(9);
    expect(standIns.flatMap((id) => run.simulation.hintsOf(id))).toEqual([]);
  });

  it('strict quorum refuses the same write', () => {
    const run = start({ replicaCount: 5, replicationFactor: 3, clientCount: 1, sloppyQuorum: false });
    const [first, ...others] = run.simulation.preferenceList('x');
    const standIns = run.simulation.replicaIds.filter((id) => !run.simulation.preferenceList('x').includes(id));
    run.history.apply({ type: 'partition', groups: [[first!, ...standIns, 'c1'], [...others]] });
    expect(perform(run, { client: 'c1', kind: 'write', key: 'x', value: 9, level: 'QUORUM', via: first }).status).toBe('timeout');
  });

  it('timestamps with a clock running behind lose writes (last write wins)', () => {
    const run = start({ replicaCount: 3, clientCount: 1, versionScheme: 'timestamp', clockSkewMs: [0, -1000, 0] });
    perform(run, { client: 'c1', kind: 'write', key: 'x', value: 1, level: 'ALL', via: 'r1' });
    expect(perform(run, { client: 'c1', kind: 'write', key: 'x', value: 2, level: 'ALL', via: 'r2' }).status).toBe('ok');
    expect(perform(run, { client: 'c1', kind: 'read', key: 'x', level: 'ALL', via: 'r3' }).value).toBe(1);
  });
});

describe('Consensus mode: operations go through the Raft log', () => {
  it('is unavailable on the minority side and available on the majority side', () => {
    const run = start({ mode: 'consensus', replicaCount: 5, clientCount: 2 });
    run.history.advanceTo(1_000);
    const leader = run.simulation.currentLeader()!;
    expect(leader).toBeDefined();
    expect(perform(run, { client: 'c1', kind: 'write', key: 'x', value: 1 , via: leader.id }).status).toBe('ok');
    const followers = run.simulation.replicaIds.filter((id) => id !== leader.id);
    // The old leader with one follower is a minority; the other three elect a new leader.
    run.history.apply({ type: 'partition', groups: [[leader.id, followers[0]!, 'c1'], [...followers.slice(1), 'c2']] });
    expect(perform(run, { client: 'c1', kind: 'write', key: 'x', value: 2, via: leader.id }).status).toBe('timeout');
    expect(perform(run, { client: 'c1', kind: 'read', key: 'x', via: followers[0] }).status).toMatch(/fail|timeout/);
    run.history.advanceTo(run.simulation.nowMs + 1_000);
    expect(perform(run, { client: 'c2', kind: 'write', key: 'x', value: 3, via: followers[1] }).status).toBe('ok');
    expect(perform(run, { client: 'c2', kind: 'read', key: 'x', via: followers[2] })).toMatchObject({ status: 'ok', value: 3 });
    expect(checkOperations(run.simulation.operations).verdict).toBe('linearizable');
  });
});

describe('a planted stale read is caught', () => {
  it('in 200 consensus histories, by findStaleReads and by the checker', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const run = start({ mode: 'consensus', seed, clientCount: 3 });
      playSchedule(run, randomQuorumSchedule(seed, { replicaCount: 3, clientCount: 3, durationMs: 1_500, keys: ['x'], meanOperationGapMs: 60, meanFaultGapMs: 0 }));
      const operations = run.simulation.operations;
      const writes = operations.filter((operation) => operation.kind === 'write' && operation.status === 'ok');
      if (writes.length < 2) continue;
      const end = Math.max(...operations.map((operation) => operation.completeMs ?? operation.invokeMs ?? 0)) + 10;
      // Every write has completed by `end`; the planted read returns the first value, long overwritten.
      const planted: QuorumOperation = { ...writes[0]!, id: operations.length, client: 'c9', kind: 'read', invokeMs: end, completeMs: end + 5, status: 'ok' };
      const stale = findStaleReads([...operations, planted]);
      expect(stale.map((found) => found.read.id), `seed ${seed}`).toEqual([planted.id]);
      expect(checkOperations([...operations, planted]).verdict, `seed ${seed}`).toBe('not-linearizable');
    }
  });

  it('a read of nil after a completed write is stale too', () => {
    const write: QuorumOperation = { id: 0, client: 'c1', kind: 'write', key: 'x', value: 1, level: 'ONE', required: 1, coordinator: 'r1', status: 'ok', invokeMs: 0, completeMs: 10, version: { counter: 1, replica: 0 }, detail: '' };
    const read: QuorumOperation = { ...write, id: 1, client: 'c2', kind: 'read', value: null, invokeMs: 20, completeMs: 30, version: null };
    expect(findStaleReads([write, read])[0]!.explanation).toContain('nothing had ever written x');
    // A write still in doubt could land any time: no stale read is claimed.
    expect(findStaleReads([{ ...write, status: 'timeout', completeMs: 10 }, read])).toEqual([]);
  });
});

describe('determinism and history', () => {
  const config = { seed: 11, replicaCount: 5, clientCount: 3, lossPercent: 5, duplicationPercent: 5, readRepair: true, sloppyQuorum: true, replicationFactor: 3 };
  const schedule = randomQuorumSchedule(11, { replicaCount: 5, clientCount: 3, durationMs: 4_000, keys: ['x', 'y', 'z'], meanOperationGapMs: 50, meanFaultGapMs: 200 });

  for (const mode of ['leaderless', 'consensus'] as const) {
    it(`${mode}: the same seed and commands give the same trace, byte for byte; another seed does not`, () => {
      const first = start({ ...config, mode });
      playSchedule(first, schedule);
      const second = start({ ...config, mode });
      playSchedule(second, schedule);
      expect(first.history.trace.length).toBeGreaterThan(1_000);
      expect(JSON.stringify(second.history.trace.slice())).toBe(JSON.stringify(first.history.trace.slice()));
      const other = start({ ...config, mode, seed: 12 });
      playSchedule(other, schedule);
      expect(JSON.stringify(other.history.trace.slice())).not.toBe(JSON.stringify(first.history.trace.slice()));
    });

    it(`${mode}: seeking back and forth shows the same operations and stores as the first pass`, () => {
      const run = start({ ...config, mode });
      playSchedule(run, schedule);
      const picture = () => JSON.stringify({ operations: run.simulation.operations, stores: run.simulation.replicaIds.map((id) => [...run.simulation.storeOf(id)]), hints: run.simulation.replicaIds.map((id) => run.simulation.hintsOf(id)) });
      const endMs = run.simulation.nowMs;
      const atEnd = picture();
      const pictures = new Map<number, string>();
      for (const t of [700, 1_900, 3_100]) {
        const replay = start({ ...config, mode });
        playUntil(replay, schedule, t);
        pictures.set(t, JSON.stringify({ operations: replay.simulation.operations, stores: replay.simulation.replicaIds.map((id) => [...replay.simulation.storeOf(id)]), hints: replay.simulation.replicaIds.map((id) => replay.simulation.hintsOf(id)) }));
      }
      for (const t of [3_100, 700, 1_900]) {
        run.history.seek(t);
        expect(picture(), `at ${t} ms`).toBe(pictures.get(t));
      }
      run.history.seek(endMs);
      expect(picture()).toBe(atEnd);
    });
  }

  it('acting in the past forks the run: the old future is discarded', () => {
    const run = start(config);
    playSchedule(run, schedule);
    run.history.seek(1_000);
    const before = run.simulation.operations.length;
    run.history.apply({ type: 'operation', request: { client: 'c1', kind: 'write', key: 'x', value: 'forked' } });
    expect(run.history.headMs).toBe(1_000);
    expect(run.simulation.operations).toHaveLength(before + 1);
    expect(run.history.commands.at(-1)!.timeMs).toBe(1_000);
  });
});

function playUntil(run: QuorumRun, schedule: ReturnType<typeof randomQuorumSchedule>, untilMs: number): void {
  for (const { atMs, command } of schedule) {
    if (atMs > untilMs) break;
    run.history.advanceTo(atMs);
    run.history.apply(command);
  }
  run.history.advanceTo(untilMs);
}
