import { powHash, rootWords } from "./blake2b-pow.js";

/**
 * Nano-style proof of work (the notification relay's anti-spam stamp). The work for a root
 * is a 64-bit nonce; its difficulty is the little-endian u64 of blake2b with an 8-byte
 * digest over nonce (LE, 8 bytes) ‖ root (32 bytes). Work is valid if difficulty ≥ threshold.
 * The hash is cheap, so both the real and the modelled crypto compute it for real.
 */

/** Nano epoch-2 threshold for send and change blocks: 2^29 expected hashes. */
export const SEND_THRESHOLD = 0xfffffff800000000n;
/** Nano epoch-2 threshold for receive and open blocks: 2^23 expected hashes. */
export const RECEIVE_THRESHOLD = 0xfffffe0000000000n;
/**
 * Nano's single pre-epoch-2 threshold (2^26 expected hashes). The published valid-block
 * vectors were mined against it, so they meet RECEIVE_THRESHOLD but mostly not SEND_THRESHOLD.
 */
export const EPOCH1_THRESHOLD = 0xffffffc000000000n;

const U64_MASK = (1n << 64n) - 1n;
const TWO_64 = 1n << 64n;

/** Difficulty of `nonce` for a 32-byte `root` (a block's previous hash, or the account key for an open block). */
export function powDifficulty(nonce: bigint, root: Uint8Array): bigint {
  const n = nonce & U64_MASK;
  const out = new Uint32Array(2);
  powHash(Number(n & 0xffffffffn), Number(n >> 32n), rootWords(root), out);
  return (BigInt(out[1]!) << 32n) | BigInt(out[0]!);
}

/** True when `difficulty` reaches `threshold` (Nano compares unsigned 64-bit values). */
export function meetsThreshold(difficulty: bigint, threshold: bigint): boolean {
  return difficulty >= threshold;
}

/** Expected number of hashes to find work for `threshold`: 2^64 / (2^64 − threshold). */
export function expectedAttempts(threshold: bigint): number {
  if (threshold < 0n || threshold > U64_MASK) throw new RangeError(`PoW threshold must be a u64, got ${threshold}`);
  return Number(TWO_64) / Number(TWO_64 - threshold);
}

/** The threshold that needs `attempts` hashes on average: handy for tests and scaled-down simulations. */
export function thresholdForAttempts(attempts: number): bigint {
  if (!(attempts >= 1)) throw new RangeError(`expected attempts must be ≥ 1, got ${attempts}`);
  return TWO_64 - TWO_64 / BigInt(Math.round(attempts));
}

/** Outcome of {@link solvePow}: the work found (if any) and how many nonces were hashed. */
export type PowResult =
  | { readonly found: true; readonly nonce: bigint; readonly difficulty: bigint; readonly attempts: number }
  | { readonly found: false; readonly attempts: number };

/**
 * Searches nonces `startNonce, startNonce + 1, …` (wrapping at 2^64) for work meeting
 * `threshold`. Meant for test thresholds and small simulations: the real send threshold
 * needs ~2^29 hashes, ~20 minutes of one core here. Deterministic for a given start nonce.
 * @param maxAttempts - give up after this many hashes. @default 2^32
 */
export function solvePow(root: Uint8Array, threshold: bigint, startNonce = 0n, maxAttempts = 2 ** 32): PowResult {
  if (threshold < 0n || threshold > U64_MASK) throw new RangeError(`PoW threshold must be a u64, got ${threshold}`);
  const words = rootWords(root);
  // The hot loop stays in 32-bit halves: no BigInt or allocation per attempt.
  const tHi = Number((threshold >> 32n) & 0xffffffffn);
  const tLo = Number(threshold & 0xffffffffn);
  const start = startNonce & U64_MASK;
  let lo = Number(start & 0xffffffffn);
  let hi = Number(start >> 32n);
  const out = new Uint32Array(2);
  for (let attempts = 1; attempts <= maxAttempts; attempts++) {
    powHash(lo, hi, words, out);
    if (out[1]! > tHi || (out[1] === tHi && out[0]! >= tLo)) {
      const nonce = (BigInt(hi) << 32n) | BigInt(lo);
      return { found: true, nonce, difficulty: (BigInt(out[1]!) << 32n) | BigInt(out[0]!), attempts };
    }
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
  return { found: false, attempts: maxAttempts };
}
