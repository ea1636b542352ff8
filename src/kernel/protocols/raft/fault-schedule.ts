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

/** How often chaos mode considers a fault; each window draws its faults from its own seed. */
export const CHAOS_WINDOW_MS = 100;

/**
 * Chaos mode (a Jepsen-style nemesis): the faults due in [fromMs, toMs). Each window of
 * CHAOS_WINDOW_MS is drawn from (seed, window number) alone, so the faults do not depend on how
 * the caller slices time, and scrubbing back and playing again meets the same faults.
 * `intensityPercent` is the chance that a window brings a fault.
 */
export function chaosCommandsBetween(seed: number, intensityPercent: number, nodeCount: number, fromMs: number, toMs: number): ScheduledCommand[] {
  const ids: NodeId[] = Array.from({ length: nodeCount }, (_, index) => nodeIdOf(index));
  const commands: ScheduledCommand[] = [];
  for (let window = Math.floor(fromMs / CHAOS_WINDOW_MS); window * CHAOS_WINDOW_MS < toMs; window++) {
    const prng = new Prng((Math.imul(seed ^ 0x6a09e667, 0x9e3779b1) + Math.imul(window, 0x85ebca6b)) >>> 0);
    if (!prng.chance({ numerator: Math.max(0, Math.min(100, Math.round(intensityPercent))), denominator: 100 })) continue;
    const atMs = window * CHAOS_WINDOW_MS + prng.intBetween(0, CHAOS_WINDOW_MS - 1);
    if (atMs < fromMs || atMs >= toMs) continue;
    const pick = () => ids[prng.intBetween(0, ids.length - 1)]!;
    const roll = prng.intBetween(0, 99);
    let command: RaftCommand;
    // Repairs are as likely as faults, so the cluster keeps coming back to life.
    if (roll < 20) command = { type: 'crash', node: pick() };
    else if (roll < 40) command = { type: 'restart', node: pick() };
    else if (roll < 52) command = { type: 'partition', groups: randomGroups(prng, ids) };
    else if (roll < 60) command = { type: 'isolate', node: pick() };
    else if (roll < 80) command = { type: 'heal' };
    else if (roll < 90) command = { type: 'configure', timing: { lossPercent: prng.intBetween(0, 25) } };
    else command = { type: 'request', value: `chaos-${window}` };
    commands.push({ atMs, command });
  }
  return commands;
}
