// Chaos mode's fault source for any lab whose commands include the shared network words (the kit
// engine's `nemesis`): random crashes, restarts, partitions, isolations and heals, drawn per window
// of virtual time from (seed, window number) alone, so the faults do not depend on how the caller
// slices time and scrubbing back and playing again meets the same ones. The Raft lab has its own
// (it adds message loss and client writes); this one is for labs that have only the network words.

import { Prng } from '../prng.ts';
import type { NetworkCommand } from './commands.ts';

/** How often chaos considers a fault; `intensityPercent` is the chance that a window brings one. */
export const NEMESIS_WINDOW_MS = 100;

export interface NemesisFault {
  readonly atMs: number;
  readonly command: NetworkCommand;
}

/** The first fault due in [fromMs, toMs), or undefined. Repairs are as likely as faults, so a cluster keeps coming back. */
export function networkNemesis(seed: number, intensityPercent: number, ids: readonly string[], fromMs: number, toMs: number): NemesisFault | undefined {
  const chance = { numerator: Math.max(0, Math.min(100, Math.round(intensityPercent))), denominator: 100 };
  for (let window = Math.floor(fromMs / NEMESIS_WINDOW_MS); window * NEMESIS_WINDOW_MS < toMs; window++) {
    const prng = new Prng((Math.imul(seed ^ 0x510e527f, 0x9e3779b1) + Math.imul(window, 0x85ebca6b)) >>> 0);
    if (!prng.chance(chance)) continue;
    const atMs = window * NEMESIS_WINDOW_MS + prng.intBetween(0, NEMESIS_WINDOW_MS - 1);
    if (atMs < fromMs || atMs >= toMs) continue;
    const pick = () => ids[prng.intBetween(0, ids.length - 1)]!;
    const roll = prng.intBetween(0, 99);
    if (roll < 20) return { atMs, command: { type: 'crash', node: pick() } };
    if (roll < 45) return { atMs, command: { type: 'restart', node: pick() } };
    if (roll < 60 && ids.length > 1) {
      const groups: string[][] = [[], []];
      for (const id of ids) groups[prng.intBetween(0, 1)]!.push(id);
      return { atMs, command: { type: 'partition', groups: groups.filter((group) => group.length > 0) } };
    }
    if (roll < 72) return { atMs, command: { type: 'isolate', node: pick() } };
    return { atMs, command: { type: 'heal' } };
  }
  return undefined;
}
