// Postgres vs etcd on the same faults: one steady write workload and one fault (kill or isolate the
// primary/leader at a random moment) run on async and sync streaming replication with managed failover
// and on a 3-node Raft store (the quorum lab's consensus mode, reused read-only), with one table of measures.

import { Prng } from '../../prng.ts';
import { createQuorumRun, type QuorumOperation, type LoggedOperation } from '../quorum/index.ts';
import { defaultQuorumConfig } from '../quorum/config.ts';
import { findLostWrites, percentile, recoveryTimeMs, unavailabilityWindows } from './checkers.ts';
import { createReplicationRun } from './run.ts';
import { defaultReplicationConfig, type ClientOperation, type ReplicationConfig } from './types.ts';

export type CompareSystem = 'async+managed' | 'sync+managed' | 'raft-3';
export const COMPARE_SYSTEMS: readonly CompareSystem[] = ['async+managed', 'sync+managed', 'raft-3'];
export type CompareFault = 'kill' | 'isolate';

export interface CompareSetup {
  readonly runMs: number;
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
  readonly lost: number;
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
  let value = 0;
  let faulted = false;
  for (let atMs = setup.writeEveryMs; atMs < setup.runMs; atMs += setup.writeEveryMs) {
    if (!faulted && faultAtMs <= atMs) {
      history.advanceTo(faultAtMs);
      const primary = simulation.acceptingPrimaries()[0] ?? 'n1';
      history.apply(fault === 'kill' ? { type: 'crash', node: primary } : { type: 'isolate', node: primary });
      faulted = true;
    }
    history.advanceTo(atMs);
    // libpq's read-write session: the first node that says it is a primary.
    const node = simulation.nodeIds.find((id) => simulation.isAlive(id) && simulation.role(id) === 'primary') ?? simulation.nodeIds.find((id) => simulation.isAlive(id)) ?? 'n1';
    value += 1;
    history.apply({ type: 'write', node, key: 'k', value });
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
  for (let atMs = setup.writeEveryMs; atMs < setup.runMs; atMs += setup.writeEveryMs) {
    if (!faulted && faultAtMs <= atMs) {
      history.advanceTo(faultAtMs);
      const leader = simulation.currentLeader()?.id ?? 'r1';
      history.apply(fault === 'kill' ? { type: 'crash', node: leader } : { type: 'isolate', node: leader });
      faulted = true;
    }
    history.advanceTo(atMs);
    value += 1;
    // Clients spread over the replicas (etcd's client balancer); followers forward to the leader.
    const alive = simulation.replicaIds.filter((id) => simulation.isAlive(id) && simulation.network.groupIndexOf(id) === simulation.network.groupIndexOf(`c${(client % 5) + 1}`));
    const via = alive[value % Math.max(1, alive.length)] ?? 'r1';
    history.apply({ type: 'operation', request: { client: `c${(client % 5) + 1}`, kind: 'write', key: 'k', value, via } });
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
    lost: lost.size,
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
    unavailableP50Ms: percentile(unavailable, 50),
    unavailableP99Ms: percentile(unavailable, 99),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
  };
}
