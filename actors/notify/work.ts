import { powDifficulty, solvePow } from "../../runtime/crypto/pow.js";

/**
 * The notification relay's view of Nano-style work (`runtime/crypto/pow.ts`): difficulty
 * = LE u64 of blake2b-64(nonce LE 8 B ‖ root 32 B), valid at or above a threshold. The
 * root of a notification's work is its hash.
 */

const TWO_64 = 1n << 64n;

/** Difficulty reached by `nonce` for a 32-byte `root`. */
export const workDifficulty = (nonce: bigint, root: Uint8Array): bigint => powDifficulty(nonce, root);

/** A u64 threshold from 16 hex digits. */
export const parseThreshold = (hex: string): bigint => BigInt(`0x${hex}`);

/** 16 hex digits of a u64 (thresholds, work nonces), as Nano writes them. */
export const u64Hex = (n: bigint): string => n.toString(16).padStart(16, "0");

/**
 * The threshold at load level `level`: each level halves the share of valid nonces, i.e.
 * doubles the expected work: 2^64 − ((2^64 − base) >> level). Exact in integers.
 */
export function thresholdAtLevel(base: bigint, level: number): bigint {
  return TWO_64 - ((TWO_64 - base) >> BigInt(level));
}

/** Expected hashes to meet `threshold`: 2^64 / (2^64 − threshold). */
export const expectedHashes = (threshold: bigint): number => Number(TWO_64) / Number(TWO_64 - threshold);

/**
 * Finds work for `root` at `threshold`, in chunks so a caller can report progress.
 * `onChunk` gets the hashes done so far; return false from it to give up.
 */
export function findWork(
  root: Uint8Array,
  threshold: bigint,
  startNonce = 0n,
  onChunk?: (hashes: number) => boolean | void,
  chunk = 1 << 18,
): { nonce: bigint; hashes: number } | undefined {
  let nonce = startNonce;
  let hashes = 0;
  for (;;) {
    const r = solvePow(root, threshold, nonce, chunk);
    hashes += r.attempts;
    if (r.found) return { nonce: r.nonce, hashes };
    nonce = (nonce + BigInt(chunk)) & (TWO_64 - 1n);
    if (onChunk?.(hashes) === false) return undefined;
  }
}
