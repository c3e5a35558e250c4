import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const meshtwin = (...args: string[]) =>
  spawnSync(process.execPath, ["cli/bin.js", ...args], { encoding: "utf8", env: { ...process.env, CI: "true" } });

describe("meshtwin run / check (real processes)", () => {
  const tmp = mkdtempSync(join(tmpdir(), "meshtwin-cli-"));

  it("run: exit 0, a summary, trace.ndjson whose sha256 is the fingerprint, and report.json", () => {
    const out = join(tmp, "smoke");
    const r = meshtwin("run", "scenarios/smoke.yaml", "--out", out, "--check-determinism");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/deterministic: 2 runs equal/);
    expect(r.stdout).toMatch(/peak memory/);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.ok).toBe(true);
    expect(report.determinism.ok).toBe(true);
    const sha = createHash("sha256")
      .update(readFileSync(join(out, "trace.ndjson")))
      .digest("hex");
    expect(sha).toBe(report.fingerprint);
  });

  it("run: an expectation that cannot hold exits 1 with the seed and offending nodes", () => {
    const r = meshtwin(
      "run",
      "test/fixtures/scenarios-failing/never-heals.yaml",
      "--out",
      join(tmp, "nh"),
      "--no-trace",
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/FAILED never-heals \(seed 11\)/);
    expect(r.stderr).toMatch(/^ {2}(left|right)-\d+: /m);
    expect(existsSync(join(tmp, "nh", "trace.ndjson"))).toBe(false);
  });

  it("run: an invalid scenario exits 2 naming file, line and path", () => {
    const bad = join(tmp, "bad.yaml");
    writeFileSync(bad, "duration: 1m\nnodes:\n  - group: a\n    count: 0\n");
    const r = meshtwin("run", bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}:4:12: nodes[0].count: expected a positive whole number, got 0`);
  });

  it("check: runs every scenario of a folder and fails if one fails", () => {
    const dir = join(tmp, "suite");
    mkdirSync(dir);
    writeFileSync(join(dir, "a-smoke.yaml"), readFileSync("scenarios/smoke.yaml"));
    writeFileSync(join(dir, "b-never-heals.yaml"), readFileSync("test/fixtures/scenarios-failing/never-heals.yaml"));
    const r = meshtwin("check", dir, "--out", join(tmp, "check"));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/smoke.*pass/);
    expect(r.stdout).toMatch(/never-heals.*FAIL/);
  });
});
