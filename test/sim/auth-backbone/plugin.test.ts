import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../sim/scenario/load.js";
import { ScenarioError } from "../../../sim/scenario/errors.js";

const scenario = (extra = "") => `
duration: 1m
nodes:
  - group: eu_bb
    count: 2
    role: backbone
    region: europe
    protocols:
      kademlia: { bootstrap: [eu_bb] }
  - group: eu_priv
    count: 3
    role: light
    kind: PRIVATE
    region: europe
    protocols:
      kademlia: { bootstrap: [eu_bb] }
${extra}`;

describe("backbone plug-in: region and kind on node groups", () => {
  it("wires auth into groups with a region and the token check into the backbone's Kademlia", () => {
    const s = parseScenario(scenario(), "t.yaml");
    const bb = s.nodes.find((g) => g.group === "eu_bb")!.protocols as Record<string, Record<string, unknown>>;
    expect(Object.keys(bb).sort()).toEqual(["auth", "kademliaAuth"]);
    expect(bb.auth).toMatchObject({
      region: "europe",
      crypto: "modelled",
      backbone: [{ nodes: "eu_bb", region: "europe" }],
    });
    expect(bb.kademliaAuth!.guard).toMatchObject({
      region: "europe",
      backbone: [{ nodes: "eu_bb", region: "europe" }],
    });
    const light = s.nodes.find((g) => g.group === "eu_priv")!.protocols as Record<string, unknown>;
    expect(Object.keys(light).sort()).toEqual(["auth", "kademlia"]);
  });

  it("a PRIVATE light group named as a relay server is a file error", () => {
    const bad = scenario(`  - group: other
    count: 2
    role: light
    protocols:
      relay: { servers: [eu_priv] }
`);
    expect(() => parseScenario(bad, "t.yaml")).toThrow(ScenarioError);
    try {
      parseScenario(bad, "t.yaml");
    } catch (e) {
      expect(String((e as Error).message)).toMatch(/group 'eu_priv' is PRIVATE: it never relays/);
    }
  });

  it("a region that is not one of the five is a file error", () => {
    expect(() => parseScenario(scenario().replace("region: europe", "region: antarctica"), "t.yaml")).toThrow(
      ScenarioError,
    );
  });
});
