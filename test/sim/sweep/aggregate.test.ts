import { describe, expect, it } from "vitest";
import { distribution, summarize } from "../../../sim/sweep/aggregate.js";
import type { SeedResult } from "../../../sim/sweep/run-seed.js";
import { parseSeeds, SeedSpecError } from "../../../sim/sweep/seeds.js";

const result = (seed: number, ok: boolean, reconvergeMs: number | null): SeedResult => ({
  seed,
  ok,
  fingerprint: `f${seed}`,
  events: 1,
  held: ok ? 1 : 0,
  expectations: 1,
  figures: { healAt: 0, reconvergeMs, latencyP50Ms: seed, latencyP99Ms: seed * 2, messagesPerNode: 10 },
});

describe("sweep seeds and aggregation", () => {
  it("parses ranges and lists, in order, and names what is wrong", () => {
    expect(parseSeeds("1..5")).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds("7,1..3,42")).toEqual([7, 1, 2, 3, 42]);
    expect(() => parseSeeds("1..3,2")).toThrow(/seed 2 is listed twice/);
    expect(() => parseSeeds("5..1")).toThrow(SeedSpecError);
    expect(() => parseSeeds("a..b")).toThrow(/--seeds: expected a range like 1\.\.500/);
  });

  it("summarize: pass rate, failing seeds in seed order whatever the finishing order", () => {
    const s = summarize([result(3, false, 100), result(1, true, 200), result(2, false, null), result(4, true, 400)]);
    expect(s.passRate).toBe(0.5);
    expect(s.failing).toEqual([2, 3]);
    const rec = s.distributions.find((d) => d.figure === "reconvergeMs")!;
    expect(rec.n).toBe(3);
    expect(rec.missing).toBe(1);
    expect([rec.min, rec.p50, rec.max]).toEqual([100, 200, 400]);
  });

  it("histogram: every seed with a value in exactly one bin, the bins spanning min..max", () => {
    const rs = Array.from({ length: 50 }, (_, i) => result(i + 1, true, (i * 37) % 101));
    const d = distribution(rs, "reconvergeMs", 10);
    expect(d.bins).toHaveLength(10);
    expect(d.bins[0]!.from).toBe(d.min);
    expect(d.bins.at(-1)!.to).toBeCloseTo(d.max!);
    const seeds = d.bins.flatMap((b) => b.seeds).sort((a, b) => a - b);
    expect(seeds).toEqual(rs.map((r) => r.seed));
    for (const b of d.bins)
      for (const s of b.seeds) {
        const v = rs[s - 1]!.figures.reconvergeMs!;
        expect(v).toBeGreaterThanOrEqual(b.from);
        expect(v).toBeLessThanOrEqual(b.to);
      }
  });

  it("a figure equal on every seed is one bin", () => {
    const d = distribution([result(1, true, 5), result(2, true, 5)], "reconvergeMs");
    expect(d.bins).toEqual([{ from: 5, to: 6, seeds: [1, 2] }]);
  });
});
