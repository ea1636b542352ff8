// Postgres vs etcd on the same faults: one steady client workload (a write, then a read, of one key) and
// one fault (kill or isolate the primary/leader, or cut a standby/follower off: a minority partition) at a
// random moment, run on async and sync streaming replication with managed failover and on a 3-node Raft
// store (the quorum lab's consensus mode, reused read-only), with one table of measures and the
// linearizability checker's verdict on each trial's client history.

import { Prng } from '../../prng.ts';
import { createQuorumRun, type QuorumOperation, type LoggedOperation } from '../quorum/index.ts';
import { defaultQuorumConfig } from '../quorum/config.ts';
import { checkClientHistory, findLostWrites, percentile, recoveryTimeMs, unavailabilityWindows } from './checkers.ts';
import { createReplicationRun } from './run.ts';
import { defaultReplicationConfig, type ClientOperation, type ReplicationConfig } from './types.ts';

export type CompareSystem = 'async+managed' | 'sync+managed' | 'raft-3';
export const COMPARE_SYSTEMS: readonly CompareSystem[] = ['async+managed', 'sync+managed', 'raft-3'];
/**
 * `kill`: the primary/leader crashes. `isolate`: it is cut off from the other nodes (its clients still
 * reach it). `minority`: one standby/follower is cut off — the synchronous standby under Postgres sync,
 * a follower under Raft — a minority partition that does not hold the primary.
 */
export type CompareFault = 'kill' | 'isolate' | 'minority';
export const COMPARE_FAULTS: readonly CompareFault[] = ['kill', 'isolate', 'minority'];

/** The checker gives up after this many steps on one trial's history (a verdict of `unknown`, said so). */
export const COMPARE_CHECK_STEP_BUDGET = 200_000;

export interface CompareSetup {
  readonly runMs: number;
  /** A write every this many ms, and a read of the same key half-way between two writes. */
  readonly writeEveryMs: number;
  /** The fault lands uniformly in [faultFromMs, faultToMs). */
  readonly faultFromMs: number;
  readonly faultToMs: number;
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
}

/** Patroni's and etcd's defaults: ttl 30 s / loop 10 s / retry 10 s; etcd heartbeat 100 ms, election timeout 1000 ms (randomised to 1–2 s). */
export const COMPARE_SETUP: CompareSetup = { runMs: 90_000, writeEveryMs: 200, faultFromMs: 15_000, faultToMs: 25_000, latencyMsMin: 1, latencyMsMax: 3 };

export interface CompareTrial {
  readonly acknowledged: number;
  /** Reads answered (a read is what lets the checker see a lost write). */
  readonly reads: number;
  readonly lost: number;
  /** The linearizability checker's verdict on the client history (writes and reads). */
  readonly linearizable: 'linearizable' | 'not-linearizable' | 'unknown';
  readonly unavailableMs: number;
  readonly latenciesMs: readonly number[];
  readonly faultAtMs: number;
  /** Every write's outcome over time (for the side-by-side timelines). */
  readonly writes: readonly { readonly invokeMs: number; readonly outcome: 'acknowledged' | 'failed' | 'pending' | 'lost' }[];
}

export function postgresConfig(system: Exclude<CompareSystem, 'raft-3'>, setup: CompareSetup, seed: number): ReplicationConfig {
  return defaultReplicationConfig({
    nodeCount: 3,
    seed,
    mode: system === 'sync+managed' ? 'sync' : 'async',
    strict: false,
    failover: 'managed',
    fencing: 'none',
    latencyMsMin: setup.latencyMsMin,
    latencyMsMax: setup.latencyMsMax,
  });
}

/** One trial: writes every `writeEveryMs` through the read-write session, the fault at a seeded random moment. */
export function runCompareTrial(system: CompareSystem, fault: CompareFault, seed: number, setup: CompareSetup = COMPARE_SETUP): CompareTrial {
  const faultAtMs = new Prng(seed).intBetween(setup.faultFromMs, setup.faultToMs - 1);
  return system === 'raft-3' ? raftTrial(fault, seed, faultAtMs, setup) : postgresTrial(system, fault, seed, faultAtMs, setup);
}

