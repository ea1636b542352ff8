// The shared network nemesis: deterministic per window, independent of how time is sliced, and its intensity means what it says.
import { describe, expect, it } from 'vitest';
import { networkNemesis, NEMESIS_WINDOW_MS } from './nemesis.ts';

const ids = ['n1', 'n2', 'n3'];

function all(seed: number, intensity: number, untilMs: number, sliceMs: number) {
  const faults = [];
  let fromMs = 0;
  while (fromMs < untilMs) {
    const toMs = Math.min(untilMs, fromMs + sliceMs);
    const fault = networkNemesis(seed, intensity, ids, fromMs, toMs);
    if (fault) {
      faults.push(fault);
      fromMs = fault.atMs + 1;
    } else fromMs = toMs;
  }
  return faults;
}

describe('networkNemesis', () => {
  it('gives the same faults however the caller slices time', () => {
    expect(all(9, 40, 20_000, 7)).toEqual(all(9, 40, 20_000, 5_000));
  });
  it('0% brings nothing; 100% brings one fault per window', () => {
    expect(all(3, 0, 10_000, 1000)).toEqual([]);
    expect(all(3, 100, 10_000, 1000)).toHaveLength(10_000 / NEMESIS_WINDOW_MS);
  });
  it('only network words, naming nodes of the cluster', () => {
    for (const { command } of all(5, 60, 30_000, 1000)) {
      expect(['crash', 'restart', 'partition', 'isolate', 'heal']).toContain(command.type);
      if ('node' in command) expect(ids).toContain(command.node);
    }
  });
});
