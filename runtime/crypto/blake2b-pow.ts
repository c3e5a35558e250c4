/**
 * BLAKE2b (RFC 7693) specialised for Nano proof of work: unkeyed, 8-byte digest, one
 * 40-byte input (nonce ‖ root), so exactly one compression of one final block. It works on
 * 32-bit halves of the 64-bit words in locals and allocates nothing per hash: about 3× the
 * hash rate of the general-purpose @noble/hashes blake2b, which the tests check it against.
 */

// BLAKE2b IV as (low, high) 32-bit halves.
// prettier-ignore
const IV = Uint32Array.from([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);
// Message schedule; rounds 10 and 11 repeat rounds 0 and 1.
// prettier-ignore
const SIGMA = Uint8Array.from([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4, 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
  9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13, 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
  12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11, 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
  6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5, 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
]);
/** Parameter block word 0 for an unkeyed 8-byte digest: depth 1, fanout 1, digest length 8. */
const H0_LO = (IV[0]! ^ 0x01010008) >>> 0;
const INPUT_BYTES = 40;

const v = new Uint32Array(32);
const m = new Uint32Array(32);

/**
 * The G mixing function on v[a], v[b], v[c], v[d] with message words m[x], m[y], all 64-bit
 * values held as 32-bit halves in locals (one load and one store per word per call).
 */
function g(a: number, b: number, c: number, d: number, x: number, y: number): void {
  let al = v[2 * a]!, ah = v[2 * a + 1]!, bl = v[2 * b]!, bh = v[2 * b + 1]!; // prettier-ignore
  let cl = v[2 * c]!, ch = v[2 * c + 1]!, dl = v[2 * d]!, dh = v[2 * d + 1]!; // prettier-ignore
  let t = 0;
  // a = a + b + m[x]
  t = al + bl;
  ah = (ah + bh + ((t / 0x100000000) | 0)) | 0;
  al = t >>> 0;
  t = al + m[2 * x]!;
  ah = (ah + m[2 * x + 1]! + ((t / 0x100000000) | 0)) | 0;
  al = t >>> 0;
  // d = rotr64(d ^ a, 32)
  t = dl ^ al;
  dl = dh ^ ah;
  dh = t;
  // c = c + d
  t = cl + (dl >>> 0);
  ch = (ch + dh + ((t / 0x100000000) | 0)) | 0;
  cl = t >>> 0;
  // b = rotr64(b ^ c, 24)
  bl ^= cl;
  bh ^= ch;
  t = (bl >>> 24) | (bh << 8);
  bh = (bh >>> 24) | (bl << 8);
  bl = t >>> 0;
  // a = a + b + m[y]
  t = al + bl;
  ah = (ah + bh + ((t / 0x100000000) | 0)) | 0;
  al = t >>> 0;
  t = al + m[2 * y]!;
  ah = (ah + m[2 * y + 1]! + ((t / 0x100000000) | 0)) | 0;
  al = t >>> 0;
  // d = rotr64(d ^ a, 16)
  dl ^= al;
  dh ^= ah;
  t = (dl >>> 16) | (dh << 16);
  dh = (dh >>> 16) | (dl << 16);
  dl = t >>> 0;
  // c = c + d
  t = cl + dl;
  ch = (ch + dh + ((t / 0x100000000) | 0)) | 0;
  cl = t >>> 0;
  // b = rotr64(b ^ c, 63) = rotl64(b ^ c, 1)
  bl ^= cl;
  bh ^= ch;
  t = (bl << 1) | (bh >>> 31);
  bh = (bh << 1) | (bl >>> 31);
  bl = t;
  v[2 * a] = al;
  v[2 * a + 1] = ah;
  v[2 * b] = bl;
  v[2 * b + 1] = bh;
  v[2 * c] = cl;
  v[2 * c + 1] = ch;
  v[2 * d] = dl;
  v[2 * d + 1] = dh;
}

/**
 * Writes the PoW difficulty of (nonce, root) into `out` as [low, high] 32-bit halves.
 * `rootWords` is the 32-byte root read as eight little-endian u32 words.
 */
export function powHash(nonceLo: number, nonceHi: number, rootWords: Uint32Array, out: Uint32Array): void {
  m.fill(0);
  m[0] = nonceLo;
  m[1] = nonceHi;
  m.set(rootWords, 2);
  v[0] = H0_LO;
  v[1] = IV[1]!;
  for (let i = 2; i < 16; i++) v[i] = IV[i]!;
  v.set(IV, 16);
  v[24] = v[24]! ^ INPUT_BYTES; // t (bytes compressed so far), low word of v12
  v[28] = ~v[28]!; // final block: v14 = ~v14
  v[29] = ~v[29]!;
  for (let r = 0; r < 12; r++) {
    const s = r * 16;
    g(0, 4, 8, 12, SIGMA[s]!, SIGMA[s + 1]!);
    g(1, 5, 9, 13, SIGMA[s + 2]!, SIGMA[s + 3]!);
    g(2, 6, 10, 14, SIGMA[s + 4]!, SIGMA[s + 5]!);
    g(3, 7, 11, 15, SIGMA[s + 6]!, SIGMA[s + 7]!);
    g(0, 5, 10, 15, SIGMA[s + 8]!, SIGMA[s + 9]!);
    g(1, 6, 11, 12, SIGMA[s + 10]!, SIGMA[s + 11]!);
    g(2, 7, 8, 13, SIGMA[s + 12]!, SIGMA[s + 13]!);
    g(3, 4, 9, 14, SIGMA[s + 14]!, SIGMA[s + 15]!);
  }
  // h0' = h0 ^ v0 ^ v8: the first 8 digest bytes, i.e. the LE u64 difficulty.
  out[0] = H0_LO ^ v[0]! ^ v[16]!;
  out[1] = IV[1]! ^ v[1]! ^ v[17]!;
}

/** The 32-byte root as eight little-endian u32 words, for {@link powHash}. */
export function rootWords(root: Uint8Array): Uint32Array {
  if (root.length !== 32) throw new RangeError(`PoW root must be 32 bytes, got ${root.length}`);
  const view = new DataView(root.buffer, root.byteOffset, 32);
  return Uint32Array.from({ length: 8 }, (_, i) => view.getUint32(4 * i, true));
}
