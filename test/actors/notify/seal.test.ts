import { describe, expect, it } from "vitest";
import {
  address,
  checkNotification,
  notificationHash,
  open,
  parseNotification,
  signNotification,
  type Notification,
} from "../../../actors/notify/index.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { notification, recipient, TEST_BASE } from "./helpers.js";

const alice = recipient("alice");
const bob = recipient("bob");
const relayKey = realCrypto().generateKeyPair("ed25519", new Uint8Array(32).fill(9));
const DAY = 86_400_000;
const opts = { now: 1000, threshold: BigInt(`0x${TEST_BASE}`), maxTtl: 90 * DAY, maxSkew: 600_000, signed: true };

describe("sealing", () => {
  const n = signNotification(notification(alice.publicKey, { at: 1000, amount: "123456789012345678901234567890" }), relayKey); // prettier-ignore

  it("opens for the recipient with the body that was sealed; a notification is about 500 bytes", () => {
    expect(open(n, alice.secretKey)).toEqual({ txHash: expect.stringMatching(/^[0-9a-f]{64}$/), amountRaw: "123456789012345678901234567890" }); // prettier-ignore
    expect(JSON.stringify(n).length).toBeLessThan(800); // the seed estimates ~1 KB
    expect(address(n.hash)).toMatch(/^nr_[a-z2-7]{52}$/);
  });

  it("does not open for another key", () => expect(open(n, bob.secretKey)).toBeUndefined());

  it("passes every relay check as sealed, signed and stamped", () => {
    expect(parseNotification(JSON.parse(JSON.stringify(n)))).toEqual(n);
    expect(checkNotification(n, opts)).toBeUndefined();
  });

  const flip = (text: string, i: number): string => {
    const c = text[i]!;
    return text.slice(0, i) + (c === "A" ? "B" : "A") + text.slice(i + 1);
  };

  it("a tampered payload fails the hash, and with a recomputed hash fails the work or the AEAD", () => {
    const t: Notification = { ...n, payload: flip(n.payload, 80) };
    expect(checkNotification(t, opts)).toBe("bad-hash");
    const rehashed = { ...t, hash: notificationHash(t) };
    expect([undefined, "low-work"]).toContain(checkNotification(rehashed, { ...opts, signed: false }));
    expect(open(rehashed, alice.secretKey)).toBeUndefined();
  });

  it("a tampered signature, or a signature by another key, is refused", () => {
    const sig = n.signature!;
    const bad = { ...n, signature: (sig[0] === "0" ? "1" : "0") + sig.slice(1) };
    expect(checkNotification(bad, opts)).toBe("bad-signature");
    expect(checkNotification({ ...n, signer: "11".repeat(32) }, opts)).toBe("bad-signature");
    const { signer: _s, signature: _g, ...unsigned } = n;
    expect(checkNotification(unsigned, opts)).toBe("bad-signature");
    expect(checkNotification(unsigned, { ...opts, signed: false })).toBeUndefined();
  });

  it("tampered work is refused as too little work", () => {
    // Find a nonce near the real one that misses the threshold (most do, at 1/64 odds of passing).
    let w = BigInt(`0x${n.work}`);
    let t: Notification;
    do {
      w += 1n;
      t = { ...n, work: w.toString(16).padStart(16, "0") };
    } while (checkNotification(t, opts) === undefined);
    expect(checkNotification(t, opts)).toBe("low-work");
  });

  it("a changed recipient, time or ttl breaks the hash (work cannot be re-aimed)", () => {
    expect(checkNotification({ ...n, recipient: bob.publicKey }, opts)).toBe("bad-hash");
    expect(checkNotification({ ...n, timestamp: n.timestamp + 1 }, opts)).toBe("bad-hash");
    expect(checkNotification({ ...n, ttl: n.ttl - 1 }, opts)).toBe("bad-hash");
  });

  it("TTL edges: valid 1 ms before timestamp + ttl, expired at it; a ttl above the maximum is refused", () => {
    const end = n.timestamp + n.ttl;
    expect(checkNotification(n, { ...opts, now: end - 1 })).toBeUndefined();
    expect(checkNotification(n, { ...opts, now: end })).toBe("expired");
    expect(checkNotification(n, { ...opts, maxTtl: n.ttl - 1 })).toBe("bad-time");
    expect(checkNotification(n, { ...opts, now: n.timestamp - 600_001 })).toBe("bad-time");
  });

  it("malformed shapes are refused by the parser", () => {
    for (const bad of [
      null,
      3,
      {},
      { ...n, version: 2 },
      { ...n, hash: "xy" },
      { ...n, work: 5 },
      { ...n, payload: "!!" },
      { ...n, ttl: -1 },
      { ...n, signer: "ab" },
    ])
      // prettier-ignore
      expect(parseNotification(bad)).toBeUndefined();
  });
});
