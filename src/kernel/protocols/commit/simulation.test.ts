// The protocol rules, one test each, on the simulation the page animates: 2PC (presumed abort,
// blocking, cooperative termination, no-wait locks), 3PC (pre-commit, termination without the
// coordinator, the split under partition), sagas (compensation in reverse, idempotent retries,
// recovery from the saga log, choreography, the semantic lock) and the concurrent reader.

import { describe, expect, it } from 'vitest';
import { commitFrame, createCommitRun, defaultCommitConfig, type CommitCommand, type CommitConfig, type CommitRun } from './index.ts';

function runWith(overrides: Partial<CommitConfig>, script: readonly (CommitCommand | number)[]): CommitRun {
  const run = createCommitRun(defaultCommitConfig(overrides));
  for (const item of script) {
    if (typeof item === 'number') run.history.advanceTo(run.history.viewMs + item);
    else run.history.apply(item);
  }
  return run;
}

const txn = (id = 't1'): CommitCommand => ({ type: 'txn', txn: id });
const crash = (node: 'coordinator' | `p${number}`): CommitCommand => ({ type: 'crash', node: node as never });
const restart = (node: 'coordinator' | `p${number}`): CommitCommand => ({ type: 'restart', node: node as never });
const voteNo = (participant: `p${number}`): CommitCommand => ({ type: 'vote', participant, yes: false, txn: null });
const states = (run: CommitRun) => commitFrame(run).participants.map((participant) => participant.state);
const balances = (run: CommitRun) => commitFrame(run).participants.map((participant) => participant.balance);
const outcome = (run: CommitRun, id = 't1') => run.simulation.txn(id)?.outcome;

describe('two-phase commit', () => {
  it('commits when every participant votes yes: the money moves from p1 to the last participant', () => {
    const run = runWith({}, [txn(), 1000]);
    expect(outcome(run)).toBe('committed');
    expect(states(run)).toEqual(['committed', 'committed', 'committed']);
    expect(balances(run)).toEqual([90, 100, 110]);
    expect(run.simulation.coordinator.log.map((record) => record.entry)).toEqual(['commit', 'end']);
  });

  it('aborts when one participant votes no; presumed abort writes no abort record at the coordinator', () => {
    const run = runWith({}, [voteNo('p2'), txn(), 1000]);
    expect(outcome(run)).toBe('aborted');
    expect(balances(run)).toEqual([100, 100, 100]);
    expect(run.simulation.coordinator.log).toEqual([]);
  });

  it('a participant that voted yes blocks while the coordinator is down, holding its locks, and learns the outcome when it returns', () => {
    // Every participant votes yes at 10 ms; the coordinator crashes at 15 ms, before the votes arrive.
    const run = runWith({ latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 15, crash('coordinator'), 2000]);
    expect(states(run)).toEqual(['prepared', 'prepared', 'prepared']);
    expect(outcome(run)).toBe('blocked');
    expect(run.simulation.isBlocked('p2')).toBe(true);
    expect(commitFrame(run).participants[1]!.locks).toEqual(['t1']);
    expect(commitFrame(run).participants[1]!.sentence).toMatch(/p2 voted yes and is blocked: it cannot commit or abort until the coordinator returns/);
    expect(run.simulation.blockedMs('p2')).toBeGreaterThan(1000);
    run.history.apply(restart('coordinator'));
    run.history.advanceTo(run.history.viewMs + 1000);
    // It never decided: no commit record, so it answers the participants' next question with abort.
    expect(outcome(run)).toBe('aborted');
    expect(states(run)).toEqual(['aborted', 'aborted', 'aborted']);
  });

  it('a coordinator that crashed after logging COMMIT re-sends it when it restarts', () => {
    // Votes arrive at 20 ms, COMMIT is logged and sent; every COMMIT is lost with the crash of the receivers' links.
    const run = runWith({ latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 20, { type: 'partition', groups: [['coordinator'], ['p1', 'p2', 'p3']] }, crash('coordinator'), { type: 'heal' }, 1000]);
    expect(outcome(run)).toBe('blocked');
    run.history.apply(restart('coordinator'));
    run.history.advanceTo(run.history.viewMs + 1000);
    expect(outcome(run)).toBe('committed');
    expect(run.simulation.coordinator.log.map((record) => record.entry)).toEqual(['commit', 'end']);
  });

  it('cooperative termination: an in-doubt participant learns the decision from a peer while the coordinator is down', () => {
    // p3's COMMIT is lost and the coordinator crashes right after sending it: p1 and p2 know, p3 asks them.
    const second = runWith({ latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 15, { type: 'drop-next', from: 'coordinator', to: 'p3' }, 7, crash('coordinator'), 1000]);
    expect(states(second)).toEqual(['committed', 'committed', 'committed']);
    expect(outcome(second)).toBe('committed');
  });

  it('a participant that has not voted may abort on its own when a peer asks', () => {
    // p3 never gets its PREPARE (lost); the coordinator times out and aborts; nobody blocks.
    const run = runWith({ latencyMsMin: 10, latencyMsMax: 10 }, [{ type: 'drop-next', from: 'coordinator', to: 'p3' }, txn(), 1000]);
    expect(outcome(run)).toBe('aborted');
    expect(states(run)).toEqual(['aborted', 'aborted', 'aborted']);
  });

  it('no-wait locking: a participant locked by a blocked transaction votes no on the next one', () => {
    const run = runWith({ latencyMsMin: 10, latencyMsMax: 10 }, [txn('t1'), 15, crash('coordinator'), 500, restart('coordinator'), txn('t2'), 1000]);
    expect(outcome(run, 't1')).toBe('aborted');
    // t2's PREPARE reached participants still locked by the blocked t1: they voted no.
    expect(outcome(run, 't2')).toBe('aborted');
    expect(run.simulation.participant('p1').log.map((record) => `${record.txn} ${record.entry}`)).toEqual(['t1 prepared', 't2 abort', 't1 abort']);
  });
});

