// Seeded client workloads and random fault schedules for property tests, the RPO/RTO sweep and the failover experiment.

import { Prng } from '../../prng.ts';
import type { NetworkCommand } from '../../net/commands.ts';
import { createReplicationRun, measure, type ReplicationMeasures, type ReplicationRun } from './run.ts';
import { checkClientHistory } from './checkers.ts';
import type { NodeId, ReplicationConfig } from './types.ts';

/** One planned action: a fault, or a client operation whose node is chosen when it runs. */
export type PlannedAction =
  | { readonly atMs: number; readonly kind: 'fault'; readonly command: NetworkCommand<NodeId, NodeId> }
  | { readonly atMs: number; readonly kind: 'write' | 'read'; readonly key: string };

export interface WorkloadOptions {
  readonly durationMs: number;
  /** A client operation every this many ms (writes, and one read in `readEvery`). */
  readonly operationEveryMs: number;
  readonly readEvery: number;
  /** How many faults (each undone after a while) the schedule holds. */
  readonly faultCount: number;
  /** After the last fault heals: time for failover and catch-up before the run ends. */
  readonly quietMs: number;
}

const KEYS = ['x', 'y', 'z'] as const;

export const DEFAULT_WORKLOAD: WorkloadOptions = { durationMs: 90_000, operationEveryMs: 250, readEvery: 2, faultCount: 2, quietMs: 60_000 };

/**
 * A random schedule: steady client operations over keys x, y and z plus faults (reads every other operation, so a lost write is usually read before it is overwritten: a register history cannot show a lost write that a later write hid) — crash a node and
 * restart it later, isolate one and heal, or split the cluster in two and heal — each lasting
 * 2–40 s. Everything is healed and restarted before the quiet period.
 */
export function randomFaultSchedule(seed: number, config: ReplicationConfig, options: WorkloadOptions = DEFAULT_WORKLOAD): PlannedAction[] {
  const prng = new Prng(seed);
  const nodes = Array.from({ length: config.nodeCount }, (_, index) => `n${index + 1}`);
  const actions: PlannedAction[] = [];
  let count = 0;
  for (let atMs = 500; atMs < options.durationMs + options.quietMs; atMs += options.operationEveryMs) {
    count += 1;
    const key = KEYS[prng.intBetween(0, KEYS.length - 1)]!;
    actions.push({ atMs, kind: count % options.readEvery === 0 ? 'read' : 'write', key });
  }
  for (let fault = 0; fault < options.faultCount; fault++) {
    const startMs = prng.intBetween(1000, options.durationMs - 2000);
    const endMs = Math.min(options.durationMs, startMs + prng.intBetween(2000, 40_000));
    const node = nodes[prng.intBetween(0, nodes.length - 1)]!;
    const kind = prng.intBetween(0, 2);
    if (kind === 0) {
      actions.push({ atMs: startMs, kind: 'fault', command: { type: 'crash', node } });
      actions.push({ atMs: endMs, kind: 'fault', command: { type: 'restart', node } });
    } else if (kind === 1) {
      actions.push({ atMs: startMs, kind: 'fault', command: { type: 'isolate', node } });
      actions.push({ atMs: endMs, kind: 'fault', command: { type: 'heal' } });
    } else {
      const side = nodes.filter(() => prng.chance({ numerator: 1, denominator: 2 }));
      actions.push({ atMs: startMs, kind: 'fault', command: { type: 'partition', groups: [side.length > 0 ? side : [node]] } });
      actions.push({ atMs: endMs, kind: 'fault', command: { type: 'heal' } });
    }
  }
  // The end of the fault period: everything heals and every node is up again.
  actions.push({ atMs: options.durationMs, kind: 'fault', command: { type: 'heal' } });
  for (const node of nodes) actions.push({ atMs: options.durationMs, kind: 'fault', command: { type: 'restart', node } });
  return actions.sort((a, b) => a.atMs - b.atMs);
}

/**
 * Where a client sends an operation: a node that says it is a primary (libpq's
 * target_session_attrs=read-write asks each node), picked at random when there are several —
 * so in a split brain both primaries get writes, as different application servers would send them.
 * With no primary it tries a random live node (and is refused).
 */
export function pickNode(run: ReplicationRun, prng: Prng): NodeId {
  const { simulation } = run;
  const primaries = simulation.nodeIds.filter((id) => simulation.isAlive(id) && simulation.role(id) === 'primary');
  const pool = primaries.length > 0 ? primaries : simulation.nodeIds.filter((id) => simulation.isAlive(id));
  const candidates = pool.length > 0 ? pool : simulation.nodeIds;
  return candidates[prng.intBetween(0, candidates.length - 1)]!;
}

/** Play a schedule on a run; the client's choices draw from their own prng, so the cluster's draws do not shift. */
export function playSchedule(run: ReplicationRun, actions: readonly PlannedAction[], clientSeed: number): void {
  const prng = new Prng(clientSeed);
  let value = 0;
  for (const action of actions) {
    run.history.advanceTo(action.atMs);
    if (action.kind === 'fault') {
      run.history.apply(action.command);
    } else if (action.kind === 'write') {
      value += 1;
      run.history.apply({ type: 'write', node: pickNode(run, prng), key: action.key, value });
    } else {
      // A read-write session (target_session_attrs=read-write) finds no node to read from when none is primary.
      const primaries = run.simulation.nodeIds.filter((id) => run.simulation.isAlive(id) && run.simulation.role(id) === 'primary');
      if (primaries.length > 0) run.history.apply({ type: 'read', node: pickNode(run, prng), key: action.key });
    }
  }
  const last = actions.at(-1)?.atMs ?? 0;
  run.history.advanceTo(last + 5000);
}

