// The configuration cache against a plain Set of strings: trimmed storage must never merge two different configurations or miss an equal one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationCache } from './search.ts';

describe('ConfigurationCache (trimmed bitsets in chunks)', () => {
  it('answers "seen before" exactly when the reference set has (set, state), over random prefix-shaped and random sets (fast-check)', () => {
    const wordCount = 5;
    const fixedWords = 1;
    // Sets like the search makes (a run of ones, a window, zeros, any unknown-outcome word) and arbitrary ones.
    const word = fc.oneof(fc.constant(0), fc.constant(0xffffffff), fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(1, 0x80000000, 0x7fffffff));
    const configuration = fc.record({ words: fc.array(word, { minLength: wordCount, maxLength: wordCount }), state: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(configuration, { minLength: 1, maxLength: 300 }), (configurations) => {
        const cache = new ConfigurationCache(wordCount, fixedWords);
        const reference = new Set<string>();
        for (const { words, state } of configurations) {
          const set = Uint32Array.from(words);
          // Any hash works for correctness; a weak one (few values) forces the full comparison often.
          const weakHash = set.reduce((hash, value) => hash ^ (value & 3), 0);
          const key = `${state}:${words.join(',')}`;
          const added = cache.insertIfAbsent(set, weakHash, state);
          if (added === reference.has(key)) return false;
          reference.add(key);
        }
        return cache.count === reference.size;
      }),
      { numRuns: 2000, seed: 0xcace },
    );
  });

  it('keeps a handful of words per entry when the set is ones, a window and zeros (the quorum lab case: 88 words a set)', () => {
    const cache = new ConfigurationCache(88, 4);
    const set = new Uint32Array(88);
    for (let index = 4; index < 40; index++) set[index] = 0xffffffff;
    set[40] = 0b1011;
    set[1] = 0b100;
    expect(cache.insertIfAbsent(set, 1, 0)).toBe(true);
    expect(cache.storedWords).toBe(4 + 1);
    expect(cache.insertIfAbsent(set.slice(), 1, 0)).toBe(false);
    set[41] = 1;
    expect(cache.insertIfAbsent(set, 1, 0)).toBe(true);
  });
});