describe('three-phase commit', () => {
  it('commits through the extra pre-commit round', () => {
    const run = runWith({ protocol: '3pc' }, [txn(), 1000]);
    expect(outcome(run)).toBe('committed');
    expect(run.simulation.coordinator.log.map((record) => record.entry)).toEqual(['precommit', 'commit', 'end']);
    expect(run.simulation.participant('p1').log.map((record) => record.entry)).toEqual(['prepared', 'precommit', 'commit']);
  });

  it('does not block on a coordinator crash: precommitted participants commit through the termination protocol', () => {
    // Votes in at 20 ms, PRE-COMMIT arrives at 30 ms, acks at 40 ms: crash in between.
    const run = runWith({ protocol: '3pc', latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 35, crash('coordinator'), 1000]);
    expect(outcome(run)).toBe('committed');
    expect(run.simulation.participantIds.some((id) => run.simulation.isBlocked(id))).toBe(false);
  });

  it('does not block either when the coordinator crashes before pre-commit: the participants abort', () => {
    const run = runWith({ protocol: '3pc', latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 15, crash('coordinator'), 1000]);
    expect(outcome(run)).toBe('aborted');
  });

  it("elects a backup coordinator (the lowest participant not judged failed), which applies rule TR4: PRE-COMMIT to the uncertain, then COMMIT", () => {
    // PRE-COMMIT reaches p1 only; the coordinator crashes. p1 is the backup: it sees itself
    // precommitted and p2, p3 prepared, so it first moves them to precommitted, then commits.
    const run = runWith({ protocol: '3pc', latencyMsMin: 10, latencyMsMax: 10 }, [
      txn(),
      20,
      { type: 'drop-next', from: 'coordinator', to: 'p2' },
      { type: 'drop-next', from: 'coordinator', to: 'p3' },
      crash('coordinator'),
      1000,
    ]);
    expect(outcome(run)).toBe('committed');
    expect(run.simulation.participant('p2').log.map((record) => record.entry)).toEqual(['prepared', 'precommit', 'commit']);
    expect(run.simulation.participant('p1').txns.t1).toMatchObject({ backup: 'p1', suspects: ['coordinator'] });
    expect(run.simulation.participant('p3').txns.t1).toMatchObject({ backup: 'p1' });
  });

  it('when the backup fails too, the next lowest participant takes over (a second election)', () => {
    // The coordinator dies before PRE-COMMIT leaves; p1 dies as well. p2 and p3 first elect p1, hear
    // nothing, suspect it, and elect p2, which sees only uncertain states: TR3, abort.
    const run = runWith({ protocol: '3pc', latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 15, crash('coordinator'), crash('p1'), 2000]);
    expect(states(run).slice(1)).toEqual(['aborted', 'aborted']);
    expect(run.simulation.participant('p3').txns.t1).toMatchObject({ suspects: ['coordinator', 'p1'] });
    // p1 comes back uncertain; it may not terminate on its own (recovery rule): it asks, and learns abort.
    const after = runWith({ protocol: '3pc', latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 15, crash('coordinator'), crash('p1'), 2000, restart('p1'), 1000]);
    expect(outcome(after)).toBe('aborted');
  });

  it('a restarted coordinator without a decision on disk asks instead of deciding', () => {
    const run = runWith({ protocol: '3pc', latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 25, crash('coordinator'), 1000, restart('coordinator'), 200]);
    expect(outcome(run)).toBe('committed');
    expect(run.simulation.coordinator.log.map((record) => record.entry)).toEqual(['precommit', 'commit']);
  });

  it('splits under a partition: the coordinator side commits, the other side aborts', () => {
    // p1 gets PRE-COMMIT; the partition keeps it from p2 and p3, who terminate among themselves.
    const run = runWith({ protocol: '3pc', latencyMsMin: 10, latencyMsMax: 10 }, [
      txn(),
      20,
      { type: 'drop-next', from: 'coordinator', to: 'p2' },
      { type: 'drop-next', from: 'coordinator', to: 'p3' },
      5,
      { type: 'partition', groups: [['coordinator', 'p1'], ['p2', 'p3']] },
      2000,
    ]);
    expect(states(run)).toEqual(['committed', 'aborted', 'aborted']);
    expect(outcome(run)).toBe('split');
    expect(commitFrame(run).measures.atomic).toBe(false);
    expect(run.simulation.violations[0]).toMatchObject({ checker: 'atomicity' });
  });
});

