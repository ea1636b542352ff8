// The seeded generator: same seed same sequence, uniform enough, exact ratios, restorable state.

import { describe, expect, it } from 'vitest';
import { Prng } from './prng.ts';

describe('Prng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const take = (seed: number) => Array.from({ length: 20 }, (() => { const prng = new Prng(seed); return () => prng.nextUint32(); })());
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  it('intBetween stays in range and hits every value about equally often', () => {
    const prng = new Prng(1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) {
      const value = prng.intBetween(0, 9);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('chance honours the ratio and draws one number either way', () => {
    const prng = new Prng(2);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (prng.chance({ numerator: 3, denominator: 10 })) hits++;
    expect(Math.abs(hits - 30_000)).toBeLessThan(1000);
    expect(new Prng(3).chance({ numerator: 0, denominator: 100 })).toBe(false);
    expect(new Prng(3).chance({ numerator: 100, denominator: 100 })).toBe(true);
  });

  it('continues identically after its state is saved and restored', () => {
    const prng = new Prng(4);
    prng.nextUint32();
    const copy = Prng.fromState(prng.getState());
    expect(Array.from({ length: 5 }, () => copy.nextUint32())).toEqual(Array.from({ length: 5 }, () => prng.nextUint32()));
  });
});
