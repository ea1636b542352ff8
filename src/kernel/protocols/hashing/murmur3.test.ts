// MurmurHash3 x86_32 against published test vectors, plus the UTF-8 encoder against Node's TextEncoder.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { murmur3Bytes, murmur3String, murmur3TwoWords } from './murmur3.ts';

// Vectors from the SMHasher-derived table by Ian Boyd (Stack Overflow answer 31929528), cross-checked
// against the tables in the Python mmh3 test suite, spaolacci/murmur3-style Go tests and the Wikipedia
// MurmurHash article's examples.
const byteVectors: ReadonlyArray<readonly [number[], number, number]> = [
  [[], 0, 0],
  [[], 1, 0x514e28b7],
  [[], 0xffffffff, 0x81f16f39],
  [[0xff, 0xff, 0xff, 0xff], 0, 0x76293b50],
  [[0x21, 0x43, 0x65, 0x87], 0, 0xf55b516b],
  [[0x21, 0x43, 0x65, 0x87], 0x5082edee, 0x2362f9de],
  [[0x21, 0x43, 0x65], 0, 0x7e4a8634],
  [[0x21, 0x43], 0, 0xa0f7b07a],
  [[0x21], 0, 0x72661cf4],
  [[0, 0, 0, 0], 0, 0x2362f9de],
  [[0, 0, 0], 0, 0x85f0b427],
  [[0, 0], 0, 0x30f4c306],
  [[0], 0, 0x514e28b7],
];

const stringVectors: ReadonlyArray<readonly [string, number, number]> = [
  ['', 0, 0],
  ['', 1, 0x514e28b7],
  ['test', 0, 0xba6bd213],
  ['test', 0x9747b28c, 0x704b81dc],
  ['Hello, world!', 0, 0xc0363e43],
  ['Hello, world!', 0x9747b28c, 0x24884cba],
  ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
  ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ['aaaa', 0x9747b28c, 0x5a97808a],
  ['aaa', 0x9747b28c, 0x283e0130],
  ['aa', 0x9747b28c, 0x5d211726],
  ['a', 0x9747b28c, 0x7fa09ea6],
  ['abcd', 0x9747b28c, 0xf0478627],
  ['abc', 0, 0xb3dd93fa],
  // Two-byte UTF-8 characters: an encoder that hashes UTF-16 code units gets this wrong.
  ['ππππππππ', 0x9747b28c, 0xd58063c1],
  ['a'.repeat(256), 0x9747b28c, 0x37405bdc],
];

describe('MurmurHash3 x86_32', () => {
  it.each(byteVectors)('bytes %j with seed %d', (bytes, seed, expected) => {
    expect(murmur3Bytes(Uint8Array.from(bytes), seed)).toBe(expected);
  });

  it.each(stringVectors)('string %j with seed %d', (text, seed, expected) => {
    expect(murmur3String(text, seed)).toBe(expected);
  });

  it('hashes strings exactly as it hashes their UTF-8 bytes (TextEncoder as the reference)', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.integer({ min: 0, max: 0xffffffff }), (text, seed) => {
        expect(murmur3String(text, seed)).toBe(murmur3Bytes(encoder.encode(text), seed));
      }),
      { numRuns: 1000 },
    );
  });

  it('hashes two words exactly as it hashes their eight little-endian bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (first, second) => {
        const bytes = new Uint8Array(8);
        new DataView(bytes.buffer).setUint32(0, first, true);
        new DataView(bytes.buffer).setUint32(4, second, true);
        expect(murmur3TwoWords(first, second, 7)).toBe(murmur3Bytes(bytes, 7));
      }),
      { numRuns: 1000 },
    );
  });
});
