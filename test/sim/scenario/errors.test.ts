import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../../sim/scenario/errors.js";
import { loadScenario, parseScenario } from "../../../sim/scenario/load.js";

const valid = `
duration: 1m
nodes:
  - group: east
    count: 3
  - group: west
    count: 2
`;

/** Parses `text` and returns the ScenarioError it must throw. */
function errorOf(text: string, file = "scenarios/bad.yaml"): ScenarioError {
  try {
    parseScenario(text, file);
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error("expected a ScenarioError, but the scenario was accepted");
}

describe("scenario errors name the file, the path and what was expected", () => {
  it("accepts a minimal scenario and fills in name and seed", () => {
    const s = parseScenario(valid, "scenarios/tiny.yaml");
    expect(s).toMatchObject({ name: "tiny", seed: 1, duration: 60_000 });
    expect(s.nodes.map((g) => g.count)).toEqual([3, 2]);
  });

  it("a negative count", () => {
    const err = errorOf(valid.replace("count: 2", "count: -3"));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ path: "nodes[1].count", line: 7 });
    expect(err.message).toContain("scenarios/bad.yaml:7:");
    expect(err.message).toMatch(/nodes\[1\]\.count: expected a positive whole number, got -3/);
  });

  it("a duration that is not a duration", () => {
    const err = errorOf(valid.replace("duration: 1m", "duration: soon"));
    expect(err.issues[0]).toMatchObject({ path: "duration", line: 2 });
    expect(err.issues[0]!.message).toMatch(/expected a duration such as 500ms, 90s, 2m or 1m30s, got "soon"/);
  });

  it("a missing required field", () => {
    const err = errorOf("nodes:\n  - group: a\n    count: 1\n");
    expect(err.issues.map((i) => i.path)).toContain("duration");
    expect(err.message).toMatch(/duration: is required but missing/);
  });

  it("an unknown field, e.g. a misspelt protocol parameter", () => {
    const err = errorOf(valid.replace("count: 3", "count: 3\n    protocols:\n      gossip: { fanuot: 3 }"));
    expect(err.issues[0]!.path).toBe("nodes[0].protocols.gossip.fanuot");
    expect(err.issues[0]!.message).toMatch(/not a known field/);
  });

  it("a fault naming a group that does not exist, and a timeline entry with two verbs", () => {
    const err = errorOf(
      `${valid}timeline:\n  - { at: 10s, partition: [[east], [north]] }\n  - { at: 20s, heal: true, crash: east-1 }\n`,
    );
    const paths = err.issues.map((i) => i.path);
    expect(paths).toContain("timeline[0].partition[1][0]");
    expect(paths).toContain("timeline[1]");
    expect(err.message).toMatch(/expected a group name or node id, got 'north'/);
    expect(err.message).toMatch(/expected exactly one fault verb .* got heal, crash/);
  });

  it("a node id beyond the group's count in discovery seeds", () => {
    const err = errorOf(valid.replace("count: 3", "count: 3\n    protocols:\n      discovery: { seeds: [west-5] }"));
    expect(err.issues[0]).toMatchObject({ path: "nodes[0].protocols.discovery.seeds[0]" });
  });

  it("a loss rate outside [0, 1] and a fault after the end", () => {
    const err = errorOf(`${valid}network:\n  default: { loss: 1.5 }\ntimeline:\n  - { at: 2m, heal: true }\n`);
    const paths = err.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["network.default.loss"]));
    expect(err.message).toMatch(/between 0 and 1, got 1.5/);
  });

  it("a YAML syntax error gives a line", () => {
    const err = errorOf("duration: 1m\nnodes: [\n  - group: a\n");
    expect(err.issues[0]!.message).toMatch(/^YAML syntax/);
    expect(err.issues[0]!.line).toBeGreaterThan(0);
  });

  it("a file that does not exist", () => {
    expect(() => loadScenario("scenarios/nope.yaml")).toThrow(/scenarios\/nope.yaml: .*cannot read the file/s);
  });

  it("every shipped scenario is valid", async () => {
    const { readdirSync } = await import("node:fs");
    for (const f of readdirSync("scenarios").filter((x) => x.endsWith(".yaml"))) {
      expect(() => loadScenario(`scenarios/${f}`), f).not.toThrow();
    }
  });
});
