import { describe, expect, it } from "vitest";
import { viewComponents } from "../../../sim/expect/components.js";
import { prepareRun } from "../../../sim/run.js";
import { loadScenario } from "../../../sim/scenario/load.js";
import { CONVERGE_STEP_MS, connected, quantile, watchFigures } from "../../../sim/sweep/figures.js";
import { runSeed } from "../../../sim/sweep/run-seed.js";

describe("sweep figures of one run", () => {
  const smoke = loadScenario("scenarios/smoke.yaml");

  it("reconvergence: the view graph is split one step before heal + r and whole at heal + r", () => {
    const full = prepareRun(smoke, { seed: 5 });
    const figures = watchFigures(full.world);
    full.world.run();
    const f = figures();
    expect(f.healAt).toBe(50_000);
    expect(f.reconvergeMs).not.toBeNull();
    const r = f.reconvergeMs!;
    expect(r).toBeGreaterThan(0);
    // An independent check, on a second world stepped to the two instants.
    const again = prepareRun(smoke, { seed: 5 });
    const live = again.world.nodes.map((n) => n.id);
    again.world.run(50_000 + r - CONVERGE_STEP_MS);
    expect(viewComponents(again.world.observations, live).sizes.length).toBeGreaterThan(1);
    again.world.run(50_000 + r);
    expect(viewComponents(again.world.observations, live).sizes).toEqual([live.length]);
  });

  it("latency quantiles come from the run's deliveries; messages per node from the network counters", () => {
    const run = prepareRun(smoke, { seed: 3 });
    const figures = watchFigures(run.world);
    run.world.run();
    const f = figures();
    const lat: number[] = [];
    const obs = run.world.observations;
    for (const [id, p] of obs.publications)
      for (const [n, at] of obs.deliveries.get(id)!) if (n !== p.origin) lat.push(at - p.at);
    lat.sort((a, b) => a - b);
    expect(f.latencyP50Ms).toBeCloseTo(lat[Math.ceil(lat.length / 2) - 1]!, 1);
    expect(f.latencyP99Ms).toBeGreaterThanOrEqual(f.latencyP50Ms!);
    expect(Math.abs(f.messagesPerNode - run.world.network.stats.sent / 20)).toBeLessThanOrEqual(0.051);
  });

  it("watching does not change the log: runSeed's fingerprint equals a plain run's", () => {
    const plain = prepareRun(smoke, { seed: 9 });
    plain.world.run();
    expect(runSeed(smoke, 9).fingerprint).toBe(plain.report().fingerprint);
  });

  it("a scenario without a heal has no reconvergence figure", () => {
    const kad = loadScenario("test/fixtures/scenarios-failing/never-heals.yaml");
    const r = runSeed(kad, 2);
    expect(r.figures.healAt).toBeNull();
    expect(r.figures.reconvergeMs).toBeNull();
    expect(r.ok).toBe(false);
    expect(r.failure?.offenders.length).toBeGreaterThan(0);
  });

  it("connected and quantile on small cases", () => {
    const views = new Map([
      ["a", ["b"]],
      ["c", ["d"]],
    ]);
    expect(connected(["a", "b", "c", "d"], views)).toBe(false);
    views.set("b", ["c"]);
    expect(connected(["a", "b", "c", "d"], views)).toBe(true);
    // An edge through a down node does not count.
    expect(connected(["a", "c", "d"], views)).toBe(false);
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.99)).toBe(4);
  });
});
