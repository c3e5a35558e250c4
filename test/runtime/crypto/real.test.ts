import { describe, expect, it } from "vitest";
import { signatureSchemes } from "../../../runtime/crypto.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { hex, toHex } from "./vectors.js";

const crypto = realCrypto();
const seedA = new Uint8Array(32).fill(0x11);
const seedB = new Uint8Array(32).fill(0x22);
const message = new TextEncoder().encode("register node 7 with sovereign 1");

describe("realCrypto", () => {
  it("Ed25519 reproduces RFC 8032 test 1 through the interface", () => {
    const key = crypto.generateKeyPair(
      "ed25519",
      hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
    );
    expect(toHex(key.publicKey)).toBe("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const sig = crypto.sign(key, new Uint8Array(0));
    expect(toHex(sig)).toBe(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
    expect(crypto.verify("ed25519", key.publicKey, new Uint8Array(0), sig)).toBe(true);
  });

  it("hashes match RFC 6234 / RFC 7693 'abc' vectors", () => {
    const abc = new TextEncoder().encode("abc");
    expect(toHex(crypto.sha256(abc))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(toHex(crypto.blake2b(abc, 64))).toBe(
      "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
    );
    expect(crypto.blake2b(abc, 8).length).toBe(8);
  });

  it("reports kind real and zero modelled cost", () => {
    expect(crypto.kind).toBe("real");
    for (const s of signatureSchemes) expect([crypto.costMs.sign[s], crypto.costMs.verify[s]]).toEqual([0, 0]);
  });

  describe.each(signatureSchemes)("%s", (scheme) => {
    const a = crypto.generateKeyPair(scheme, seedA);
    const b = crypto.generateKeyPair(scheme, seedB);
    const sig = crypto.sign(a, message);

    it("derives the same key pair from the same seed, a different one from another seed", () => {
      expect(toHex(crypto.generateKeyPair(scheme, seedA).publicKey)).toBe(toHex(a.publicKey));
      expect(toHex(b.publicKey)).not.toBe(toHex(a.publicKey));
      expect(() => crypto.generateKeyPair(scheme, new Uint8Array(31))).toThrow(RangeError);
    });

    it("verifies its own signature; a tampered message, another key or another scheme fail", () => {
      expect(crypto.verify(scheme, a.publicKey, message, sig)).toBe(true);
      const tampered = message.slice();
      tampered[0]! ^= 1;
      expect(crypto.verify(scheme, a.publicKey, tampered, sig)).toBe(false);
      expect(crypto.verify(scheme, b.publicKey, message, sig)).toBe(false);
      const other = signatureSchemes.find((s) => s !== scheme)!;
      expect(crypto.verify(other, a.publicKey, message, sig)).toBe(false);
    });

    it("returns false, never throws, for malformed keys and signatures (a peer can send them)", () => {
      expect(crypto.verify(scheme, a.publicKey, message, sig.subarray(1))).toBe(false);
      expect(crypto.verify(scheme, a.publicKey.subarray(1), message, sig)).toBe(false);
      expect(crypto.verify(scheme, new Uint8Array(0), message, new Uint8Array(0))).toBe(false);
      const flipped = sig.slice();
      flipped[flipped.length - 1]! ^= 0x80;
      expect(crypto.verify(scheme, a.publicKey, message, flipped)).toBe(false);
    });

    it("signs deterministically without entropy; with entropy the signature still verifies", () => {
      expect(toHex(crypto.sign(a, message))).toBe(toHex(sig));
      const hedged = crypto.sign(a, message, new Uint8Array(32).fill(7));
      expect(crypto.verify(scheme, a.publicKey, message, hedged)).toBe(true);
      // Ed25519 has no randomness to add; the other two must actually use it.
      expect(toHex(hedged) === toHex(sig)).toBe(scheme === "ed25519");
      expect(() => crypto.sign(a, message, new Uint8Array(16))).toThrow(RangeError);
    });
  });
});
