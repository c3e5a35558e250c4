import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signatureSchemes } from "../../../runtime/crypto.js";
import { DEFAULT_COST_MS, REAL_SIZES, modelledCrypto } from "../../../runtime/crypto/modelled.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { toHex } from "./vectors.js";

const crypto = modelledCrypto();
const seedA = new Uint8Array(32).fill(0x11);
const seedB = new Uint8Array(32).fill(0x22);
const message = new TextEncoder().encode("challenge 42 from backbone node 3");

describe("modelledCrypto", () => {
  describe.each(signatureSchemes)("%s", (scheme) => {
    const a = crypto.generateKeyPair(scheme, seedA);
    const b = crypto.generateKeyPair(scheme, seedB);
    const sig = crypto.sign(a, message);

    it("round-trips sign and verify, with the real schemes' wire sizes by default", () => {
      expect(crypto.verify(scheme, a.publicKey, message, sig)).toBe(true);
      expect(a.publicKey.length).toBe(REAL_SIZES[scheme].publicKey);
      expect(sig.length).toBe(REAL_SIZES[scheme].signature);
    });

    it("fails for a tampered message, another key, another scheme", () => {
      const tampered = message.slice();
      tampered[3]! ^= 0x10;
      expect(crypto.verify(scheme, a.publicKey, tampered, sig)).toBe(false);
      expect(crypto.verify(scheme, b.publicKey, message, sig)).toBe(false);
      for (const other of signatureSchemes.filter((s) => s !== scheme)) {
        const pk = crypto.generateKeyPair(other, seedA).publicKey;
        expect(
          crypto.verify(other, pk, message, crypto.sign(a, message).subarray(0, REAL_SIZES[other].signature)),
        ).toBe(false);
      }
    });

    it("cannot be forged by pairing the victim's public key with one's own secret key", () => {
      const forged = crypto.sign({ scheme, publicKey: a.publicKey, secretKey: b.secretKey }, message);
      expect(crypto.verify(scheme, a.publicKey, message, forged)).toBe(false);
      // What it made is b's signature, so the signer's identity cannot be borrowed.
      expect(crypto.verify(scheme, b.publicKey, message, forged)).toBe(true);
    });

    it("does not verify across worlds or against real crypto", () => {
      const otherWorld = modelledCrypto({ secret: "another world" });
      expect(otherWorld.verify(scheme, a.publicKey, message, sig)).toBe(false);
      expect(realCrypto().verify(scheme, a.publicKey, message, sig)).toBe(false);
    });

    it("rejects malformed input: wrong length or non-zero padding", () => {
      expect(crypto.verify(scheme, a.publicKey, message, sig.subarray(1))).toBe(false);
      expect(crypto.verify(scheme, a.publicKey.subarray(0, 31), message, sig)).toBe(false);
      const padded = sig.slice();
      padded[padded.length - 1] = 1;
      expect(crypto.verify(scheme, a.publicKey, message, padded)).toBe(false);
    });

    it("is deterministic: same seed, same keys; entropy changes nothing", () => {
      expect(toHex(crypto.generateKeyPair(scheme, seedA).publicKey)).toBe(toHex(a.publicKey));
      expect(toHex(modelledCrypto().sign(a, message, new Uint8Array(32).fill(9)))).toBe(toHex(sig));
    });
  });

  it("property: any single-byte change to message or signature breaks verification", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...signatureSchemes),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (scheme, seed, msg, pos, delta) => {
          const key = crypto.generateKeyPair(scheme, seed);
          const s = crypto.sign(key, msg);
          expect(crypto.verify(scheme, key.publicKey, msg, s)).toBe(true);
          const m2 = msg.slice();
          m2[pos % m2.length] = (m2[pos % m2.length]! + delta) & 0xff;
          expect(crypto.verify(scheme, key.publicKey, m2, s)).toBe(false);
          const s2 = s.slice();
          s2[pos % 32] = (s2[pos % 32]! + delta) & 0xff;
          expect(crypto.verify(scheme, key.publicKey, msg, s2)).toBe(false);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it("compact sizes are 32 bytes and still verify", () => {
    const compact = modelledCrypto({ sizes: "compact" });
    const key = compact.generateKeyPair("ml-dsa-87", seedA);
    const sig = compact.sign(key, message);
    expect([key.publicKey.length, sig.length]).toEqual([32, 32]);
    expect(compact.verify("ml-dsa-87", key.publicKey, message, sig)).toBe(true);
  });

  it("exposes the measured costs, accepts overrides and rejects nonsense", () => {
    expect(crypto.kind).toBe("modelled");
    expect(crypto.costMs).toEqual(DEFAULT_COST_MS);
    expect(crypto.costMs.sign["ml-dsa-87"]).toBeGreaterThan(crypto.costMs.verify["ml-dsa-87"]);
    const tuned = modelledCrypto({ costMs: { sign: { "ml-dsa-87": 20 } } });
    expect(tuned.costMs.sign).toEqual({ ...DEFAULT_COST_MS.sign, "ml-dsa-87": 20 });
    expect(tuned.costMs.verify).toEqual(DEFAULT_COST_MS.verify);
    expect(() => modelledCrypto({ costMs: { verify: { schnorr: -1 } } })).toThrow(/costMs.verify.schnorr/);
  });

  it("keeps hashes real: FIPS 180-2 and RFC 7693 known answers for 'abc'", () => {
    // Known answers, not a comparison with realCrypto (both wrap @noble/hashes, so that would be a tautology).
    const data = new TextEncoder().encode("abc");
    expect(toHex(crypto.sha256(data))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(toHex(crypto.blake2b(data, 64))).toBe(
      "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1" +
        "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
    );
    expect(toHex(crypto.blake2b(data, 32))).toBe("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  });
});
