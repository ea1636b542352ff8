// Random fault schedules (crashes, restarts, partitions, loss, client writes) drawn from a seed,
// for property tests and, later, chaos mode. Pure: the same seed gives the same schedule.

import { Prng } from '../../prng.ts';
import type { RaftCommand } from './commands.ts';
import { nodeIdOf, type NodeId } from './types.ts';

export interface ScheduledCommand {
  readonly atMs: number;
  readonly command: RaftCommand;
}

export interface FaultScheduleOptions {
  readonly nodeCount: number;
  readonly durationMs: number;
  /** Mean gap between two faults. */
  readonly meanGapMs: number;
}

export function randomFaultSchedule(seed: number, options: FaultScheduleOptions): ScheduledCommand[] {
  const prng = new Prng(seed);
  const ids: NodeId[] = Array.from({ length: options.nodeCount }, (_, index) => nodeIdOf(index));
  const pick = () => ids[prng.intBetween(0, ids.length - 1)]!;
  const schedule: ScheduledCommand[] = [];
  let requestNumber = 0;
  for (let atMs = prng.intBetween(0, options.meanGapMs * 2); atMs < options.durationMs; atMs += prng.intBetween(1, options.meanGapMs * 2)) {
    const roll = prng.intBetween(0, 99);
    let command: RaftCommand;
    if (roll < 30) command = { type: 'request', value: `w${++requestNumber}` };
    else if (roll < 40) command = { type: 'request', value: `w${++requestNumber}`, via: pick() };
    else if (roll < 52) command = { type: 'crash', node: pick() };
    else if (roll < 66) command = { type: 'restart', node: pick() };
    else if (roll < 74) command = { type: 'partition', groups: randomGroups(prng, ids) };
    else if (roll < 80) command = { type: 'isolate', node: pick() };
    else if (roll < 88) command = { type: 'heal' };
    else if (roll < 93) command = { type: 'timeout', node: pick() };
    else if (roll < 97) command = { type: 'cut', from: pick(), to: pick(), bothWays: prng.chance({ numerator: 1, denominator: 2 }) };
    else command = { type: 'configure', timing: { lossPercent: prng.intBetween(0, 30), duplicationPercent: prng.intBetween(0, 10) } };
    schedule.push({ atMs, command });
  }
  return schedule;
}

function randomGroups(prng: Prng, ids: readonly NodeId[]): NodeId[][] {
  const groupCount = prng.intBetween(2, Math.min(3, ids.length));
  const groups: NodeId[][] = Array.from({ length: groupCount }, () => []);
  for (const id of ids) groups[prng.intBetween(0, groupCount - 1)]!.push(id);
  return groups.filter((group) => group.length > 0);
}
