import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweep } from "../../../cli/sweep.js";
import { loadScenario } from "../../../sim/scenario/load.js";
import { runSeed } from "../../../sim/sweep/run-seed.js";
import { commandTool, requireTools } from "../../helpers/require-tool.js";
import { startRedis } from "../../../cli/sweep-redis.js";

const FLAKY = "test/fixtures/scenarios-flaky/lossy-heal.yaml";
const haveRedis = requireTools(import.meta.url, [commandTool("redis-server", "bash scripts/install-redis.sh")]);

/** A `meshtwin worker` process whose stdout lines are collected. */
function startWorker(url: string, ...extra: string[]) {
  const proc: ChildProcess = spawn(process.execPath, ["cli/bin.js", "worker", "--queue", url, ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; count: number; resolve(): void }[] = [];
  let buf = "";
  proc.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split("\n");
    buf = parts.pop()!;
    lines.push(...parts);
    for (const w of [...waiters])
      if (lines.filter((l) => w.re.test(l)).length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  });
  let stderr = "";
  proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return {
    proc,
    lines,
    stderr: () => stderr,
    /** Resolves once `count` lines match `re`. */
    waitFor: (re: RegExp, count = 1) =>
      new Promise<void>((resolve) => {
        if (lines.filter((l) => re.test(l)).length >= count) return resolve();
        waiters.push({ re, count, resolve });
      }),
    seedsDone: () => lines.flatMap((l) => /^done seed (\d+):/.exec(l)?.[1] ?? []).map(Number),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}

describe.skipIf(!haveRedis)("meshtwin sweep --queue with real redis-server and worker processes", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("a worker SIGKILLed mid-seed loses nothing: every seed completes exactly once, same fingerprints as local runs", async () => {
    const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
    const a = startWorker(redis.url);
    const b = startWorker(redis.url);
    // A worker for another scenario file is refused by hash and takes nothing.
    const other = startWorker(redis.url, "--scenario", "scenarios/smoke.yaml");
    try {
      await Promise.all([a, b, other].map((w) => w.waitFor(/^meshtwin worker .* watching/)));
      const out = mkdtempSync(join(tmpdir(), "meshtwin-sweep-queue-"));
      const running = sweep(FLAKY, { seeds, queue: redis.url, out, quiet: true });
      // Kill A while it holds a seed: after it has taken its second one.
      await a.waitFor(/^took seed \d+/, 2);
      const took = a.lines.filter((l) => l.startsWith("took seed")).map((l) => Number(/\d+/.exec(l)![0]));
      const inFlight = took.at(-1)!;
      a.proc.kill("SIGKILL");
      const { report } = await running;

      // Each seed once in sweep.json, with the same fingerprint as a run on this thread.
      expect(report.results.map((r) => r.seed)).toEqual(seeds);
      const scenario = loadScenario(FLAKY);
      for (const r of report.results)
        expect(r.fingerprint, `seed ${r.seed}`).toBe(runSeed(scenario, r.seed).fingerprint);
      // The killed worker's seed was not finished by it, and was finished by the other one.
      const doneA = a.seedsDone();
      const doneB = b.seedsDone();
      expect(doneA).not.toContain(inFlight);
      expect(doneB).toContain(inFlight);
      // Exactly once across the workers: no seed done twice, none missing.
      expect([...doneA, ...doneB].sort((x, y) => x - y)).toEqual(seeds);
      expect(report.requeued).toBeGreaterThanOrEqual(1);
      expect(
        other.lines.some((l) =>
          /^refused sweep .* differs from this worker's --scenario scenarios\/smoke\.yaml/.test(l),
        ),
      ).toBe(true);
      expect(other.seedsDone()).toEqual([]);
      // Failing seeds' traces were kept by re-running them on the sweeping side: same fingerprint.
      for (const r of report.results.filter((x) => !x.ok)) {
        expect(r.trace).toBe(`seeds/${r.seed}`);
        expect(r.rerunFingerprint).toBeUndefined();
      }
    } finally {
      await Promise.all([a.stop(), b.stop(), other.stop()]);
    }
  }, 180_000);
});
