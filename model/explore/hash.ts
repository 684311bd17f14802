/**
 * The 64-bit fingerprint of an encoding: two 32-bit murmur3-style lanes over `words[0..length)`.
 * As in TLC, two different states collide with probability about n²/2⁶⁵.
 */
export function hashWords(words: Int32Array, length: number, out: { hi: number; lo: number }): void {
  const b = words;
  let h1 = 0x9747b28c ^ length;
  let h2 = 0x2f8e3c1d ^ Math.imul(length, 0x01000193);
  for (let i = 0; i < length; i++) {
    let k = Math.imul(b[i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ b[i] ^ (k >>> 7), 0x85ebca6b);
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = (Math.imul(h2, 9) + 0x1b873593) | 0;
  }
  h1 ^= h2;
  h1 ^= h1 >>> 16; h1 = Math.imul(h1, 0x85ebca6b); h1 ^= h1 >>> 13; h1 = Math.imul(h1, 0xc2b2ae35); h1 ^= h1 >>> 16;
  h2 ^= h1;
  h2 ^= h2 >>> 16; h2 = Math.imul(h2, 0x7feb352d); h2 ^= h2 >>> 15; h2 = Math.imul(h2, 0x846ca68b); h2 ^= h2 >>> 16;
  out.hi = h1 >>> 0;
  out.lo = h2 >>> 0;
}
