import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "../sim/scenario/load.js";
import { summarize, type SweepSummary } from "../sim/sweep/aggregate.js";
import { codeIdentity, scenarioHash } from "./sweep-identity.js";
import { defaultJobs, localRunner, type SeedRunner } from "./sweep-pool.js";
import { colourOn } from "./output.js";
import { distributionTable, reproduceCommand, sweepProgress, sweepTable } from "./sweep-print.js";
import type { KeepTraces, SeedOutcome, SeedTask } from "./sweep-task.js";

/** Options of `meshtwin sweep`. */
export interface SweepOptions {
  readonly seeds: readonly number[];
  /** Worker threads. @default the number of cores */
  readonly jobs?: number;
  /** @default out/sweep/<scenario-name> */
  readonly out?: string;
  /** @default "failing" */
  readonly keepTraces?: KeepTraces;
  /** `redis://HOST:PORT`: put the seeds on a BullMQ queue for `meshtwin worker`s instead of local threads. */
  readonly queue?: string;
  /** No progress output (tests, benchmarks). */
  readonly quiet?: boolean;
}

/** `sweep.json`: the sweep's settings, summary and one row per seed (seed order). */
export interface SweepReport {
  readonly version: 1;
  readonly scenario: string;
  readonly file: string;
  readonly scenarioHash: string;
  readonly meshtwin: string;
  readonly runner: string;
  /** With a queue: seeds put back on the queue because their worker stopped renewing its lock (died). */
  readonly requeued?: number;
  readonly keepTraces: KeepTraces;
  readonly wallMs: number;
  readonly summary: SweepSummary;
  readonly results: readonly (SeedOutcome & { readonly reproduce: string })[];
}

/** A seed whose run threw (a bug the sweep found): reported like a failed expectation. */
function crashed(seed: number, err: unknown): SeedOutcome {
  const message = err instanceof Error ? err.message : String(err);
  return {
    seed,
    ok: false,
    fingerprint: "",
    events: 0,
    held: 0,
    expectations: 0,
    failure: { expectation: "the run threw", detail: message.split("\n")[0]!, offenders: [] },
    figures: { healAt: null, reconvergeMs: null, latencyP50Ms: null, latencyP99Ms: null, messagesPerNode: 0 },
    wallMs: 0,
  };
}

/** Re-runs a seed a queue worker ran, here, with its trace; a different fingerprint means it is not deterministic. */
async function keepTrace(tracer: SeedRunner, task: SeedTask, remote: SeedOutcome): Promise<SeedOutcome> {
  const local = await tracer.run({ ...task, keep: "all" });
  return {
    ...remote,
    trace: local.trace,
    ...(local.fingerprint !== remote.fingerprint ? { rerunFingerprint: local.fingerprint } : {}),
  };
}

/** Runs every seed of a scenario on local threads or a queue; writes and returns `sweep.json`. */
export async function sweep(file: string, options: SweepOptions): Promise<{ report: SweepReport; outDir: string }> {
  const scenario = loadScenario(file);
  const text = readFileSync(file, "utf8");
  const hash = scenarioHash(text);
  const outDir = options.out ?? join("out", "sweep", scenario.name);
  const keep = options.keepTraces ?? "failing";
  // Traces of an earlier sweep into the same folder would be offered for seeds that no longer have one.
  rmSync(join(outDir, "seeds"), { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const started = performance.now();
  const runner: SeedRunner = options.queue
    ? await (await import("./sweep-queue.js")).queueRunner(options.queue, { file, hash, identity: codeIdentity() })
    : localRunner(options.jobs ?? defaultJobs());
  // Queue workers keep no traces (they may be other machines): the seeds whose trace is kept run again here.
  const tracer = options.queue && keep !== "none" ? localRunner(1) : undefined;
  const progress = options.quiet ? undefined : sweepProgress(`sweep ${scenario.name}`, options.seeds.length);
  const outcomes = new Map<number, SeedOutcome>();
  // Ctrl-C on a queued sweep withdraws it (announcement and queue) so workers do not keep its seeds.
  const interrupted = (): void => {
    progress?.stop();
    process.stderr.write("sweep interrupted: withdrawing it\n");
    void runner.close().finally(() => process.exit(130));
  };
  if (options.queue) process.once("SIGINT", interrupted);
  try {
    await Promise.all(
      options.seeds.map(async (seed) => {
        const task: SeedTask = { file, text, hash, seed, keep, outDir };
        let o = await runner.run(task).catch((err: unknown) => crashed(seed, err));
        if (tracer && o.fingerprint && (keep === "all" || (keep === "failing" && !o.ok)))
          o = await keepTrace(tracer, task, o);
        outcomes.set(seed, o);
        progress?.tick(o);
      }),
    );
  } finally {
    process.off("SIGINT", interrupted);
    progress?.stop();
    await runner.close();
    await tracer?.close();
  }
  const results = options.seeds
    .map((s) => outcomes.get(s)!)
    .sort((a, b) => a.seed - b.seed)
    .map((o) => ({ ...o, reproduce: reproduceCommand(file, o.seed) }));
  const report: SweepReport = {
    version: 1,
    scenario: scenario.name,
    file,
    scenarioHash: hash,
    meshtwin: codeIdentity(),
    runner: options.queue ? `queue ${options.queue}` : `${runner.parallelism} threads`,
    ...(runner.stalls ? { requeued: runner.stalls() } : {}),
    keepTraces: keep,
    wallMs: Math.round(performance.now() - started),
    summary: summarize(results),
    results,
  };
  writeFileSync(join(outDir, "sweep.json"), JSON.stringify(report, null, 1) + "\n");
  return { report, outDir };
}

/** `meshtwin sweep`: prints the table and distributions; exit 0 only when every seed passes. */
export async function sweepCommand(file: string, options: SweepOptions): Promise<number> {
  const { report, outDir } = await sweep(file, options);
  const colour = colourOn(process.stdout);
  const outcomes = new Map(report.results.map((r) => [r.seed, r]));
  process.stdout.write(sweepTable(report.summary, outcomes, file, colour) + "\n");
  process.stdout.write(distributionTable(report.summary, colour) + "\n");
  process.stdout.write(
    `${report.results.length} seeds in ${(report.wallMs / 1000).toFixed(1)} s on ${report.runner}; sweep.json in ${outDir}/` +
      ` (see it: npx meshtwin viz ${outDir})\n`,
  );
  return report.summary.failed === 0 ? 0 : 1;
}
