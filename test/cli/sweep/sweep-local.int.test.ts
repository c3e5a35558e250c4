import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../../cli/sweep-redis.js";
import { sweep, type SweepReport } from "../../../cli/sweep.js";
import { loadScenario } from "../../../sim/scenario/load.js";
import { runSeed } from "../../../sim/sweep/run-seed.js";

const meshtwin = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["cli/bin.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "true", ...env },
  });

const FLAKY = "test/fixtures/scenarios-flaky/lossy-heal.yaml";
const fingerprints = (r: SweepReport) => Object.fromEntries(r.results.map((x) => [x.seed, x.fingerprint]));

// Each test starts threads or processes that compile the simulator afresh; a busy machine needs minutes.
describe("meshtwin sweep on local threads", { timeout: 240_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), "meshtwin-sweep-"));
  const seeds = [1, 2, 3, 4];

  it("1 job and 2 jobs give the same fingerprint per seed as the main thread", async () => {
    const opts = { seeds, keepTraces: "none", quiet: true } as const;
    const one = await sweep(FLAKY, { ...opts, jobs: 1, out: join(tmp, "one") });
    const two = await sweep(FLAKY, { ...opts, jobs: 2, out: join(tmp, "two") });
    const scenario = loadScenario(FLAKY);
    const main = Object.fromEntries(seeds.map((s) => [s, runSeed(scenario, s).fingerprint]));
    expect(fingerprints(one.report)).toEqual(main);
    expect(fingerprints(two.report)).toEqual(main);
    // Different seeds are different runs.
    expect(new Set(Object.values(main)).size).toBe(seeds.length);
    expect(two.report.summary.failing).toEqual(one.report.summary.failing);
    expect(JSON.parse(readFileSync(join(tmp, "two", "sweep.json"), "utf8")).results).toHaveLength(seeds.length);
  });

  it("finds the fixture's failing seeds; each printed command reproduces its verdict", () => {
    const out = join(tmp, "flaky");
    const file = FLAKY;
    const r = meshtwin(["sweep", file, "--seeds", "1..10", "--jobs", "2", "--out", out], { NO_COLOR: "1" });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const report = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")) as SweepReport;
    const failing = report.summary.failing;
    // The fixture fails for some seeds, not all: a sweep is what finds them.
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.length).toBeLessThan(10);
    const commands = [...r.stdout.matchAll(/^ {2}seed (\d+): npx meshtwin (run .*)$/gm)];
    expect(commands.map((m) => Number(m[1]))).toEqual(failing);
    const [seed, command] = [Number(commands[0]![1]), commands[0]![2]!];
    const row = report.results.find((x) => x.seed === seed)!;
    expect(r.stdout).toContain(row.failure!.expectation);
    const rerun = meshtwin([...command.split(" "), "--out", join(tmp, "repro")]);
    expect(rerun.status).toBe(1);
    expect(rerun.stderr).toContain(`FAILED lossy-heal (seed ${seed}): ${row.failure!.expectation}`);
    expect(JSON.parse(readFileSync(join(tmp, "repro", "report.json"), "utf8")).fingerprint).toBe(row.fingerprint);
    // The failing seed's trace was kept, and is that run's log; passing seeds kept none.
    const trace = readFileSync(join(out, "seeds", String(seed), "trace.ndjson"));
    expect(createHash("sha256").update(trace).digest("hex")).toBe(row.fingerprint);
    const passing = report.results.find((x) => x.ok)!;
    expect(existsSync(join(out, "seeds", String(passing.seed)))).toBe(false);
    const ok = meshtwin(["run", file, "--seed", String(passing.seed), "--no-trace", "--out", join(tmp, "pass")]);
    expect(ok.status, ok.stderr).toBe(0);
  });

  it("bad input: a line naming the flag, non-zero exit, no stack trace", async () => {
    const r = meshtwin(["sweep", "scenarios/smoke.yaml", "--seeds", "3..1"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.split("\n")[0]).toMatch(/--seeds: range 3\.\.1 runs backwards/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const bad = meshtwin(["sweep", "test/fixtures/no-such.yaml", "--seeds", "1..2"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^test\/fixtures\/no-such\.yaml: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    // Nobody listens on a port just freed: one line, exit 2, no reconnect loop.
    const url = `redis://127.0.0.1:${await freePort()}`;
    for (const args of [
      ["worker", "--queue", url],
      ["sweep", FLAKY, "--seeds", "1..2", "--queue", url],
    ]) {
      const r = meshtwin(args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(
        `meshtwin: --queue ${url}: cannot reach Redis (connect ECONNREFUSED ${url.slice(8)})`,
      );
    }
  });
});
