import { describe, expect, it } from "vitest";
import type { Envelope } from "../../../runtime/driver.js";
import { Engine } from "../../../sim/engine.js";
import { timeOnAir } from "../../../sim/radio/airtime.js";
import { HEADER_BYTES } from "../../../sim/radio/frame.js";
import { RadioMedium, type FrameInfo, type LoraRadio } from "../../../sim/radio/medium.js";
import { RadioDriver } from "../../../sim/radio/radio-driver.js";
import { limitsFor, type Region } from "../../../sim/radio/regions.js";

const LONG_FAST: LoraRadio = {
  sf: 11,
  bandwidth: 250_000,
  codingRate: 1,
  preamble: 16,
  implicitHeader: false,
  crc: true,
  ldro: "auto",
  frequency: 869_525_000, // EU868 869.4–869.65 MHz: 10 %
  txPower: 14,
  antennaGain: 0,
};

function pair(opts: { radio?: LoraRadio; region?: Region; enforce?: boolean; window?: number } = {}) {
  const engine = new Engine();
  const frames: FrameInfo[] = [];
  const log: { type: string; data: unknown }[] = [];
  const medium = new RadioMedium(engine, { observer: { started: (f) => frames.push(f) } });
  const radio = opts.radio ?? LONG_FAST;
  const ids = ["a", "b"];
  const book = { addressOf: (id: string) => ids.indexOf(id), idOf: (n: number) => ids[n] };
  const limits = limitsFor(opts.region ?? "EU868", radio.frequency);
  const make = (id: string, x: number) => {
    const port = medium.attach({ id, x, y: 0, radio }, (r) => driver.receiveFrame(r));
    const driver: RadioDriver = new RadioDriver(engine, port, book, {
      limits,
      enforceDutyCycle: opts.enforce ?? true,
      dutyWindowMs: opts.window ?? 60_000,
      record: (type, data) => log.push({ type, data }),
    });
    driver.start();
    return driver;
  };
  const a = make("a", 0);
  const b = make("b", 300);
  const got: Envelope[] = [];
  b.onReceive((e) => got.push(e));
  return { engine, medium, frames, log, a, b, got };
}

/** The most time on air any window of `windowMs` saw, measured from the frames themselves. */
function worstWindow(frames: readonly FrameInfo[], windowMs: number): number {
  let worst = 0;
  for (const f of frames) {
    const from = f.end - windowMs;
    const used = frames.filter((g) => g.end > from && g.start < f.end).reduce((s, g) => s + (g.end - g.start), 0);
    worst = Math.max(worst, used);
  }
  return worst;
}

const msg = (i: number, pad = 20): Envelope => ({
  from: "a",
  to: "b",
  protocol: "gossip",
  payload: { type: "data", i, body: "x".repeat(pad) },
});

describe("radio driver", () => {
  it("airtime comes from the real encoded bytes: header + protocol + JSON", () => {
    const w = pair();
    w.a.send(msg(1));
    w.engine.run(10_000);
    const expectedBytes = HEADER_BYTES + 1 + "gossip".length + JSON.stringify(msg(1).payload).length;
    expect(w.frames.map((f) => f.bytes)).toEqual([expectedBytes]);
    expect(w.medium.stats.airtimeMs).toBe(timeOnAir(LONG_FAST, expectedBytes).totalMs);
    expect(w.got).toEqual([{ from: "a", to: "b", protocol: "gossip", payload: msg(1).payload }]);
  });

  it("queues frames beyond the EU868 duty cycle, logs the deferral, and never exceeds 10 % of any window", () => {
    const w = pair({ window: 10_000 });
    for (let i = 0; i < 6; i++) w.a.send(msg(i));
    w.engine.run(120_000);
    expect(w.got.map((e) => e.payload["i"])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(w.a.stats.dutyCycleDeferrals).toBeGreaterThan(0);
    expect(w.log.some((l) => l.type === "radio.queue")).toBe(true);
    expect(worstWindow(w.frames, 10_000)).toBeLessThanOrEqual(1000);
  });

  it("without enforcement the same traffic breaks the duty cycle (what the dutyCycle expectation catches)", () => {
    const w = pair({ window: 10_000, enforce: false });
    for (let i = 0; i < 6; i++) w.a.send(msg(i));
    w.engine.run(120_000);
    expect(worstWindow(w.frames, 10_000)).toBeGreaterThan(1000);
  });

  it("fragments a message larger than 255 B and reassembles it at the receiver", () => {
    const w = pair({ region: "none" });
    w.a.send(msg(7, 1000));
    w.engine.run(60_000);
    expect(w.frames.length).toBe(
      Math.ceil((1 + 6 + JSON.stringify(msg(7, 1000).payload).length) / (255 - HEADER_BYTES)),
    );
    expect(Math.max(...w.frames.map((f) => f.bytes))).toBe(255);
    expect(w.got).toEqual([{ from: "a", to: "b", protocol: "gossip", payload: msg(7, 1000).payload }]);
  });

  it("under US915 every frame fits the 400 ms dwell time (the MTU shrinks at slow settings)", () => {
    const radio = { ...LONG_FAST, sf: 10, bandwidth: 125_000, frequency: 915_000_000 };
    const w = pair({ radio, region: "US915" });
    expect(w.a.capabilities.mtu).toBeLessThan(255);
    w.a.send(msg(3, 600));
    w.engine.run(60_000);
    expect(w.frames.length).toBeGreaterThan(1);
    for (const f of w.frames) expect(f.end - f.start).toBeLessThanOrEqual(400);
    expect(w.got.length).toBe(1);
  });

  it("a frame that is not ours is counted and dropped, never delivered", () => {
    const w = pair({ region: "none" });
    // A raw port on the same medium puts garbage on the air.
    const raw = w.medium.attach({ id: "junk", x: 100, y: 0, radio: LONG_FAST }, () => {});
    // Version 1, from a (0) to b (1), one fragment, a body that is not JSON.
    raw.transmit(new Uint8Array([0x10, 0, 0, 0, 0, 0, 0, 0, 1, 0, 9, 0, 1, 1, 0x67, 0x7b]));
    w.engine.run(10_000);
    expect(w.got).toEqual([]);
    expect(w.b.stats.malformed).toBe(1);
  });

  it("a stopped driver neither sends nor receives, and start/stop are idempotent", () => {
    const w = pair({ region: "none" });
    w.b.stop();
    w.b.stop();
    w.a.send(msg(1));
    w.engine.run(10_000);
    expect(w.got).toEqual([]);
    w.a.stop();
    w.a.send(msg(2));
    w.engine.run(20_000);
    expect(w.frames.length).toBe(1);
  });
});
