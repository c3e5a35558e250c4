import { blake2b } from "@noble/hashes/blake2.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { powHash, rootWords } from "../../../runtime/crypto/blake2b-pow.js";
import { powDifficulty } from "../../../runtime/crypto/pow.js";

/** The reference: the general-purpose blake2b with an 8-byte digest over nonce LE ‖ root. */
function reference(nonce: bigint, root: Uint8Array): bigint {
  const input = new Uint8Array(40);
  new DataView(input.buffer).setBigUint64(0, nonce, true);
  input.set(root, 8);
  const digest = blake2b(input, { dkLen: 8 });
  return new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0, true);
}

describe("specialised PoW blake2b", () => {
  it("equals @noble/hashes blake2b-64 for random nonces and roots", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (n, r) => {
          expect(powDifficulty(n, r)).toBe(reference(n, r));
        },
      ),
      { numRuns: 2000, seed: 7 },
    );
  });

  it("equals it at the edges (carries in every half)", () => {
    for (const n of [0n, 1n, 0xffffffffn, 0x100000000n, (1n << 64n) - 1n])
      for (const fill of [0x00, 0xff]) {
        const root = new Uint8Array(32).fill(fill);
        expect(powDifficulty(n, root)).toBe(reference(n, root));
      }
  });

  it("is reentrant across roots (no state leaks between calls)", () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    const out = new Uint32Array(2);
    powHash(5, 0, rootWords(a), out);
    const first = [...out];
    powHash(5, 0, rootWords(b), out);
    powHash(5, 0, rootWords(a), out);
    expect([...out]).toEqual(first);
    expect(() => rootWords(new Uint8Array(33))).toThrow(RangeError);
  });
});
