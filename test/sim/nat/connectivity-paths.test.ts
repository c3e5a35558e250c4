import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { natReportOf } from "../../../sim/nat/install.js";
import { runScenario } from "../../../sim/run.js";
import { parseScenario } from "../../../sim/scenario/load.js";

const FIXTURE = "test/fixtures/scenarios-failing/cgnat-no-punch.yaml";
const broken = readFileSync(FIXTURE, "utf8");
/** The same file with the holepunch actor at its defaults. */
const working = broken.replace("holepunch: { punchTimeout: 1, retries: 0 }", "holepunch: {}");

const connectivity = (text: string) => {
  const { report } = runScenario(parseScenario(text, FIXTURE));
  return { result: report.expectations[0]!, table: natReportOf(report)!.connectivity! };
};

describe("connectivity: per-path bounds", () => {
  it("given hole punching disabled, then every pair still connects through relays but the expectation fails on its paths", () => {
    expect(working).not.toBe(broken);
    const { result, table } = connectivity(broken);
    expect(table.unreachable / table.pairs).toBeLessThanOrEqual(0.01); // `success` alone would pass
    expect(table.punched).toBe(0);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/punched 0\.0% < 30\.0%; relayed \d+\.\d% > 30\.0%/);
    expect(result.offenders[0]!.why).toMatch(/through a relay/);
  });

  it("given the same scenario with punching on, then the path bounds hold", () => {
    const { result, table } = connectivity(working);
    expect(result.ok).toBe(true);
    expect(result.description).toContain("punched ≥ 30.0%, relayed ≤ 30.0%");
    expect(table.punched / table.pairs).toBeGreaterThanOrEqual(0.3);
  });

  it("rejects a bound outside [0, 1]", () => {
    const bad = working.replace("punched: { atLeast: 0.3 }", "punched: { atLeast: 30 }");
    expect(() => parseScenario(bad, FIXTURE)).toThrow(/punched.*atLeast|between 0 and 1/);
  });
});