describe('sagas', () => {
  for (const sagaStyle of ['orchestrated', 'choreographed'] as const) {
    it(`${sagaStyle}: every step runs in order and commits locally`, () => {
      const run = runWith({ protocol: 'saga', sagaStyle }, [txn(), 1000]);
      expect(outcome(run)).toBe('committed');
      expect(states(run)).toEqual(['done', 'done', 'done']);
      expect(balances(run)).toEqual([90, 100, 110]);
    });

    it(`${sagaStyle}: a failed step makes the earlier steps compensate, in reverse order`, () => {
      const run = runWith({ protocol: 'saga', sagaStyle, participantCount: 4 }, [voteNo('p3'), txn(), 2000]);
      expect(outcome(run)).toBe('compensated');
      expect(states(run)).toEqual(['compensated', 'compensated', 'failed', 'aborted']);
      expect(balances(run)).toEqual([100, 100, 100, 100]);
      const compensations = run.history.trace.slice().filter((event) => event.kind === 'log' && event.entry === 'compensated');
      expect(compensations.map((event) => (event.kind === 'log' ? event.node : ''))).toEqual(['p2', 'p1']);
    });
  }

  it('retries with idempotent steps: a lost reply makes the orchestrator ask again, and the step does not run twice', () => {
    const run = runWith({ protocol: 'saga', latencyMsMin: 10, latencyMsMax: 10 }, [{ type: 'drop-next', from: 'p1', to: 'coordinator' }, txn(), 2000]);
    expect(outcome(run)).toBe('committed');
    expect(run.simulation.participant('p1').log.map((record) => record.entry)).toEqual(['done']);
    expect(balances(run)).toEqual([90, 100, 110]);
  });

  it('the orchestrator resumes from its saga log after a crash', () => {
    const run = runWith({ protocol: 'saga', latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 25, crash('coordinator'), 500, restart('coordinator'), 2000]);
    expect(outcome(run)).toBe('committed');
    expect(balances(run)).toEqual([90, 100, 110]);
  });

  it('choreography survives a crashed service: the event is re-sent until it is back', () => {
    const run = runWith({ protocol: 'saga', sagaStyle: 'choreographed', latencyMsMin: 10, latencyMsMax: 10 }, [crash('p2'), txn(), 1000]);
    expect(outcome(run)).toBe('running');
    run.history.apply(restart('p2'));
    run.history.advanceTo(run.history.viewMs + 1000);
    expect(outcome(run)).toBe('committed');
  });
});

