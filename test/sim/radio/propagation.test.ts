import { describe, expect, it } from "vitest";
import { Engine } from "../../../sim/engine.js";
import { RadioMedium, type LoraRadio, type RadioReception } from "../../../sim/radio/medium.js";
import { NS3_LOG_DISTANCE, pathLoss, distanceForLoss } from "../../../sim/radio/propagation.js";
import { noiseFloor, sensitivity } from "../../../sim/radio/sensitivity.js";
import { shadowingDb, seedKey } from "../../../sim/radio/shadowing.js";

const radio: LoraRadio = {
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

describe("path loss, sensitivity and range", () => {
  it("log-distance with ns-3's defaults: 7.7 dB at 1 m, +37.6 dB per decade", () => {
    expect(pathLoss(NS3_LOG_DISTANCE, 1, 868e6)).toBeCloseTo(7.7, 9);
    expect(pathLoss(NS3_LOG_DISTANCE, 10, 868e6)).toBeCloseTo(45.3, 9);
    expect(pathLoss(NS3_LOG_DISTANCE, 1000, 868e6)).toBeCloseTo(120.5, 9);
  });

  it("Okumura-Hata urban at 900 MHz, 30 m base, 1.5 m mobile, 1 km: the textbook 126.4 dB; suburban and open lose less", () => {
    const urban = pathLoss({ model: "hata", environment: "urban", baseHeight: 30, mobileHeight: 1.5 }, 1000, 900e6);
    expect(urban).toBeCloseTo(126.4, 1);
    const sub = pathLoss({ model: "hata", environment: "suburban", baseHeight: 30, mobileHeight: 1.5 }, 1000, 900e6);
    const open = pathLoss({ model: "hata", environment: "open", baseHeight: 30, mobileHeight: 1.5 }, 1000, 900e6);
    expect(urban - sub).toBeCloseTo(2 * Math.log10(900 / 28) ** 2 + 5.4, 9);
    expect(open).toBeLessThan(sub);
  });

  it("distanceForLoss inverts the model", () => {
    const d = distanceForLoss(NS3_LOG_DISTANCE, 130, 868e6);
    expect(pathLoss(NS3_LOG_DISTANCE, d, 868e6)).toBeCloseTo(130, 6);
  });

  it("sensitivity: the SX1272 table at 125 kHz, about 3 dB worse per doubling of bandwidth; noise floor -117 dBm at 125 kHz", () => {
    expect([7, 8, 9, 10, 11, 12].map((sf) => sensitivity(sf, 125_000))).toEqual([-124, -127, -130, -133, -135, -137]);
    expect(sensitivity(11, 250_000)).toBeCloseTo(-135 + 3.0103, 3);
    expect(noiseFloor(125_000)).toBeCloseTo(-117.03, 2);
  });

  it("a node at the computed maximum range receives; one 10 % beyond does not", () => {
    const engine = new Engine();
    const medium = new RadioMedium(engine);
    const range = medium.range(radio);
    // ns-3 log-distance: 14 dBm against -130 dBm is a 144 dB budget.
    expect(range).toBeCloseTo(10 ** ((144 - 7.7) / 37.6), 3);
    const got: { who: string; r: RadioReception }[] = [];
    const tx = medium.attach({ id: "tx", x: 0, y: 0, radio }, () => {});
    medium.attach({ id: "edge", x: range, y: 0, radio }, (r) => got.push({ who: "edge", r }));
    medium.attach({ id: "beyond", x: 0, y: -range * 1.1, radio }, (r) => got.push({ who: "beyond", r }));
    tx.transmit(new Uint8Array(20));
    engine.run(10_000);
    expect(got.map((g) => g.who)).toEqual(["edge"]);
    expect(got[0]!.r.rssi).toBeGreaterThanOrEqual(-130);
    expect(got[0]!.r.rssi).toBeLessThan(-129.99);
    expect(got[0]!.r.snr).toBeCloseTo(-130 - noiseFloor(125_000), 1);
    expect(medium.stats.belowSensitivity).toBe(1);
  });
});

describe("shadowing", () => {
  it("is the same both ways, fixed by the seed, different for another seed, N(0, σ²) truncated at 3σ", () => {
    const k = seedKey("s1");
    expect(shadowingDb(k, 3, 9, 8)).toBe(shadowingDb(k, 9, 3, 8));
    expect(shadowingDb(k, 3, 9, 8)).toBe(shadowingDb(seedKey("s1"), 3, 9, 8));
    const values: number[] = [];
    for (let i = 0; i < 200; i++) for (let j = i + 1; j < 40 + i; j++) values.push(shadowingDb(k, i, j, 8));
    const other = shadowingDb(seedKey("s2"), 3, 9, 8);
    expect(other).not.toBe(shadowingDb(k, 3, 9, 8));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.3);
    expect(sd).toBeGreaterThan(7.5);
    expect(sd).toBeLessThan(8.5);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(24);
  });
});
