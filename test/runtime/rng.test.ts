import { describe, expect, it } from "vitest";
import { createRng } from "../../runtime/rng.js";

describe("seeded rng", () => {
  it("gives the same stream for the same seed and a different one for another seed", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const take = (r: ReturnType<typeof createRng>) => Array.from({ length: 8 }, () => r.u32());
    const sa = take(a);
    expect(take(b)).toEqual(sa);
    expect(take(c)).not.toEqual(sa);
  });

  it("forks independently of how much the parent consumed and of sibling order", () => {
    const p1 = createRng("root");
    const x1 = p1.fork("x").u32();
    p1.u32();
    p1.fork("y");
    const p2 = createRng("root");
    p2.fork("y");
    for (let i = 0; i < 100; i++) p2.u32();
    expect(p2.fork("x").u32()).toBe(x1);
    expect(createRng("root").fork("y").u32()).not.toBe(x1);
  });

  it("spreads int(n) evenly", () => {
    const r = createRng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.int(10)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it("samples distinct elements", () => {
    const r = createRng(5);
    const items = [...Array(50).keys()];
    const s = r.sample(items, 20);
    expect(new Set(s).size).toBe(20);
    expect(r.sample(items, 80)).toHaveLength(50);
    expect(() => r.pick([])).toThrow(/empty/);
  });
});
