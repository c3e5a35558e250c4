import { readFileSync } from "node:fs";
import { blake2b } from "@noble/hashes/blake2.js";
import { hexToBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import {
  Difficulty,
  difficultyOf,
  expectedHashes,
  parseThreshold,
  thresholdAtLevel,
  u64Hex,
  workDifficulty,
} from "../../../actors/notify/index.js";
import { EPOCH1_THRESHOLD, RECEIVE_THRESHOLD, SEND_THRESHOLD } from "../../../runtime/crypto/pow.js";

interface ValidBlock {
  readonly publicKey: string;
  readonly block: { readonly data: { readonly previous: string; readonly work: string } };
}
const blocks = JSON.parse(
  readFileSync(new URL("../../../../shared/vectors/valid_blocks.json", import.meta.url), "utf8"),
) as ValidBlock[];

/** Independent reference: noble's general blake2b over nonce (LE) ‖ root, read as LE u64. */
function reference(nonce: bigint, root: Uint8Array): bigint {
  const input = new Uint8Array(40);
  new DataView(input.buffer).setBigUint64(0, nonce, true);
  input.set(root, 8);
  return new DataView(blake2b(input, { dkLen: 8 }).buffer).getBigUint64(0, true);
}

/** Nano's work root: the previous block, or the account key for an open block. */
const rootOf = (b: ValidBlock): Uint8Array =>
  hexToBytes(/^0+$/.test(b.block.data.previous) ? b.publicKey : b.block.data.previous);

describe("Nano valid-block vectors through the notify work interface", () => {
  it("has the 100 published blocks", () => expect(blocks).toHaveLength(100));

  it("each difficulty equals the independent blake2b value exactly, and meets the pre-2021 epoch threshold", () => {
    for (const b of blocks) {
      const nonce = BigInt(`0x${b.block.data.work}`);
      const d = workDifficulty(nonce, rootOf(b));
      expect(d).toBe(reference(nonce, rootOf(b)));
      // The vectors were mined at the epoch-1 threshold 0xffffffc000000000 (2^26 hashes).
      expect(d >= EPOCH1_THRESHOLD).toBe(true);
      // Epoch-2 receive (0xfffffe0000000000) is lower, so every vector meets it too.
      expect(d >= RECEIVE_THRESHOLD).toBe(true);
    }
  });

  it("most vectors miss the epoch-2 send threshold (0xfffffff800000000), which needs 32× the work", () => {
    const send = blocks.filter((b) => workDifficulty(BigInt(`0x${b.block.data.work}`), rootOf(b)) >= SEND_THRESHOLD);
    expect(send.length).toBeLessThan(20);
  });

  it("a flipped work bit or a different root gives a different difficulty", () => {
    const b = blocks[0]!;
    const nonce = BigInt(`0x${b.block.data.work}`);
    expect(workDifficulty(nonce ^ 1n, rootOf(b))).not.toBe(workDifficulty(nonce, rootOf(b)));
    expect(workDifficulty(nonce, rootOf(blocks[1]!))).toBe(reference(nonce, rootOf(blocks[1]!)));
  });

  it("a notification's difficulty is its work nonce over its hash", () => {
    const hash = "ab".repeat(32);
    expect(difficultyOf({ hash, work: "00000000000000ff" })).toBe(reference(255n, hexToBytes(hash)));
  });
});

describe("difficulty levels", () => {
  const base = parseThreshold("fffffe0000000000");

  it("each level doubles the expected work, exactly", () => {
    expect(u64Hex(thresholdAtLevel(base, 0))).toBe("fffffe0000000000");
    expect(u64Hex(thresholdAtLevel(base, 1))).toBe("ffffff0000000000");
    expect(u64Hex(thresholdAtLevel(base, 2))).toBe("ffffff8000000000");
    expect(u64Hex(thresholdAtLevel(base, 6))).toBe("fffffff800000000"); // = Nano's send threshold
    expect(expectedHashes(thresholdAtLevel(base, 3))).toBe(2 ** 26);
  });

  it("rises with the accepted rate and falls back when the window has passed", () => {
    const d = new Difficulty(base, 10, 60_000, 3);
    expect(d.current(0)).toBe(base);
    for (let i = 0; i < 9; i++) d.record(i);
    expect(d.level(9)).toBe(0);
    d.record(9);
    expect(d.level(10)).toBe(1);
    expect(u64Hex(d.current(10))).toBe("ffffff0000000000");
    for (let i = 0; i < 100; i++) d.record(100 + i);
    expect(d.level(200)).toBe(3); // capped at maxLevel
    expect(u64Hex(d.current(200))).toBe("ffffffc000000000");
    // One window after the first ten: only the flood counts (still the top level).
    expect(d.level(60_010)).toBe(3);
    // A window after the flood, nothing is counted: back to the base.
    expect(d.level(60_200)).toBe(0);
    expect(d.current(60_200)).toBe(base);
  });
});
