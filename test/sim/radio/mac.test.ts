import { describe, expect, it } from "vitest";
import type { Envelope } from "../../../runtime/driver.js";
import { createRng } from "../../../runtime/rng.js";
import { Engine } from "../../../sim/engine.js";
import { RadioMedium, type FrameInfo, type LoraRadio } from "../../../sim/radio/medium.js";
import { RadioDriver } from "../../../sim/radio/radio-driver.js";
import { limitsFor } from "../../../sim/radio/regions.js";

const radio: LoraRadio = {
  sf: 7,
  bandwidth: 250_000,
  codingRate: 1,
  preamble: 16,
  implicitHeader: false,
  crc: true,
  ldro: "auto",
  frequency: 869_525_000,
  txPower: 14,
  antennaGain: 0,
};

/** Three radios in a row, 200 m apart; a and c both send to b at the same instant. */
function trio(lbtSeed: number | undefined) {
  const engine = new Engine();
  const frames: FrameInfo[] = [];
  const medium = new RadioMedium(engine, { observer: { started: (f) => frames.push(f) } });
  const ids = ["a", "b", "c"];
  const book = { addressOf: (id: string) => ids.indexOf(id), idOf: (n: number) => ids[n] };
  const got: Envelope[] = [];
  const drivers = ids.map((id, i) => {
    const port = medium.attach({ id, x: i * 200, y: 0, radio }, (r) => d.receiveFrame(r));
    const d: RadioDriver = new RadioDriver(engine, port, book, {
      limits: limitsFor("EU868", radio.frequency),
      ...(lbtSeed === undefined ? {} : { lbt: { rng: createRng(`${lbtSeed}/${id}`) } }),
    });
    d.start();
    d.onReceive((e) => got.push(e));
    return d;
  });
  return { engine, frames, got, drivers };
}

const overlap = (f: FrameInfo[]): boolean => f.length === 2 && f[0]!.end > f[1]!.start && f[1]!.end > f[0]!.start;

describe("listen before talk", () => {
  it("without it two senders that start together always collide; with it they mostly take turns", () => {
    let blind = 0;
    let lbt = 0;
    let delivered = 0;
    for (let seed = 0; seed < 20; seed++) {
      for (const useLbt of [false, true]) {
        const w = trio(useLbt ? seed : undefined);
        const [a, , c] = w.drivers;
        a!.send({ from: "a", to: "b", protocol: "t", payload: { type: "m" } });
        c!.send({ from: "c", to: "b", protocol: "t", payload: { type: "m" } });
        w.engine.run(10_000);
        if (overlap(w.frames)) {
          if (useLbt) lbt++;
          else blind++;
        }
        if (useLbt) delivered += w.got.length;
      }
    }
    expect(blind).toBe(20);
    expect(lbt).toBeLessThan(6);
    expect(delivered).toBeGreaterThan(30);
  });
});

describe("link-level beacons", () => {
  it("tell neighbours who is around (with RSSI) and never reach the host as a message", () => {
    const w = trio(undefined);
    w.drivers[0]!.beacon();
    w.engine.run(5_000);
    expect(w.got).toEqual([]);
    expect([...w.drivers[1]!.heard.keys()]).toEqual(["a"]);
    expect(w.drivers[1]!.heard.get("a")!.rssi).toBeLessThan(0);
    expect(w.drivers[1]!.stats.beaconsHeard).toBe(1);
    expect(w.frames[0]!.bytes).toBe(13);
  });
});
