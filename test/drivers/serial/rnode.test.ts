import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkEcho,
  echoedParams,
  encodeConfigure,
  encodeData,
  encodeKiss,
  encodeParam,
  RNodeDecoder,
  type RNodeConfig,
} from "../../../drivers/serial/index.js";
import { concat, cut, cuts } from "./chunks.js";

const b = (...x: number[]) => Uint8Array.from(x);
const config: RNodeConfig = { frequency: 869_525_000, bandwidth: 125_000, txPower: 17, sf: 8, cr: 5 };

describe("RNode command encoding", () => {
  it("encodes the configuration sequence: detect, frequency and bandwidth 4-byte big-endian, then one-byte params, radio on", () => {
    expect(encodeConfigure(config).map((f) => [...f])).toEqual([
      [0xc0, 0x08, 0x73, 0xc0],
      [0xc0, 0x01, 0x33, 0xd3, 0xe6, 0x08, 0xc0],
      [0xc0, 0x02, 0x00, 0x01, 0xe8, 0x48, 0xc0],
      [0xc0, 0x03, 0x11, 0xc0],
      [0xc0, 0x04, 0x08, 0xc0],
      [0xc0, 0x05, 0x05, 0xc0],
      [0xc0, 0x06, 0x01, 0xc0],
    ]);
  });

  it("escapes parameter bytes that collide with FEND/FESC", () => {
    // 0xC0DB0000 Hz is absurd as a frequency but exercises the escaping of a parameter.
    expect([...encodeParam("frequency", 0xc0db0000)]).toEqual([0xc0, 0x01, 0xdb, 0xdc, 0xdb, 0xdd, 0x00, 0x00, 0xc0]);
  });

  it("refuses a value that does not fit the parameter's width, naming it", () => {
    expect(() => encodeParam("sf", 256)).toThrow("RNode sf must be an integer in 0..255, got 256");
    expect(() => encodeParam("frequency", -1)).toThrow("RNode frequency");
  });
});

describe("RNode report decoding", () => {
  it("decodes echoes, detect, RSSI, SNR, errors, READY, firmware, stats and data", () => {
    const d = new RNodeDecoder();
    const stream = concat([
      ...encodeConfigure(config).slice(1), // the device echoes each parameter frame as sent
      encodeKiss(b(0x46), 0x08),
      encodeKiss(b(157 - 80), 0x23), // -80 dBm
      encodeKiss(b(0xf6), 0x24), // -10 quarter-dB = -2.5 dB
      encodeKiss(b(4), 0x90),
      encodeKiss(b(), 0x0f),
      encodeKiss(b(1, 52), 0x50),
      encodeKiss(b(0, 0, 1, 2), 0x21),
      encodeData(b(0xc0, 0x2a)),
      encodeKiss(b(3), 0x48),
    ]);
    const reports = d.push(stream);
    expect(reports.slice(6)).toEqual([
      { kind: "detect", ok: true },
      { kind: "rssi", dbm: -80 },
      { kind: "snr", db: -2.5 },
      { kind: "error", code: 4, name: "QUEUE_FULL" },
      { kind: "ready" },
      { kind: "firmware", major: 1, minor: 52 },
      { kind: "stat", name: "rx", value: 258 },
      { kind: "data", payload: b(0xc0, 0x2a) },
      { kind: "other", command: 0x48, payload: b(3) },
    ]);
    expect(echoedParams(reports)).toEqual({ ...config, radioState: 1 });
    expect(d.stats.drops).toEqual({});
  });

  it("given a report whose length does not fit its command, then it is counted as badReport, not delivered", () => {
    const d = new RNodeDecoder();
    const got = d.push(concat([encodeKiss(b(1, 2), 0x01), encodeKiss(b(1, 2), 0x23), encodeKiss(b(1), 0x90)]));
    expect(got).toEqual([{ kind: "error", code: 1, name: "INITRADIO" }]);
    expect(d.stats.drops).toEqual({ badReport: 2 });
    expect(d.stats.frames).toBe(1);
  });

  it("decodes the same reports however the stream is chunked", () => {
    const stream = concat(encodeConfigure(config));
    const whole = new RNodeDecoder().push(stream);
    fc.assert(
      fc.property(cuts, (at) => {
        const d = new RNodeDecoder();
        expect(cut(stream, at).flatMap((c) => d.push(c))).toEqual(whole);
      }),
    );
  });
});

describe("RNode echo check", () => {
  it("passes when every echoed value matches and the radio is on", () => {
    expect(checkEcho(config, { ...config, radioState: 1 })).toEqual({ ok: true });
  });

  it("names the parameter whose echo differs", () => {
    const r = checkEcho(config, { ...config, radioState: 1, bandwidth: 250_000 });
    expect(r).toMatchObject({ ok: false, param: "bandwidth", wanted: 125_000, got: 250_000 });
    expect(!r.ok && r.message).toBe("RNode echoed bandwidth 250000, expected 125000");
  });

  it("names a parameter the device never echoed, radio state included", () => {
    const r = checkEcho(config, { ...config });
    expect(!r.ok && r.message).toBe("RNode did not echo radioState (expected 1)");
  });
});