function postgresTrial(system: Exclude<CompareSystem, 'raft-3'>, fault: CompareFault, seed: number, faultAtMs: number, setup: CompareSetup): CompareTrial {
  const run = createReplicationRun(postgresConfig(system, setup, seed));
  const { history, simulation } = run;
  // libpq's read-write session: the first node that says it is a primary.
  const sessionNode = () => simulation.nodeIds.find((id) => simulation.isAlive(id) && simulation.role(id) === 'primary');
  let value = 0;
  let faulted = false;
  const half = setup.writeEveryMs / 2;
  for (let tick = 2; tick * half < setup.runMs; tick++) {
    const atMs = tick * half;
    if (!faulted && faultAtMs <= atMs) {
      history.advanceTo(faultAtMs);
      const primary = simulation.acceptingPrimaries()[0] ?? 'n1';
      const standby = simulation.dcs.syncStandby ?? simulation.nodeIds.find((id) => id !== primary) ?? 'n2';
      history.apply(fault === 'kill' ? { type: 'crash', node: primary } : { type: 'isolate', node: fault === 'isolate' ? primary : standby });
      faulted = true;
    }
    history.advanceTo(atMs);
    if (tick % 2 === 0) {
      value += 1;
      history.apply({ type: 'write', node: sessionNode() ?? simulation.nodeIds.find((id) => simulation.isAlive(id)) ?? 'n1', key: 'k', value });
    } else {
      // With no primary the read-write session finds nowhere to read.
      const node = sessionNode();
      if (node) history.apply({ type: 'read', node, key: 'k' });
    }
  }
  history.advanceTo(setup.runMs + 5000);
  const operations = simulation.operations;
  const lost = findLostWrites(operations, { reference: simulation.referenceNode(), holdsWrite: (node, opId) => simulation.holdsWrite(node, opId) });
  return summarize(operations, new Set(lost.map((entry) => entry.operation.id)), simulation.nowMs, faultAtMs);
}

function raftTrial(fault: CompareFault, seed: number, faultAtMs: number, setup: CompareSetup): CompareTrial {
  const config = defaultQuorumConfig({
    replicaCount: 3,
    clientCount: 5,
    mode: 'consensus',
    seed,
    latencyMsMin: setup.latencyMsMin,
    latencyMsMax: setup.latencyMsMax,
    operationTimeoutMs: 1000,
    electionTimeoutMsMin: 1000,
    electionTimeoutMsMax: 2000,
    heartbeatIntervalMs: 100,
  });
  const run = createQuorumRun(config);
  const { history, simulation } = run;
  let value = 0;
  let faulted = false;
  let client = 0;
  const half = setup.writeEveryMs / 2;
  for (let tick = 2; tick * half < setup.runMs; tick++) {
    const atMs = tick * half;
    if (!faulted && faultAtMs <= atMs) {
      history.advanceTo(faultAtMs);
      const leader = simulation.currentLeader()?.id ?? 'r1';
      const follower = simulation.replicaIds.find((id) => id !== leader) ?? 'r2';
      history.apply(fault === 'kill' ? { type: 'crash', node: leader } : { type: 'isolate', node: fault === 'isolate' ? leader : follower });
      faulted = true;
    }
    history.advanceTo(atMs);
    // Clients spread over the replicas (etcd's client balancer); followers forward to the leader.
    const clientId = `c${(client % 5) + 1}`;
    const alive = simulation.replicaIds.filter((id) => simulation.isAlive(id) && simulation.network.groupIndexOf(id) === simulation.network.groupIndexOf(clientId));
    const via = alive[client % Math.max(1, alive.length)] ?? 'r1';
    if (tick % 2 === 0) {
      value += 1;
      history.apply({ type: 'operation', request: { client: clientId, kind: 'write', key: 'k', value, via } });
    } else {
      history.apply({ type: 'operation', request: { client: clientId, kind: 'read', key: 'k', via } });
    }
    client += 1;
  }
  history.advanceTo(setup.runMs + 5000);
  const operations = simulation.operations.map(asClientOperation);
  const leader = simulation.currentLeader();
  const committed = new Set<number>();
  if (leader) for (const entry of leader.log.slice(0, leader.commitIndex)) committed.add((JSON.parse(entry.value) as LoggedOperation).opId);
  const lost = new Set(leader ? operations.filter((operation) => operation.status === 'acknowledged' && !committed.has(operation.id)).map((operation) => operation.id) : []);
  return summarize(operations, lost, simulation.nowMs, faultAtMs);
}

