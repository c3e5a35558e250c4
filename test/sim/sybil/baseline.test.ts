import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../sim/scenario/load.js";
import { hasSybilDefences, withoutSybilDefences } from "../../../sim/sybil/baseline.js";

describe("Sybil baseline: the same scenario with every defence off", () => {
  const s = loadScenario("scenarios/sybil-eclipse.yaml");

  it("switches off disjoint paths, bucket diversity and id proof of work, and nothing else", () => {
    expect(hasSybilDefences(s)).toBe(true);
    const off = withoutSybilDefences(s);
    expect(hasSybilDefences(off)).toBe(false);
    expect((off.sybil as { idPowBits?: number }).idPowBits).toBe(0);
    const kad = (g: (typeof off.nodes)[number]) => (g.protocols as { kademlia?: Record<string, unknown> }).kademlia;
    for (const g of off.nodes.filter((g) => g.group !== "sybil")) {
      expect(kad(g)).not.toHaveProperty("disjointPaths");
      expect(kad(g)).not.toHaveProperty("diversity");
      expect(kad(g)!.bootstrap).toEqual(["backbone"]);
    }
    // One attacker group, re-ground without proof of work: same size, other ids.
    const attackers = (x: typeof s) => x.nodes.filter((g) => g.group === "sybil");
    expect(attackers(off)).toHaveLength(1);
    expect(attackers(off)[0]!.count).toBe(attackers(s)[0]!.count);
    expect(attackers(off)[0]!.ids).not.toEqual(attackers(s)[0]!.ids);
    expect(off.seed).toBe(s.seed);
  });

  it("a scenario without a sybil block has no baseline", () => {
    expect(hasSybilDefences(loadScenario("scenarios/kad-lookup.yaml"))).toBe(false);
  });
});
