import { hexToBytes } from "@noble/hashes/utils.js";
import { findWork, recipientKeys, seal, withWork, type Notification } from "../../../actors/notify/index.js";
import { createRng, type Rng } from "../../../runtime/rng.js";

/** A low base difficulty for tests: 2^6 expected hashes. */
export const TEST_BASE = "fc00000000000000";

/** A recipient's key pair from a label (deterministic). */
export function recipient(label: string): { secretKey: Uint8Array; publicKey: string } {
  const rng = createRng(`recipient/${label}`);
  return recipientKeys(bytes(rng, 32));
}

export function bytes(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.int(256));
}

/** A sealed notification for `to`, with work meeting `threshold` (hex). */
export function notification(
  to: string,
  opts: { at: number; threshold?: string; ttl?: number; seed?: string; amount?: string },
): Notification {
  const rng = createRng(opts.seed ?? `n/${to}/${opts.at}/${opts.amount ?? ""}`);
  const sealed = seal({
    recipient: to,
    body: {
      txHash: Array.from(bytes(rng, 32), (b) => b.toString(16).padStart(2, "0")).join(""),
      amountRaw: opts.amount ?? "1",
    },
    timestamp: opts.at,
    ...(opts.ttl !== undefined ? { ttl: opts.ttl } : {}),
    ephemeral: bytes(rng, 32),
    nonce: bytes(rng, 24),
  });
  const w = findWork(hexToBytes(sealed.hash), BigInt(`0x${opts.threshold ?? TEST_BASE}`))!;
  return withWork(sealed, w.nonce);
}
