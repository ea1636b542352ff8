// Seeded pseudo-random generator (sfc32 seeded through splitmix32): the kernel's only source of randomness.

export type PrngState = readonly [number, number, number, number];

/** Integer probability: `numerator` chances out of `denominator` (e.g. 5/100 for 5 %). */
export interface Ratio {
  numerator: number;
  denominator: number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const next = splitmix32(seed);
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // Discard the first outputs: sfc32 mixes poorly right after seeding.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  static fromState(state: PrngState): Prng {
    const prng = new Prng(0);
    prng.setState(state);
    return prng;
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform integer in [min, max], both inclusive. */
  intBetween(min: number, max: number): number {
    if (max < min) throw new RangeError(`intBetween: max ${max} < min ${min}`);
    const span = max - min + 1;
    // Rejection sampling keeps the distribution exactly uniform.
    const limit = Math.floor(0x100000000 / span) * span;
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return min + (value % span);
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** True with probability numerator/denominator; draws exactly one number either way. */
  chance(ratio: Ratio): boolean {
    return this.intBetween(0, ratio.denominator - 1) < ratio.numerator;
  }

  getState(): PrngState {
    return [this.a, this.b, this.c, this.d];
  }

  setState(state: PrngState): void {
    [this.a, this.b, this.c, this.d] = state;
  }
}
