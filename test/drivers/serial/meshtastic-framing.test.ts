import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeMeshtastic, MeshtasticDecoder } from "../../../drivers/serial/index.js";
import { concat, cut, cuts, payload } from "./chunks.js";

const b = (...x: number[]) => Uint8Array.from(x);
const text = (s: string) => Uint8Array.from(Buffer.from(s, "latin1"));

describe("Meshtastic framing", () => {
  it("frames a payload as 0x94 0xC3, 2-byte big-endian length, payload", () => {
    expect([...encodeMeshtastic(b(0x1a, 0x02, 0x08, 0x01))]).toEqual([0x94, 0xc3, 0x00, 0x04, 0x1a, 0x02, 0x08, 0x01]);
    expect([...encodeMeshtastic(new Uint8Array(300)).subarray(0, 4)]).toEqual([0x94, 0xc3, 0x01, 0x2c]);
  });

  it("refuses a payload over 512 bytes", () => {
    expect(encodeMeshtastic(new Uint8Array(512)).length).toBe(516);
    expect(() => encodeMeshtastic(new Uint8Array(513))).toThrow("Meshtastic payload 513 bytes exceeds 512");
  });

  it("round-trips any payloads, with debug text between frames, across any chunking", () => {
    const debug = fc.string({ maxLength: 30 }).map((s) => text(s.replace(/[^\x20-\x7e\n]/g, "")));
    fc.assert(
      fc.property(fc.array(fc.tuple(debug, payload(80)), { maxLength: 8 }), cuts, (frames, at) => {
        const d = new MeshtasticDecoder();
        const stream = concat(frames.flatMap(([t, p]) => [t, encodeMeshtastic(p)]));
        const got = cut(stream, at).flatMap((c) => d.push(c));
        expect(got.map((p) => [...p])).toEqual(frames.map(([, p]) => [...p]));
        expect(d.takeText()).toBe(frames.map(([t]) => Buffer.from(t).toString("latin1")).join(""));
        expect(d.stats.drops).toEqual({});
      }),
    );
  });

  it("given a header with a length over 512, then it is counted as badLength and the real frame behind it decodes", () => {
    const d = new MeshtasticDecoder();
    // A bad header whose own bytes start the real one: 0x94 0xC3 0x94 0xC3 0x00 0x01 0x2a.
    const got = d.push(
      concat([b(0x94, 0xc3), encodeMeshtastic(b(0x2a)), b(0x94, 0xc3, 0x02, 0x01), encodeMeshtastic(b(7))]),
    );
    expect(got.map((p) => [...p])).toEqual([[0x2a], [7]]);
    expect(d.stats.drops).toEqual({ badLength: 2 });
  });

  it("given a log line that interrupts a header, then the text is kept and the next frame decodes", () => {
    const d = new MeshtasticDecoder();
    const got = d.push(concat([b(0x94), text("INFO  | ??:??:?? 3 [Router] rx\n"), encodeMeshtastic(b(5, 6))]));
    expect(got.map((p) => [...p])).toEqual([[5, 6]]);
    expect(d.takeText()).toBe("\x94INFO  | ??:??:?? 3 [Router] rx\n");
  });

  it("given a stream cut mid-frame, then end() counts it as truncated", () => {
    const d = new MeshtasticDecoder();
    expect(d.push(encodeMeshtastic(b(1, 2, 3)).subarray(0, 5))).toEqual([]);
    expect(d.pendingBytes).toBe(5);
    d.end();
    expect(d.stats.drops).toEqual({ truncated: 1 });
  });
});
