// Benchmark section for the quorums lab: the largest history the replicated store produces in one
// minute of simulated time (closed-loop clients), the simulation's speed, and the checker's time on it.

import { performance } from 'node:perf_hooks';
import { Prng } from '../../kernel/prng.ts';
import {
  checkOperations,
  createQuorumRun,
  defaultQuorumConfig,
  findStaleReads,
  type QuorumCommand,
  type QuorumConfig,
} from '../../kernel/protocols/quorum/index.ts';

interface Workload {
  readonly label: string;
  readonly config: Partial<QuorumConfig>;
  /** A partition of a random replica with a random client every this many ms, healed halfway; 0 for none. */
  readonly partitionEveryMs: number;
}

const SIMULATED_MS = 60_000;
const KEYS = ['x', 'y', 'z'];
/** How often idle clients are given their next operation (closed loop: one operation per client at a time). */
const POLL_MS = 1;
/** The checker is exponential in the worst case (many writes in doubt, a violation to prove): bound it. */
const STEP_BUDGET = 2_000_000;

const WORKLOADS: readonly Workload[] = [
  { label: 'consensus, no faults', config: { mode: 'consensus', replicaCount: 5, clientCount: 5 }, partitionEveryMs: 0 },
  { label: 'consensus, partitions', config: { mode: 'consensus', replicaCount: 5, clientCount: 5 }, partitionEveryMs: 2_000 },
  { label: 'leaderless QUORUM, no faults', config: { mode: 'leaderless', replicaCount: 3, clientCount: 5 }, partitionEveryMs: 0 },
  { label: 'leaderless ONE, partitions', config: { mode: 'leaderless', replicaCount: 3, clientCount: 5, readLevel: 'ONE', writeLevel: 'ONE' }, partitionEveryMs: 2_000 },
];

export async function runQuorumBench(log: (line: string) => void): Promise<void> {
  log(
    `Replicated store: ${SIMULATED_MS / 1000} simulated s, 5 closed-loop clients (next operation as soon as the last one ends), half reads half writes, ` +
      `keys ${KEYS.join(',')}, latency 5-15 ms, timeout 250 ms, seed 1; history recorded; then checkLinearizability (register model) on every operation`,
  );
  for (const workload of WORKLOADS) {
    const config = defaultQuorumConfig({ seed: 1, ...workload.config });
    const run = createQuorumRun(config);
    const prng = new Prng(config.seed ^ 0xbe4c);
    let value = 0;
    const simulationStarted = performance.now();
    for (let t = 0; t <= SIMULATED_MS; t += POLL_MS) {
      run.history.advanceTo(t);
      if (workload.partitionEveryMs > 0 && t % workload.partitionEveryMs === 0) {
        const command: QuorumCommand =
          (t / workload.partitionEveryMs) % 2 === 1
            ? { type: 'heal' }
            : { type: 'partition', groups: [[run.simulation.replicaIds[prng.intBetween(0, config.replicaCount - 1)]!, run.simulation.clientIds[prng.intBetween(0, config.clientCount - 1)]!]] };
        run.history.apply(command);
      }
      for (const client of run.simulation.clientIds) {
        const session = run.simulation.sessionOf(client);
        if (session.current !== null || session.queued.length > 0) continue;
        const key = KEYS[prng.intBetween(0, KEYS.length - 1)]!;
        run.history.apply({
          type: 'operation',
          request: prng.chance({ numerator: 1, denominator: 2 }) ? { client, kind: 'write', key, value: ++value } : { client, kind: 'read', key },
        });
      }
    }
    const simulationMs = performance.now() - simulationStarted;
    const operations = run.simulation.operations;
    const count = (status: string) => operations.filter((operation) => operation.status === status).length;
    const checkStarted = performance.now();
    const result = checkOperations(operations, { stepBudget: STEP_BUDGET });
    const checkMs = performance.now() - checkStarted;
    const staleStarted = performance.now();
    const stale = findStaleReads(operations).length;
    const staleMs = performance.now() - staleStarted;
    log(
      `  ${workload.label.padEnd(30)} ${String(operations.length).padStart(6)} ops (${count('ok')} ok, ${count('fail')} fail, ${count('timeout')} timeout), ` +
        `${run.history.trace.length} trace events; simulation ${(simulationMs / 1000).toFixed(2)} s wall; ` +
        `checker ${result.verdict}${result.verdict === "unknown" ? ` (step budget ${STEP_BUDGET} spent)` : ""} in ${checkMs.toFixed(0)} ms (${result.stepsUsed} steps); stale-read scan ${stale} found in ${staleMs.toFixed(0)} ms`,
    );
  }
}
