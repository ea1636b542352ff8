// Random client workloads and fault schedules drawn from a seed, for property tests and the bench.
// Pure: the same seed and options give the same schedule.

import { Prng } from '../../prng.ts';
import type { QuorumCommand } from './config.ts';
import type { QuorumRun } from './run.ts';
import { clientIdOf, replicaIdOf, type EndpointId } from './types.ts';

export interface ScheduledCommand {
  readonly atMs: number;
  readonly command: QuorumCommand;
}

export interface WorkloadOptions {
  readonly replicaCount: number;
  readonly clientCount: number;
  readonly durationMs: number;
  readonly keys: readonly string[];
  /** Mean gap between two operations of one client (they queue if the previous is still running). */
  readonly meanOperationGapMs: number;
  /** Mean gap between two faults; 0 for none. */
  readonly meanFaultGapMs: number;
  /** Percent of operations that are writes. */
  readonly writePercent?: number;
  /** Percent of operations sent to a random replica named explicitly (otherwise the client picks). */
  readonly viaPercent?: number;
}

/** Operations use the run's default levels; written values are unique (1, 2, 3, …) so reads can be traced to writes. */
export function randomQuorumSchedule(seed: number, options: WorkloadOptions): ScheduledCommand[] {
  const prng = new Prng(seed);
  const replicas = Array.from({ length: options.replicaCount }, (_, index) => replicaIdOf(index));
  const clients = Array.from({ length: options.clientCount }, (_, index) => clientIdOf(index));
  const pick = <T>(items: readonly T[]): T => items[prng.intBetween(0, items.length - 1)]!;
  const schedule: ScheduledCommand[] = [];
  let nextValue = 1;
  for (const client of clients) {
    for (let atMs = prng.intBetween(0, options.meanOperationGapMs); atMs < options.durationMs; atMs += prng.intBetween(1, options.meanOperationGapMs * 2)) {
      const key = pick(options.keys);
      const via = prng.intBetween(0, 99) < (options.viaPercent ?? 30) ? { via: pick(replicas) } : {};
      const command: QuorumCommand =
        prng.intBetween(0, 99) < (options.writePercent ?? 50)
          ? { type: 'operation', request: { client, kind: 'write', key, value: nextValue++, ...via } }
          : { type: 'operation', request: { client, kind: 'read', key, ...via } };
      schedule.push({ atMs, command });
    }
  }
  if (options.meanFaultGapMs > 0) {
    const endpoints: EndpointId[] = [...replicas, ...clients];
    for (let atMs = prng.intBetween(0, options.meanFaultGapMs * 2); atMs < options.durationMs; atMs += prng.intBetween(1, options.meanFaultGapMs * 2)) {
      const roll = prng.intBetween(0, 99);
      let command: QuorumCommand;
      if (roll < 20) command = { type: 'crash', node: pick(replicas) };
      else if (roll < 40) command = { type: 'restart', node: pick(replicas) };
      else if (roll < 60) command = { type: 'partition', groups: randomGroups(prng, endpoints) };
      else if (roll < 70) command = { type: 'isolate', node: pick(endpoints) };
      else if (roll < 85) command = { type: 'heal' };
      else if (roll < 92) command = { type: 'cut', from: pick(endpoints), to: pick(endpoints), bothWays: prng.chance({ numerator: 1, denominator: 2 }) };
      else command = { type: 'configure', settings: { lossPercent: prng.intBetween(0, 20), duplicationPercent: prng.intBetween(0, 10) } };
      schedule.push({ atMs, command });
    }
  }
  // Stable sort: at equal times, operations (generated first) go before faults.
  return schedule.sort((a, b) => a.atMs - b.atMs);
}

/** Play a schedule into a run, then let everything still in flight finish (one more timeout). */
export function playSchedule(run: QuorumRun, schedule: readonly ScheduledCommand[]): void {
  for (const { atMs, command } of schedule) {
    run.history.advanceTo(atMs);
    run.history.apply(command);
  }
  const lastMs = schedule.at(-1)?.atMs ?? 0;
  run.history.advanceTo(Math.max(run.simulation.nowMs, lastMs) + run.simulation.settings.operationTimeoutMs * 2 + 1);
}

function randomGroups(prng: Prng, endpoints: readonly EndpointId[]): EndpointId[][] {
  const groupCount = prng.intBetween(2, 3);
  const groups: EndpointId[][] = Array.from({ length: groupCount }, () => []);
  for (const endpoint of endpoints) groups[prng.intBetween(0, groupCount - 1)]!.push(endpoint);
  return groups.filter((group) => group.length > 0);
}