export interface TrialResult {
  readonly measures: ReplicationMeasures;
  readonly acknowledged: number;
  readonly linearizable: 'linearizable' | 'not-linearizable' | 'unknown' | null;
}

/** One trial: a fresh run, a random schedule, its measures (and, when asked, the checker's verdict). */
export function runTrial(config: ReplicationConfig, scheduleSeed: number, options: WorkloadOptions = DEFAULT_WORKLOAD, checkLinearizable = false): TrialResult {
  const run = createReplicationRun({ ...config, seed: scheduleSeed });
  playSchedule(run, randomFaultSchedule(scheduleSeed, config, options), scheduleSeed ^ 0x5bd1e995);
  const operations = run.simulation.operations;
  return {
    measures: measure(run.simulation),
    acknowledged: operations.filter((operation) => operation.kind === 'write' && operation.status === 'acknowledged').length,
    linearizable: checkLinearizable ? checkClientHistory(operations, { stepBudget: 2_000_000 }).verdict : null,
  };
}

// ——— The "what does RPO = 0, RTO = 30 s require" sweep ———

export type FailureKind = 'crash' | 'isolate';

export interface FailureTrial {
  readonly failAtMs: number;
  readonly lostWrites: number;
  readonly rpoMs: number;
  /** Longest unavailability; a window still open at the end counts up to the end (no recovery). */
  readonly rtoMs: number;
  readonly recovered: boolean;
  readonly splitBrain: boolean;
}

/** A steady write every 250 ms through the read-write session; the primary fails at a random moment in 10–20 s; 60 s more. */
export const SWEEP_WORKLOAD = { writeEveryMs: 250, failFromMs: 10_000, failToMs: 20_000, afterMs: 60_000 } as const;

/** One trial of the sweep: its own seed (`trial`), so trial k is the same whichever slice runs it. */
export function runFailureTrial(config: ReplicationConfig, trial: number, failure: FailureKind): FailureTrial {
  const run = createReplicationRun({ ...config, seed: (config.seed * 7919 + trial) >>> 0 });
  const { history, simulation } = run;
  const failAtMs = new Prng(trial + 1).intBetween(SWEEP_WORKLOAD.failFromMs, SWEEP_WORKLOAD.failToMs - 1);
  const endMs = failAtMs + SWEEP_WORKLOAD.afterMs;
  let failed = false;
  let value = 0;
  for (let atMs = SWEEP_WORKLOAD.writeEveryMs; atMs < endMs; atMs += SWEEP_WORKLOAD.writeEveryMs) {
    if (!failed && failAtMs <= atMs) {
      history.advanceTo(failAtMs);
      const primary = simulation.acceptingPrimaries()[0] ?? 'n1';
      history.apply(failure === 'crash' ? { type: 'crash', node: primary } : { type: 'isolate', node: primary });
      failed = true;
    }
    history.advanceTo(atMs);
    value += 1;
    const node = simulation.nodeIds.find((id) => simulation.isAlive(id) && simulation.role(id) === 'primary') ?? simulation.nodeIds.find((id) => simulation.isAlive(id)) ?? 'n1';
    history.apply({ type: 'write', node, key: 'k', value });
  }
  history.advanceTo(endMs + 2000);
  const measures = measure(simulation);
  const last = measures.windows.at(-1);
  return { failAtMs, lostWrites: measures.lostWrites, rpoMs: measures.rpoMs, rtoMs: measures.rtoMs, recovered: last === undefined || last.toMs !== null, splitBrain: measures.splitBrain !== null };
}

export interface SweepSummary {
  readonly trials: number;
  readonly zeroLossTrials: number;
  readonly lostMax: number;
  readonly lostMean: number;
  readonly rpoMaxMs: number;
  readonly rtoP50Ms: number | null;
  readonly rtoP99Ms: number | null;
  readonly rtoMaxMs: number | null;
  readonly unrecoveredTrials: number;
  readonly splitBrainTrials: number;
}

export function summarizeSweep(results: readonly FailureTrial[]): SweepSummary {
  const rto = results.map((result) => result.rtoMs).sort((a, b) => a - b);
  const pick = (p: number) => (rto.length === 0 ? null : rto[Math.min(rto.length - 1, Math.max(0, Math.ceil((p / 100) * rto.length) - 1))]!);
  return {
    trials: results.length,
    zeroLossTrials: results.filter((result) => result.lostWrites === 0).length,
    lostMax: Math.max(0, ...results.map((result) => result.lostWrites)),
    lostMean: results.length === 0 ? 0 : results.reduce((sum, result) => sum + result.lostWrites, 0) / results.length,
    rpoMaxMs: Math.max(0, ...results.map((result) => result.rpoMs)),
    rtoP50Ms: pick(50),
    rtoP99Ms: pick(99),
    rtoMaxMs: rto.at(-1) ?? null,
    unrecoveredTrials: results.filter((result) => !result.recovered).length,
    splitBrainTrials: results.filter((result) => result.splitBrain).length,
  };
}
