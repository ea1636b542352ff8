// Replicas over the simulated network: convergence after partitions heal, op-based delivery with
// and without its requirement, the checkers firing on a planted bug, the Raft twin refusing what
// the CRDT allows, and determinism, seek and fork of the run.

import { describe, expect, it } from 'vitest';
import { Prng } from '../../prng.ts';
import { defaultCrdtConfig, type CrdtCommand, type CrdtConfig } from './config.ts';
import { createCrdtRun, crdtFrame, type CrdtRun } from './run.ts';
import { operationFor } from './random.ts';
import type { CrdtTypeName } from './types.ts';

function runWith(overrides: Partial<CrdtConfig>): CrdtRun {
  return createCrdtRun(defaultCrdtConfig(overrides));
}

function act(run: CrdtRun, command: CrdtCommand, thenMs = 0): void {
  run.history.apply(command);
  if (thenMs > 0) run.history.advanceTo(run.history.viewMs + thenMs);
}

const values = (run: CrdtRun) => run.simulation.replicaIds.map((id) => run.simulation.valueOf(id));

describe('state-based anti-entropy over the network', () => {
  it('concurrent increments on a partitioned G-Counter converge after heal and one sync', () => {
    const run = runWith({ type: 'g-counter', replicaCount: 3 });
    act(run, { type: 'partition', groups: [['r1'], ['r2', 'r3']] });
    act(run, { type: 'operation', replica: 'r1', operation: { kind: 'inc', amount: 5 } });
    act(run, { type: 'operation', replica: 'r2', operation: { kind: 'inc', amount: 2 } });
    act(run, { type: 'sync' }, 100);
    expect(values(run)).toEqual([5, 2, 2]);
    expect(run.simulation.converged()).toBe(false);
    act(run, { type: 'heal' });
    act(run, { type: 'sync' }, 100);
    expect(values(run)).toEqual([7, 7, 7]);
    expect(run.simulation.converged()).toBe(true);
    expect(run.simulation.violations).toEqual([]);
  });

  it('under 30 % loss and 30 % duplication, periodic gossip still converges every type', () => {
    for (const type of ['pn-counter', 'or-set', 'rw-set', 'mv-register', 'lww-map', 'sequence'] as CrdtTypeName[]) {
      const run = runWith({ type, replicaCount: 4, lossPercent: 30, duplicationPercent: 30, gossipIntervalMs: 50, seed: 3 });
      const prng = new Prng(11);
      for (let step = 0; step < 40; step++) {
        const replica = `r${prng.intBetween(1, 4)}`;
        act(run, { type: 'operation', replica, operation: operationFor(type, prng.intBetween(0, 1023), run.simulation.valueOf(replica)) }, prng.intBetween(0, 20));
      }
      run.history.advanceTo(run.history.viewMs + 3000);
      expect(run.simulation.converged(), type).toBe(true);
      expect(run.simulation.violations, type).toEqual([]);
    }
  });

  it('a planted bug (a counter that adds on merge) is caught by the checkers as the run goes', () => {
    const run = runWith({ type: 'g-counter', bug: 'counter-merge-adds' });
    act(run, { type: 'operation', replica: 'r1', operation: { kind: 'inc', amount: 1 } });
    act(run, { type: 'merge', from: 'r1', to: 'r2' }, 50);
    act(run, { type: 'merge', from: 'r1', to: 'r2' }, 50);
    expect(run.simulation.valueOf('r2')).toBe(2);
    expect(run.simulation.violations.map((violation) => violation.law)).toContain('idempotent');
  });
});

describe('§2.4 op-based replication and its delivery requirement', () => {
  it('causal, exactly-once delivery converges despite loss, duplication and reordering (merge re-sends the log)', () => {
    for (const type of ['pn-counter', 'or-set', 'sequence'] as CrdtTypeName[]) {
      const run = runWith({ type, sync: 'op', replicaCount: 3, lossPercent: 20, duplicationPercent: 30, latencyMsMin: 1, latencyMsMax: 60, seed: 5 });
      const prng = new Prng(7);
      for (let step = 0; step < 40; step++) {
        const replica = `r${prng.intBetween(1, 3)}`;
        act(run, { type: 'operation', replica, operation: operationFor(type, prng.intBetween(0, 1023), run.simulation.valueOf(replica)) }, prng.intBetween(0, 15));
      }
      act(run, { type: 'sync' }, 200);
      act(run, { type: 'sync' }, 200);
      expect(run.simulation.converged(), type).toBe(true);
      expect(run.simulation.violations, type).toEqual([]);
    }
  });

  it('raw delivery of the op-based counter double-counts duplicates: the convergence checker sees it', () => {
    const run = runWith({ type: 'pn-counter', sync: 'op', delivery: 'raw', replicaCount: 3, duplicationPercent: 50, seed: 2 });
    for (let step = 0; step < 10; step++) act(run, { type: 'operation', replica: 'r1', operation: { kind: 'inc', amount: 1 } }, 30);
    expect(run.simulation.valueOf('r1')).toBe(10);
    expect([run.simulation.valueOf('r2'), run.simulation.valueOf('r3')].some((value) => (value as number) > 10)).toBe(true);
    expect(run.simulation.violations.map((violation) => violation.law)).toContain('convergence');
  });
});

