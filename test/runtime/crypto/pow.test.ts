import { describe, expect, it } from "vitest";
import {
  EPOCH1_THRESHOLD,
  RECEIVE_THRESHOLD,
  SEND_THRESHOLD,
  expectedAttempts,
  meetsThreshold,
  powDifficulty,
  solvePow,
  thresholdForAttempts,
} from "../../../runtime/crypto/pow.js";
import { modelledCrypto } from "../../../runtime/crypto/modelled.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { hex, readJson } from "./vectors.js";

interface ValidBlock {
  publicKey: string;
  block: { hash: string; data: { type: string; previous: string; work: string } };
}

const blocks = readJson<ValidBlock[]>("valid_blocks.json");
const ZERO_ROOT = /^0{64}$/;
/** Nano's root: the previous block's hash, or the account's public key for an open block (previous = 0). */
const rootOf = (b: ValidBlock) => hex(ZERO_ROOT.test(b.block.data.previous) ? b.publicKey : b.block.data.previous);
/** Work is printed as the big-endian hex of the u64 nonce; powDifficulty writes it little-endian. */
const nonceOf = (b: ValidBlock) => BigInt(`0x${b.block.data.work}`);

describe("Nano PoW on the published valid blocks", () => {
  const difficulties = blocks.map((b) => realCrypto().powDifficulty(nonceOf(b), rootOf(b)));

  it("has open and non-open blocks", () => {
    expect(blocks.length).toBe(100);
    expect(blocks.filter((b) => ZERO_ROOT.test(b.block.data.previous)).length).toBe(25);
  });

  it("every block's work meets the threshold it was mined for (epoch 1), hence the receive threshold", () => {
    for (const d of difficulties) {
      expect(meetsThreshold(d, EPOCH1_THRESHOLD)).toBe(true);
      expect(meetsThreshold(d, RECEIVE_THRESHOLD)).toBe(true);
    }
  });

  it("most of them do not meet the epoch-2 send threshold (the vectors predate it), so the check discriminates", () => {
    expect(difficulties.filter((d) => meetsThreshold(d, SEND_THRESHOLD)).length).toBe(11);
  });

  it("the wrong root (account instead of previous) gives work that fails", () => {
    const nonOpen = blocks.filter((b) => !ZERO_ROOT.test(b.block.data.previous));
    const wrong = nonOpen.filter((b) => powDifficulty(nonceOf(b), hex(b.publicKey)) >= EPOCH1_THRESHOLD);
    expect(wrong.length).toBe(0);
  });

  it("modelled crypto's difficulty passes the same published blocks, on its own", () => {
    // Checked against the vectors, not against realCrypto: both wrap one function, so comparing them proves nothing.
    const modelled = modelledCrypto();
    for (const b of blocks) expect(modelled.powDifficulty(nonceOf(b), rootOf(b)) >= EPOCH1_THRESHOLD).toBe(true);
  });
});

describe("Nano PoW known answer (the RPC documentation's work_validate example)", () => {
  // work_validate {work 2bf29ef00786a6bc, hash 718CC212…79E2} answers difficulty ffffffd21c3933f4;
  // the same figure comes out of Python's hashlib.blake2b(digest_size=8) over work LE ‖ root.
  const root = hex("718CC2121C3E641059BC1C2CFC45666C99E8AE922F7A807B7D07B62C995D79E2");
  const work = 0x2bf29ef00786a6bcn;

  it.each([
    ["real", realCrypto()],
    ["modelled", modelledCrypto()],
  ])("%s crypto gives difficulty ffffffd21c3933f4", (_name, crypto) => {
    expect(crypto.powDifficulty(work, root)).toBe(0xffffffd21c3933f4n);
    expect(crypto.powDifficulty(work + 1n, root)).not.toBe(0xffffffd21c3933f4n);
  });
});

describe("solvePow", () => {
  const root = hex("9728d0a8b740cbabd885a20218ca0d1371a2af5e8cf8b59ca7d7fa3c290b0cb0");

  it("finds work that meets a small threshold and reports the attempts", () => {
    const threshold = thresholdForAttempts(256);
    const result = solvePow(root, threshold, 1000n);
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.nonce).toBe(1000n + BigInt(result.attempts - 1));
    expect(result.difficulty).toBe(powDifficulty(result.nonce, root));
    expect(meetsThreshold(result.difficulty, threshold)).toBe(true);
    // Every earlier nonce failed: the search returns the first hit.
    for (let n = 1000n; n < result.nonce; n++) expect(powDifficulty(n, root) < threshold).toBe(true);
  });

  it("averages about the expected number of attempts", () => {
    const threshold = thresholdForAttempts(64);
    let total = 0;
    for (let i = 0; i < 200; i++) {
      const r = solvePow(root, threshold, BigInt(i) << 32n);
      total += r.attempts;
    }
    // Geometric with mean 64: the mean of 200 draws is within ±30% with overwhelming probability.
    expect(total / 200).toBeGreaterThan(45);
    expect(total / 200).toBeLessThan(83);
  });

  it("gives up after maxAttempts and wraps the nonce at 2^64", () => {
    expect(solvePow(root, SEND_THRESHOLD, 0n, 50)).toEqual({ found: false, attempts: 50 });
    const wrapped = solvePow(root, 0n, (1n << 64n) - 1n);
    expect(wrapped).toMatchObject({ found: true, nonce: (1n << 64n) - 1n, attempts: 1 });
    expect(powDifficulty(1n << 64n, root)).toBe(powDifficulty(0n, root));
  });

  it("threshold helpers match the Nano figures", () => {
    expect(expectedAttempts(SEND_THRESHOLD)).toBe(2 ** 29);
    expect(expectedAttempts(RECEIVE_THRESHOLD)).toBe(2 ** 23);
    expect(thresholdForAttempts(2 ** 23)).toBe(RECEIVE_THRESHOLD);
    expect(expectedAttempts(EPOCH1_THRESHOLD)).toBe(2 ** 26);
    expect(() => solvePow(new Uint8Array(31), 0n)).toThrow(RangeError);
  });
});
