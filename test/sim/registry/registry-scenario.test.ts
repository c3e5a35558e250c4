import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../sim/run.js";
import { parseScenario } from "../../../sim/scenario/load.js";

const text = readFileSync("scenarios/registry.yaml", "utf8");

describe("scenarios/registry.yaml", () => {
  // `meshtwin check` runs the scenario itself (CI); here: its expectations are live.
  it("fails, naming the cut nodes, when silent nodes are not marked offline in time", () => {
    const broken = text.replace(
      "registry: { signatures: modelled }",
      "registry: { signatures: modelled, offlineAfter: 20m }",
    );
    expect(broken).not.toBe(text);
    const { report } = runScenario(parseScenario(broken, "broken.yaml"));
    const offline = report.expectations.find((e) => e.description.includes("offline at 15m30s"))!;
    expect(offline.ok).toBe(false);
    expect(offline.offenders[0]).toMatchObject({ node: expect.stringMatching(/^cut-/), why: "active" });
  });
});
