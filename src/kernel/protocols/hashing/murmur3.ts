// MurmurHash3 x86_32 (Austin Appleby, public domain), by hand: the lab's one hash for node tokens and keys.

const c1 = 0xcc9e2d51;
const c2 = 0x1b873593;

/** The name the UI shows next to every figure that depends on the hash. */
export const hashFunctionName = 'MurmurHash3 x86_32';

function mixBlock(hash: number, block: number): number {
  let k = Math.imul(block, c1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, c2);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixTail(hash: number, tail: number): number {
  let k = Math.imul(tail, c1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, c2);
  return hash ^ k;
}

/** The finaliser: forces every input bit to affect every output bit. */
export function fmix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 x86_32 of the first `length` bytes, as an unsigned 32-bit integer. */
export function murmur3Bytes(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  let h = seed | 0;
  const blockEnd = length & ~3;
  for (let i = 0; i < blockEnd; i += 4) {
    // Little-endian blocks, as the reference reads them on x86.
    const block = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h = mixBlock(h, block);
  }
  const tailLength = length & 3;
  if (tailLength > 0) {
    let tail = 0;
    if (tailLength === 3) tail ^= bytes[blockEnd + 2]! << 16;
    if (tailLength >= 2) tail ^= bytes[blockEnd + 1]! << 8;
    tail ^= bytes[blockEnd]!;
    h = mixTail(h, tail);
  }
  return fmix32(h ^ length);
}

// One growing scratch buffer: hashing a million keys must not allocate a million byte arrays.
let scratch = new Uint8Array(256);

/**
 * Encodes `text` as UTF-8 into the scratch buffer and returns the byte count. Written by hand because
 * the kernel's ES2022 lib has no TextEncoder; lone surrogates become U+FFFD, as TextEncoder does.
 */
function encodeUtf8(text: string): number {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      scratch[length++] = code;
      continue;
    }
    if (code < 0x800) {
      scratch[length++] = 0xc0 | (code >>> 6);
      scratch[length++] = 0x80 | (code & 0x3f);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
        scratch[length++] = 0xf0 | (code >>> 18);
        scratch[length++] = 0x80 | ((code >>> 12) & 0x3f);
        scratch[length++] = 0x80 | ((code >>> 6) & 0x3f);
        scratch[length++] = 0x80 | (code & 0x3f);
        continue;
      }
      code = 0xfffd;
    }
    scratch[length++] = 0xe0 | (code >>> 12);
    scratch[length++] = 0x80 | ((code >>> 6) & 0x3f);
    scratch[length++] = 0x80 | (code & 0x3f);
  }
  return length;
}

/** MurmurHash3 x86_32 of the UTF-8 bytes of `text`. */
export function murmur3String(text: string, seed = 0): number {
  const length = encodeUtf8(text);
  return murmur3Bytes(scratch, seed, length);
}

/**
 * MurmurHash3 x86_32 of two 32-bit words laid out little-endian (8 bytes). Rendezvous hashing scores
 * every (node, key) pair, so this allocation-free form keeps N × K scores affordable.
 */
export function murmur3TwoWords(first: number, second: number, seed = 0): number {
  let h = mixBlock(seed | 0, first | 0);
  h = mixBlock(h, second | 0);
  return fmix32(h ^ 8);
}
