import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeKiss, KissDecoder, kissCommand, kissPort } from "../../../drivers/serial/index.js";
import { concat, cut, cuts, payload } from "./chunks.js";

const b = (...x: number[]) => Uint8Array.from(x);

describe("KISS encoding", () => {
  it("frames a data frame on port 0 between FENDs, escaping FEND and FESC", () => {
    expect([...encodeKiss(b(0x01, 0xc0, 0x02, 0xdb, 0x03))]).toEqual([
      0xc0, 0x00, 0x01, 0xdb, 0xdc, 0x02, 0xdb, 0xdd, 0x03, 0xc0,
    ]);
  });

  it("escapes a type byte that happens to be FEND, and rejects a type outside a byte", () => {
    expect([...encodeKiss(b(), 0xc0)]).toEqual([0xc0, 0xdb, 0xdc, 0xc0]);
    expect(() => encodeKiss(b(), 256)).toThrow("KISS type byte out of range: 256");
  });

  it("splits a type byte into port (high nibble) and command (low nibble)", () => {
    expect([kissPort(0x10), kissCommand(0x10)]).toEqual([1, 0]);
    expect([kissPort(0x06), kissCommand(0x06)]).toEqual([0, 6]);
  });
});

describe("KISS streaming decoder", () => {
  it("round-trips any frames across any chunking", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(255), payload(64)), { maxLength: 8 }), cuts, (frames, at) => {
        const d = new KissDecoder();
        const got = cut(concat(frames.map(([t, p]) => encodeKiss(p, t))), at).flatMap((c) => d.push(c));
        expect(got.map((f) => [f.type, [...f.data]])).toEqual(frames.map(([t, p]) => [t, [...p]]));
        expect(d.stats.drops).toEqual({});
      }),
    );
  });

  it("given noise before the first FEND, then it is counted as noise and the next frame decodes", () => {
    const d = new KissDecoder();
    const got = d.push(concat([b(0x41, 0x42, 0x43), encodeKiss(b(7))]));
    expect(got.map((f) => [...f.data])).toEqual([[7]]);
    expect(d.stats.noiseBytes).toBe(3);
  });

  it("given a bad escape, then that frame is counted and dropped and the next one decodes", () => {
    const d = new KissDecoder();
    const got = d.push(concat([b(0xc0, 0x00, 0xdb, 0x41, 0x42, 0xc0), encodeKiss(b(9)), b(0xc0, 0x00, 0xdb, 0xc0)]));
    expect(got.map((f) => [...f.data])).toEqual([[9]]);
    expect(d.stats.drops).toEqual({ badEscape: 2 });
    expect(d.stats.frames).toBe(1);
  });

  it("given a frame over maxFrame, then it is counted and dropped as oversized", () => {
    const d = new KissDecoder({ maxFrame: 4 });
    const got = d.push(concat([encodeKiss(b(1, 2, 3, 4)), encodeKiss(b(1, 2, 3)), encodeKiss(b())]));
    expect(got.map((f) => f.data.length)).toEqual([3, 0]);
    expect(d.stats.drops).toEqual({ oversized: 1 });
  });

  it("given a stream cut mid-frame, then end() counts it as truncated", () => {
    const d = new KissDecoder();
    expect(d.push(encodeKiss(b(1, 2, 3)).subarray(0, 3))).toEqual([]);
    d.end();
    expect(d.stats.drops).toEqual({ truncated: 1 });
  });
});