describe('the concurrent reader', () => {
  it('sees money that has left p1 and not reached p3 in a saga: the isolation sagas give up', () => {
    const run = runWith({ protocol: 'saga', latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 25, { type: 'read', reader: 't2' }, 1000]);
    const read = run.simulation.reads[0]!;
    expect(read.result).toMatchObject({ total: 290, expectedTotal: 300, anomaly: true });
    expect(commitFrame(run).measures.anomalies).toBe(1);
  });

  it('with a semantic lock (pending flag) the reader waits for the saga to end and sees a consistent total', () => {
    const run = runWith({ protocol: 'saga', semanticLock: true, latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 25, { type: 'read', reader: 't2' }, 5]);
    expect(run.simulation.reads[0]!.completedMs).toBeNull();
    expect(run.simulation.reads[0]!.waitingFor.join(' ')).toMatch(/p1 has a pending flag for t1/);
    run.history.advanceTo(run.history.viewMs + 1000);
    expect(run.simulation.reads[0]!.result).toMatchObject({ total: 300, anomaly: false });
  });

  it('in 2PC the reader waits for the write locks: it never sees an intermediate total, but a blocked transaction blocks it too', () => {
    const run = runWith({ latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 15, { type: 'read', reader: 't2' }, 1000]);
    expect(run.simulation.reads[0]!.result).toMatchObject({ total: 300, anomaly: false, balances: [{ id: 'p1', balance: 90 }, { id: 'p2', balance: 100 }, { id: 'p3', balance: 110 }] });
    const blocked = runWith({ latencyMsMin: 10, latencyMsMax: 10 }, [txn(), 15, crash('coordinator'), { type: 'read', reader: 't2' }, 2000]);
    expect(blocked.simulation.reads[0]!.completedMs).toBeNull();
  });
});

describe('determinism and history', () => {
  it('the same seed and commands give the same trace; seeking back and forth shows the same state', () => {
    const script: CommitCommand[] = [txn('t1'), txn('t2')];
    const a = runWith({ seed: 7, latencyMsMin: 5, latencyMsMax: 40 }, [...script, 500]);
    const b = runWith({ seed: 7, latencyMsMin: 5, latencyMsMax: 40 }, [...script, 500]);
    expect(JSON.stringify(a.history.trace.slice())).toBe(JSON.stringify(b.history.trace.slice()));
    const at200 = (() => {
      a.history.seek(200);
      return JSON.stringify(commitFrame(a).participants);
    })();
    a.history.seek(500);
    a.history.seek(200);
    expect(JSON.stringify(commitFrame(a).participants)).toBe(at200);
  });
});
