// The quorum lab's largest histories (one simulated minute, closed-loop clients), rebuilt the way `npm run bench -- quorum` makes them, for checker tests and the bench.
import { Prng } from '../../prng.ts';
import { createQuorumRun, defaultQuorumConfig, toCheckerHistory, type QuorumCommand, type QuorumConfig } from '../../protocols/quorum/index.ts';
import type { History } from './history.ts';
import type { RegisterInput, RegisterOutput } from './models.ts';

export interface LabWorkload {
  readonly label: string;
  readonly config: Partial<QuorumConfig>;
  /** A partition of a random replica with a random client every this many ms, healed the next period; 0 for none. */
  readonly partitionEveryMs: number;
}

/** The workloads of src/cli/bench/quorum.ts; the last is the one whose history the checker used to give up on. */
export const labWorkloads: readonly LabWorkload[] = [
  { label: 'consensus, partitions', config: { mode: 'consensus', replicaCount: 5, clientCount: 5 }, partitionEveryMs: 2_000 },
  { label: 'leaderless QUORUM, no faults', config: { mode: 'leaderless', replicaCount: 3, clientCount: 5 }, partitionEveryMs: 0 },
  { label: 'leaderless ONE, partitions', config: { mode: 'leaderless', replicaCount: 3, clientCount: 5, readLevel: 'ONE', writeLevel: 'ONE' }, partitionEveryMs: 2_000 },
];

const keys = ['x', 'y', 'z'];

/**
 * Runs the replicated store for `simulatedMs` with 5 closed-loop clients (the next operation as soon
 * as the last one ends), half reads and half writes of fresh values on keys x, y, z, seed 1, and
 * returns the history the checker reads (timeouts are indeterminate, failures removed).
 */
export function labHistory(workload: LabWorkload, simulatedMs = 60_000): History<RegisterInput, RegisterOutput> {
  const config = defaultQuorumConfig({ seed: 1, ...workload.config });
  const run = createQuorumRun(config);
  const prng = new Prng(config.seed ^ 0xbe4c);
  let value = 0;
  for (let timeMs = 0; timeMs <= simulatedMs; timeMs++) {
    run.history.advanceTo(timeMs);
    if (workload.partitionEveryMs > 0 && timeMs % workload.partitionEveryMs === 0) {
      const command: QuorumCommand =
        (timeMs / workload.partitionEveryMs) % 2 === 1
          ? { type: 'heal' }
          : { type: 'partition', groups: [[run.simulation.replicaIds[prng.intBetween(0, config.replicaCount - 1)]!, run.simulation.clientIds[prng.intBetween(0, config.clientCount - 1)]!]] };
      run.history.apply(command);
    }
    for (const client of run.simulation.clientIds) {
      const session = run.simulation.sessionOf(client);
      if (session.current !== null || session.queued.length > 0) continue;
      const key = keys[prng.intBetween(0, keys.length - 1)]!;
      run.history.apply({
        type: 'operation',
        request: prng.chance({ numerator: 1, denominator: 2 }) ? { client, kind: 'write', key, value: ++value } : { client, kind: 'read', key },
      });
    }
  }
  return toCheckerHistory(run.simulation.operations).history;
}
