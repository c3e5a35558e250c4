import { describe, expect, it } from "vitest";
import { runScenario } from "../../sim/run.js";
import { loadScenario } from "../../sim/scenario/load.js";

describe("determinism: a run is a function of (scenario, seed)", () => {
  const smoke = loadScenario("scenarios/smoke.yaml");

  it("the same seed gives the same log fingerprint and the same figures", () => {
    const a = runScenario(smoke).report;
    const b = runScenario(smoke).report;
    expect(a.logEntries).toBeGreaterThan(1000);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(b.logEntries).toBe(a.logEntries);
    expect(b.network).toEqual(a.network);
  });

  it("another seed gives another log", () => {
    const a = runScenario(smoke).report;
    const c = runScenario(smoke, { seed: 8 }).report;
    expect(c.seed).toBe(8);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });
});

describe("gossip reconciles after a partition heals (smoke scenario, 20 nodes)", () => {
  it("splits the view in two during the partition, reconnects it, and delivers everything after the heal", () => {
    const { report, world } = runScenario(loadScenario("scenarios/smoke.yaml"));
    const byKind = (k: string) => report.expectations.filter((e) => e.kind === k);
    expect(byKind("components").map((e) => e.detail)).toEqual([
      expect.stringMatching(/^2 component\(s\)/),
      expect.stringMatching(/^1 component\(s\)/),
    ]);
    expect(report.network.partitioned).toBeGreaterThan(0);
    expect(report.expectations.every((e) => e.ok)).toBe(true);
    // Every message published on either side during the cut is at every node by the end.
    const cut = [...world.observations.publications.values()].filter((p) => p.at >= 20_000 && p.at <= 50_000);
    const sides = new Set(cut.map((p) => p.origin.split("-")[0]));
    expect(sides).toEqual(new Set(["east", "west"]));
    for (const p of cut) expect(world.observations.deliveries.get(p.id)!.size).toBe(20);
  });

  it("the same scenario with the heal removed fails, naming offending nodes", () => {
    const s = loadScenario("test/fixtures/scenarios-failing/never-heals.yaml");
    const { report } = runScenario(s);
    expect(report.ok).toBe(false);
    const failed = report.expectations.filter((e) => !e.ok);
    expect(failed.map((e) => e.kind).sort()).toEqual(["components", "delivery"]);
    expect(failed[0]!.offenders.length).toBeGreaterThan(0);
    expect(failed[0]!.offenders[0]!.node).toMatch(/^(left|right)-\d$/);
  });
});
