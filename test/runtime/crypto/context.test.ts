import { describe, expect, it } from "vitest";
import type { Crypto } from "../../../runtime/crypto.js";
import { modelledCrypto } from "../../../runtime/crypto/modelled.js";
import { realCrypto } from "../../../runtime/crypto/real.js";

const enc = new TextEncoder();
const message = enc.encode("challenge 0123456789abcdef");
const ctxA = { context: enc.encode("meshtwin/auth/1 backbone-A") };
const ctxB = { context: enc.encode("meshtwin/auth/1 backbone-B") };

// The same behaviour from both kinds: the simulator's modelled crypto must refuse exactly
// what the real one refuses, or a simulated replay attack would succeed where a real one fails.
describe.each<[string, Crypto]>([
  ["real", realCrypto()],
  ["modelled", modelledCrypto()],
])("%s crypto: ML-DSA-87 context strings", (_, crypto) => {
  const key = crypto.generateKeyPair("ml-dsa-87", new Uint8Array(32).fill(7));
  const signed = crypto.sign(key, message, undefined, ctxA);

  it("a signature verifies under its own context only", () => {
    expect(crypto.verify("ml-dsa-87", key.publicKey, message, signed, ctxA)).toBe(true);
    expect(crypto.verify("ml-dsa-87", key.publicKey, message, signed, ctxB)).toBe(false);
    expect(crypto.verify("ml-dsa-87", key.publicKey, message, signed)).toBe(false);
    expect(crypto.verify("ml-dsa-87", key.publicKey, message, crypto.sign(key, message), ctxA)).toBe(false);
  });

  it("an empty context is the plain signature (FIPS 204)", () => {
    const plain = crypto.sign(key, message);
    expect(Buffer.from(crypto.sign(key, message, undefined, { context: new Uint8Array(0) }))).toEqual(
      Buffer.from(plain),
    );
  });

  it("pre-hashed and internal signatures do not verify as pure ones", () => {
    const pre = crypto.sign(key, message, undefined, { ...ctxA, preHash: "SHA2-512" });
    expect(crypto.verify("ml-dsa-87", key.publicKey, message, pre, { ...ctxA, preHash: "SHA2-512" })).toBe(true);
    expect(crypto.verify("ml-dsa-87", key.publicKey, message, pre, ctxA)).toBe(false);
    expect(crypto.verify("ml-dsa-87", key.publicKey, message, pre, { ...ctxA, preHash: "SHA3-512" })).toBe(false);
  });

  it("a 255-byte context works; 256 bytes throws when signing and is false when verifying", () => {
    const max = { context: new Uint8Array(255).fill(1) };
    expect(crypto.verify("ml-dsa-87", key.publicKey, message, crypto.sign(key, message, undefined, max), max)).toBe(
      true,
    );
    const over = { context: new Uint8Array(256) };
    expect(() => crypto.sign(key, message, undefined, over)).toThrow(RangeError);
    expect(crypto.verify("ml-dsa-87", key.publicKey, message, signed, over)).toBe(false);
  });

  it("Ed25519 and Schnorr refuse a context (a caller bug), and verify false with one", () => {
    for (const scheme of ["ed25519", "schnorr"] as const) {
      const k = crypto.generateKeyPair(scheme, new Uint8Array(32).fill(9));
      expect(() => crypto.sign(k, message, undefined, ctxA)).toThrow(RangeError);
      expect(crypto.verify(scheme, k.publicKey, message, crypto.sign(k, message), ctxA)).toBe(false);
    }
  });
});
