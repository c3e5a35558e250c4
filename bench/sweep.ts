import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { startRedis } from "../cli/sweep-redis.js";
import { sweep, type SweepReport } from "../cli/sweep.js";

/** Seeds per sweep. @default 200; MESHTWIN_BENCH_SWEEP_SEEDS overrides (for a quick look on a busy machine). */
const SEEDS = Number(process.env.MESHTWIN_BENCH_SWEEP_SEEDS ?? 200);

/** scenarios/partition-heal.yaml at 200 nodes (100 per side), otherwise as committed. */
function scenario200(dir: string): string {
  const doc = parseDocument(readFileSync("scenarios/partition-heal.yaml", "utf8"));
  const groups = doc.get("nodes") as { items: { set(k: string, v: unknown): void }[] };
  for (const g of groups.items) g.set("count", 100);
  doc.set("name", "partition-heal-200");
  const file = join(dir, "partition-heal-200.yaml");
  writeFileSync(file, doc.toString());
  return file;
}

/** CPU seconds a process has used so far (Linux /proc; undefined elsewhere). */
function procCpu(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds of this process (all its threads) since `from`. */
const cpuSince = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};

/** A `meshtwin worker` process, one thread, until stopped. */
function worker(url: string): { proc: ChildProcess; ready: Promise<void>; stop(): Promise<void> } {
  const proc = spawn(process.execPath, ["cli/bin.js", "worker", "--queue", url], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve) =>
    proc.stdout!.on("data", (d: Buffer) => /watching/.test(d.toString()) && resolve()),
  );
  proc.stdout!.resume();
  return {
    proc,
    ready,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}

/**
 * `npm run bench -- sweep`: the same sweep of a 200-node partition-heal scenario with 1
 * thread, 2 threads, and through a BullMQ queue on a local redis-server with two local
 * `meshtwin worker` processes; wall time, seeds/s, speed-up over 1 job, and whether every
 * seed's fingerprint was the same in all three.
 */
export async function benchSweep(): Promise<Record<string, string | number>[]> {
  const dir = mkdtempSync(join(tmpdir(), "meshtwin-bench-sweep-"));
  const file = scenario200(dir);
  const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
  const runs: { label: string; report: SweepReport; cpu: number | undefined }[] = [];
  const common = { seeds, keepTraces: "none", quiet: true } as const;
  for (const jobs of [1, 2]) {
    const cpu0 = process.cpuUsage();
    const { report } = await sweep(file, { ...common, jobs, out: join(dir, `j${jobs}`) });
    runs.push({ label: `${jobs} job${jobs > 1 ? "s" : ""}`, report, cpu: cpuSince(cpu0) });
  }
  if (spawnSync("redis-server", ["--version"]).status === 0) {
    const redis = await startRedis();
    const workers = [worker(redis.url), worker(redis.url)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      const before = workers.map((w) => procCpu(w.proc.pid) ?? NaN);
      const cpu0 = process.cpuUsage();
      const { report } = await sweep(file, { ...common, queue: redis.url, out: join(dir, "queue") });
      const workerCpu = workers.reduce((sum, w, i) => sum + (procCpu(w.proc.pid) ?? NaN) - before[i]!, 0);
      runs.push({ label: "queue, 2 local workers", report, cpu: cpuSince(cpu0) + workerCpu });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await redis.stop();
    }
  } else process.stderr.write("bench sweep: no redis-server (bash scripts/install-redis.sh): queue row skipped\n");
  const base = runs[0]!.report;
  const same = (r: SweepReport) => r.results.every((x, i) => x.fingerprint === base.results[i]!.fingerprint);
  return runs.map(({ label, report, cpu }) => ({
    runner: label,
    seeds: report.results.length,
    nodes: 200,
    "wall s": Math.round(report.wallMs / 100) / 10,
    "seeds/s": Math.round((report.results.length / (report.wallMs / 1000)) * 100) / 100,
    "speed-up": `${(base.wallMs / report.wallMs).toFixed(2)}×`,
    // On a shared machine wall time depends on the load; CPU per seed says whether the work itself grew.
    "CPU s": cpu === undefined || Number.isNaN(cpu) ? "-" : Math.round(cpu * 10) / 10,
    "CPU s/seed": cpu === undefined || Number.isNaN(cpu) ? "-" : Math.round((cpu / report.results.length) * 100) / 100,
    "pass rate": `${(report.summary.passRate * 100).toFixed(1)}%`,
    "fingerprints = 1 job": same(report) ? "all equal" : "DIFFER",
  }));
}