function asClientOperation(operation: QuorumOperation): ClientOperation {
  return {
    id: operation.id,
    kind: operation.kind,
    key: operation.key,
    value: operation.value ?? null,
    node: operation.coordinator,
    invokeMs: operation.invokeMs ?? 0,
    completeMs: operation.status === 'timeout' ? null : operation.completeMs,
    status: operation.status === 'ok' ? 'acknowledged' : operation.status === 'fail' ? 'failed' : 'pending',
    detail: operation.detail,
    lsn: null,
    timeline: null,
  };
}

function summarize(operations: readonly ClientOperation[], lost: ReadonlySet<number>, nowMs: number, faultAtMs: number): CompareTrial {
  const writes = operations.filter((operation) => operation.kind === 'write');
  const latenciesMs = writes.filter((operation) => operation.status === 'acknowledged').map((operation) => operation.completeMs! - operation.invokeMs);
  return {
    acknowledged: latenciesMs.length,
    reads: operations.filter((operation) => operation.kind === 'read' && operation.status === 'acknowledged').length,
    lost: lost.size,
    linearizable: checkClientHistory(operations, { stepBudget: COMPARE_CHECK_STEP_BUDGET }).verdict,
    unavailableMs: recoveryTimeMs(unavailabilityWindows(writes), nowMs),
    latenciesMs,
    faultAtMs,
    writes: writes.map((operation) => ({ invokeMs: operation.invokeMs, outcome: lost.has(operation.id) ? 'lost' : operation.status })),
  };
}

export interface CompareSummary {
  readonly system: CompareSystem;
  readonly trials: number;
  readonly acknowledgedMean: number;
  readonly lostMax: number;
  readonly lostMean: number;
  /** Trials whose client history the checker found linearizable / not / could not decide within its budget. */
  readonly linearizableTrials: number;
  readonly notLinearizableTrials: number;
  readonly unknownTrials: number;
  readonly unavailableP50Ms: number | null;
  readonly unavailableP99Ms: number | null;
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
}

export function summarizeCompare(system: CompareSystem, trials: readonly CompareTrial[]): CompareSummary {
  const unavailable = trials.map((trial) => trial.unavailableMs).sort((a, b) => a - b);
  const latencies = trials.flatMap((trial) => trial.latenciesMs).sort((a, b) => a - b);
  const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
  return {
    system,
    trials: trials.length,
    acknowledgedMean: mean(trials.map((trial) => trial.acknowledged)),
    lostMax: Math.max(0, ...trials.map((trial) => trial.lost)),
    lostMean: mean(trials.map((trial) => trial.lost)),
    linearizableTrials: trials.filter((trial) => trial.linearizable === 'linearizable').length,
    notLinearizableTrials: trials.filter((trial) => trial.linearizable === 'not-linearizable').length,
    unknownTrials: trials.filter((trial) => trial.linearizable === 'unknown').length,
    unavailableP50Ms: percentile(unavailable, 50),
    unavailableP99Ms: percentile(unavailable, 99),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
  };
}
