import { hexToBytes } from "@noble/hashes/utils.js";
import { toString } from "uint8arrays";
import {
  constants,
  difficultyOf,
  findWork,
  notificationHash,
  seal,
  withWork,
  type Notification,
} from "../../actors/notify/index.js";
import type { Rng } from "../../runtime/rng.js";

const bytes = (rng: Rng, n: number): Uint8Array => Uint8Array.from({ length: n }, () => rng.int(256));
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** A sealed payment notification for `recipient` with a random tx hash and amount, without work yet. */
export function sealed(
  rng: Rng,
  recipient: string,
  timestamp: number,
): { n: Notification; body: { txHash: string; amountRaw: string } } {
  const body = { txHash: hex(bytes(rng, 32)), amountRaw: String(1 + rng.int(1_000_000)) + "000000000000000000000000" };
  const n = seal({ recipient, body, timestamp, ephemeral: bytes(rng, 32), nonce: bytes(rng, 24) });
  return { n, body };
}

/**
 * A spammer's notification: random bytes where the sealed payload would be (a relay cannot
 * tell them apart, and a spammer does not encrypt), so the simulation spends no X25519 on it.
 */
export function junk(rng: Rng, recipient: string, timestamp: number): Notification {
  const payload = toString(bytes(rng, 32 + 24 + 96), "base64");
  const base = { version: constants.VERSION, timestamp, ttl: constants.TTL_MS, recipient, payload };
  return { ...base, hash: notificationHash(base), work: "0000000000000000" };
}

/** `n` with work meeting `threshold`, searched from a random start (a real sender's cost, paid here). */
export function stamp(rng: Rng, n: Notification, threshold: bigint): Notification {
  const start = BigInt(`0x${rng.hex64()}`);
  return withWork(n, findWork(hexToBytes(n.hash), threshold, start)!.nonce);
}

/** `n` with work that reaches `floor` but misses `threshold` ("too little work"). */
export function underStamp(rng: Rng, n: Notification, floor: bigint, threshold: bigint): Notification {
  let start = BigInt(`0x${rng.hex64()}`);
  for (;;) {
    const w = findWork(hexToBytes(n.hash), floor, start)!;
    const stamped = withWork(n, w.nonce);
    if (!meets(stamped, threshold)) return stamped;
    start = w.nonce + 1n;
  }
}

/** `n` with a nonce that misses `threshold` (a sender that did no work: the first nonce that fails). */
export function noWork(n: Notification, threshold: bigint): Notification {
  for (let w = 0n; ; w++) {
    const stamped = withWork(n, w);
    if (!meets(stamped, threshold)) return stamped;
  }
}

const meets = (n: Notification, threshold: bigint): boolean => difficultyOf(n) >= threshold;
