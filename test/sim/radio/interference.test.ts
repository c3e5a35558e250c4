import { describe, expect, it } from "vitest";
import { Engine } from "../../../sim/engine.js";
import { timeOnAir } from "../../../sim/radio/airtime.js";
import { RadioMedium, type LoraRadio } from "../../../sim/radio/medium.js";

const base: LoraRadio = {
  sf: 9,
  bandwidth: 125_000,
  codingRate: 1,
  preamble: 8,
  implicitHeader: false,
  crc: true,
  ldro: "auto",
  frequency: 868_100_000,
  txPower: 14,
  antennaGain: 0,
};
const TSYM = 4.096;
const FRAME = timeOnAir(base, 20).totalMs;

/** A receiver R between two senders A and B, both 500 m away; B's power is A's minus `weaker` dB. */
function world(weaker: number, opts: { interSf?: boolean; sfB?: number } = {}) {
  const engine = new Engine();
  const medium = new RadioMedium(engine, { interSf: opts.interSf ?? false });
  const got: string[] = [];
  const a = medium.attach({ id: "A", x: -500, y: 0, radio: base }, () => {});
  const b = medium.attach(
    { id: "B", x: 500, y: 0, radio: { ...base, txPower: 14 - weaker, sf: opts.sfB ?? 9 } },
    () => {},
  );
  const r = medium.attach({ id: "R", x: 0, y: 0, radio: base }, (rx) => got.push(`${rx.from}@${rx.end}`));
  const rB = medium.attach({ id: "RB", x: 0, y: 1, radio: { ...base, sf: opts.sfB ?? 9 } }, (rx) =>
    got.push(`RB:${rx.from}`),
  );
  const send = (port: typeof a, at: number) => engine.at(at, () => port.transmit(new Uint8Array(20)));
  return {
    engine,
    medium,
    got,
    a,
    b,
    r,
    rB,
    send,
    from: () => got.filter((g) => !g.startsWith("RB")).map((g) => g.split("@")[0]),
  };
}

describe("collisions and the capture effect (same SF, same channel)", () => {
  it("given two frames that start together, the one 7 dB stronger survives (captured) and the other is lost", () => {
    const w = world(7);
    w.send(w.a, 0);
    w.send(w.b, 0);
    w.engine.run(5000);
    expect(w.from()).toEqual(["A"]);
    expect(w.medium.stats.captured).toBeGreaterThanOrEqual(1);
    expect(w.medium.stats.collisions).toBeGreaterThanOrEqual(1);
  });

  it("given two frames that start together only 5 dB apart, both are lost", () => {
    const w = world(5);
    w.send(w.a, 0);
    w.send(w.b, 0);
    w.engine.run(5000);
    expect(w.from()).toEqual([]);
  });

  it("without the other frame, each alone is received (the loss above is interference, not range)", () => {
    const w = world(5);
    w.send(w.b, 0);
    w.engine.run(5000);
    expect(w.from()).toEqual(["B"]);
  });
});

describe("preamble lock (all but the last 5 of 8 preamble symbols)", () => {
  it("an equal-power frame starting before the first one's lock (3 symbols in) ruins both", () => {
    const w = world(0);
    w.send(w.a, 0);
    w.send(w.b, 2.9 * TSYM);
    w.engine.run(5000);
    expect(w.from()).toEqual([]);
  });

  it("an equal-power frame starting after the first one locked does not disturb it; the busy receiver misses the second", () => {
    const w = world(0);
    w.send(w.a, 0);
    w.send(w.b, 3.1 * TSYM);
    w.engine.run(5000);
    expect(w.from()).toEqual(["A"]);
  });

  it("a frame whose first 3 preamble symbols overlap only the other's tail is received, and so is the other", () => {
    const w = world(0);
    w.send(w.a, 0);
    w.send(w.b, FRAME - 2.5 * TSYM);
    w.engine.run(5000);
    expect(w.from()).toEqual(["A", "B"]);
  });

  it("frames that do not overlap never interfere", () => {
    const w = world(0);
    w.send(w.a, 0);
    w.send(w.b, FRAME);
    w.engine.run(5000);
    expect(w.from()).toEqual(["A", "B"]);
    expect(w.medium.stats.collisions).toBe(0);
  });
});

describe("half duplex", () => {
  it("a radio transmitting when a frame arrives misses it", () => {
    const w = world(0);
    w.send(w.r, 0);
    w.send(w.a, 10);
    w.engine.run(5000);
    expect(w.from()).toEqual([]);
    expect(w.medium.stats.halfDuplex).toBeGreaterThanOrEqual(1);
  });

  it("a radio that starts transmitting in the middle of a frame loses it", () => {
    const w = world(0);
    w.send(w.a, 0);
    w.send(w.r, FRAME / 2);
    w.engine.run(5000);
    expect(w.from()).toEqual([]);
  });

  it("a radio cannot start a second frame while its first is on the air", () => {
    const w = world(0);
    w.a.transmit(new Uint8Array(5));
    expect(() => w.a.transmit(new Uint8Array(5))).toThrow(/already transmitting/);
  });
});

describe("different spreading factors", () => {
  it("are orthogonal by default: SF9 and SF7 frames at the same time are both received by their own receivers", () => {
    const w = world(-20, { sfB: 7 });
    w.send(w.a, 0);
    w.send(w.b, 0);
    w.engine.run(5000);
    expect(w.got.sort()).toEqual([`A@${FRAME}`, "RB:B"].sort());
  });

  it("with the Goursaud matrix, an SF7 frame 30 dB stronger drowns an SF9 one (isolation -27 dB), 20 dB does not (but the SF7 survives)", () => {
    const strong = world(-30, { interSf: true, sfB: 7 });
    strong.send(strong.a, 0);
    strong.send(strong.b, 0);
    strong.engine.run(5000);
    expect(strong.from()).toEqual([]);
    expect(strong.got).toContain("RB:B");
    const mild = world(-20, { interSf: true, sfB: 7 });
    mild.send(mild.a, 0);
    mild.send(mild.b, 0);
    mild.engine.run(5000);
    expect(mild.from()).toEqual(["A"]);
  });
});