describe('"when not to": a bank balance', () => {
  it('the PN-Counter goes negative although each replica checked; Raft refuses the second withdrawal and the minority cannot answer', () => {
    const run = runWith({ type: 'pn-counter', replicaCount: 3, raft: true, seed: 1 });
    run.history.advanceTo(1000); // elect a leader
    const leader = run.simulation.bank!.leader()!.id;
    act(run, { type: 'operation', replica: leader, operation: { kind: 'inc', amount: 100 } }, 100);
    act(run, { type: 'sync' }, 100);
    const minority = run.simulation.replicaIds.find((id) => id !== leader)!;
    const majority = run.simulation.replicaIds.filter((id) => id !== minority);
    act(run, { type: 'partition', groups: [[minority], majority] });
    act(run, { type: 'operation', replica: leader, operation: { kind: 'withdraw', amount: 70 } }, 400);
    act(run, { type: 'operation', replica: minority, operation: { kind: 'withdraw', amount: 70 } }, 400);
    act(run, { type: 'heal' });
    act(run, { type: 'sync' }, 100);
    expect(values(run)).toEqual([-40, -40, -40]);
    const operations = run.simulation.bank!.operations;
    expect(operations.map((operation) => operation.status)).toEqual(['ok', 'ok', 'unavailable']);
    // After heal (and a moment to hear the leader), the same withdrawal at the old minority reaches the leader and is refused.
    run.history.advanceTo(run.history.viewMs + 500);
    act(run, { type: 'operation', replica: minority, operation: { kind: 'withdraw', amount: 70 } }, 400);
    expect(run.simulation.bank!.operations.at(-1)).toMatchObject({ status: 'refused', balanceAfter: 30 });
    expect(crdtFrame(run).bank?.balances.map((entry) => entry.balance)).toEqual([30, 30, 30]);
  });
});

describe('determinism, seek and fork', () => {
  const script = (run: CrdtRun) => {
    const prng = new Prng(99);
    for (let step = 0; step < 30; step++) {
      const replica = `r${prng.intBetween(1, 4)}`;
      if (step === 10) act(run, { type: 'partition', groups: [['r1', 'r2'], ['r3', 'r4']] });
      if (step === 20) act(run, { type: 'heal' });
      act(run, { type: 'operation', replica, operation: operationFor('or-set', prng.intBetween(0, 1023), run.simulation.valueOf(replica)) }, prng.intBetween(0, 40));
    }
    run.history.advanceTo(run.history.viewMs + 1000);
  };
  const config = { type: 'or-set' as const, replicaCount: 4, lossPercent: 10, duplicationPercent: 10, gossipIntervalMs: 40, seed: 8 };

  it('same seed and same commands give the same trace, byte for byte', () => {
    const first = runWith(config);
    const second = runWith(config);
    script(first);
    script(second);
    expect(first.history.trace.length).toBeGreaterThan(100);
    expect(JSON.stringify(first.history.trace.slice())).toBe(JSON.stringify(second.history.trace.slice()));
  });

  it('seeking back shows the past again; acting there forks the run', () => {
    const run = runWith(config);
    script(run);
    const headValues = values(run);
    const middleMs = Math.floor(run.history.headMs / 2);
    const reference = runWith(config);
    script(reference);
    reference.history.seek(middleMs);
    run.history.seek(middleMs);
    expect(values(run)).toEqual(values(reference));
    run.history.seek(run.history.headMs);
    expect(values(run)).toEqual(headValues);
    run.history.seek(middleMs);
    act(run, { type: 'operation', replica: 'r1', operation: { kind: 'add', element: 'forked' } });
    expect(run.history.headMs).toBe(middleMs);
    expect(run.simulation.valueOf('r1')).toContain('forked');
  });
});
