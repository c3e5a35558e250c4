import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Table from "cli-table3";
import { writeTrace } from "../runtime/trace-writer.js";
import { fmtTime } from "../sim/expect/result.js";
import { prepareRun, runChecks, type RunChecks, type RunReport } from "../sim/run.js";
import type { EngineProgress } from "../sim/engine.js";
import type { World } from "../sim/world.js";
import { TraceIndexer } from "../viz/src/index/trace-index.js";
import type { TraceWriter } from "../runtime/trace-writer.js";
import { loadScenario, type LoadedScenario } from "../sim/scenario/load.js";
import { guardMemory } from "./memory-guard.js";
import { tableStyle } from "./output.js";
import { progressReporter } from "./progress.js";
import { liveHeap, perNode, type MemoryPerNode } from "./heap.js";

export interface RunCommandOptions {
  readonly seed?: string;
  readonly out?: string;
  readonly checkDeterminism?: boolean;
  readonly trace?: boolean;
  readonly quiet?: boolean;
  /** Stream the log to a viewer on loopback while the simulation runs. */
  readonly live?: boolean;
  /** With `live`: simulated seconds per wall second. */
  readonly speed?: number;
  /** With `live`: the viewer's port. */
  readonly port?: number;
}

/** What `meshtwin run` measured beyond the simulation's own report. */
export interface RunMeasurements {
  readonly wallMs: number;
  readonly eventsPerSecond: number;
  readonly simulatedPerWall: number;
  readonly peakRssMiB: number;
  /** Heap per simulated node, built and after the run (the GC before each sample is not in `wallMs`). */
  readonly memoryPerNode: MemoryPerNode;
}

export type FullReport = RunReport &
  RunChecks & {
    readonly measured: RunMeasurements;
    /** Lines the simulator's plug-ins add to the summary (NAT connectivity, relay load, …). */
    readonly summary: Record<string, string>;
  };

/** Seeds given on the command line stay numbers when they look like numbers. */
export function parseSeed(seed: string | undefined): number | string | undefined {
  if (seed === undefined) return undefined;
  return /^-?\d+$/.test(seed) ? Number(seed) : seed;
}

/** Runs a scenario once (twice with determinism checking), writes trace, index and report. */
export async function runOnce(scenario: LoadedScenario, options: RunCommandOptions): Promise<FullReport> {
  const seed = parseSeed(options.seed);
  const outDir = options.out ?? join("out", scenario.name);
  mkdirSync(outDir, { recursive: true });
  const progress = options.quiet ? undefined : progressReporter(scenario.name);
  const before = liveHeap();
  const started = performance.now();
  const run = prepareRun(scenario, { seed });
  const { world } = run;
  const built = liveHeap();
  let trace: TraceWriter | undefined;
  let indexer: TraceIndexer | undefined;
  if (options.trace !== false) {
    trace = writeTrace(world.log, join(outDir, "trace.ndjson"));
    // The viewer's index is built while the run goes, so `meshtwin viz` opens at once.
    const ix = new TraceIndexer(outDir);
    world.log.entries$.subscribe((e) => ix.push(e));
    indexer = ix;
  }
  if (options.live) {
    const { serveLive } = await import("./viz.js");
    const server = await serveLive(world.log.entries$, { port: options.port });
    await runInSlices(world, options.speed, progress?.update);
    process.stderr.write(`live viewer still serving at ${server.url} (Ctrl-C to stop)\n`);
  } else {
    world.run(scenario.duration, progress?.update);
  }
  progress?.stop();
  const report = run.report();
  trace?.close();
  indexer?.finish();
  const wallMs = performance.now() - started - built.ms;
  const afterRun = liveHeap();
  const measured: RunMeasurements = {
    wallMs: Math.round(wallMs),
    eventsPerSecond: Math.round(report.events / (wallMs / 1000)),
    simulatedPerWall: Math.round((report.simulatedMs / wallMs) * 10) / 10,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    memoryPerNode: perNode(world.nodes.length, before.bytes, built.bytes, afterRun.bytes),
  };
  const checks = runChecks(scenario, report, { seed, checkDeterminism: options.checkDeterminism });
  const full: FullReport = { ...report, measured, ...checks, summary: run.summary() };
  const { summary: _lines, ...written } = full;
  writeFileSync(join(outDir, "report.json"), JSON.stringify(written, null, 2) + "\n");
  return full;
}

/**
 * Runs the world one simulated second at a time, yielding to the event loop between
 * slices so a live viewer's socket is served; `speed` paces it (simulated seconds per
 * wall second), unpaced when absent.
 */
async function runInSlices(world: World, speed: number | undefined, onProgress?: (p: EngineProgress) => void) {
  const duration = world.scenario.duration;
  const wallStart = performance.now();
  for (let t = 0; t < duration;) {
    t = Math.min(duration, t + 1000);
    world.run(t, onProgress && ((p) => onProgress({ ...p, until: duration })));
    const due = speed ? t / speed - (performance.now() - wallStart) : 0;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due)));
  }
}

/** The end-of-run summary: expectations, then figures. */
export function summaryTable(r: FullReport): string {
  const t = new Table({
    head: ["", "expectation", "measured"],
    wordWrap: true,
    colWidths: [4, 58, 48],
    ...tableStyle(),
  });
  for (const e of r.expectations) t.push([e.ok ? "✔" : "✘", e.description, e.detail]);
  // Baselines are for comparison: their verdicts do not decide the exit code.
  for (const b of r.baselines ?? [])
    for (const e of b.expectations) t.push([e.ok ? "·" : "✘·", `${b.label}: ${e.description}`, e.detail]);
  const figures = new Table({ ...tableStyle() });
  const n = (x: number) => x.toLocaleString("en-US");
  const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  figures.push(
    { scenario: `${r.scenario} (seed ${r.seed})` },
    { nodes: n(r.nodes) },
    { "simulated time": fmtTime(r.simulatedMs) },
    { "wall time": `${(r.measured.wallMs / 1000).toFixed(2)} s (${r.measured.simulatedPerWall}× real time)` },
    { events: `${n(r.events)} (${n(r.measured.eventsPerSecond)}/s)` },
    { "log entries": n(r.logEntries) },
    { "messages published": n(r.messages.published) },
    { "first deliveries": n(r.messages.deliveries) },
    {
      network: `${n(r.network.sent)} sent, ${n(r.network.delivered)} delivered, ${n(r.network.lost)} lost, ${n(r.network.partitioned)} cut by partition, ${n(r.network.unreachable)} to down nodes`,
    },
    { "malformed frames": n(r.malformed) },
    ...Object.entries(r.summary).map(([k, v]) => ({ [k]: v })),
    { "peak memory (RSS)": `${n(r.measured.peakRssMiB)} MiB` },
    {
      "memory per node": `${kib(r.measured.memoryPerNode.built)} built, ${kib(r.measured.memoryPerNode.afterRun)} after the run (heap)`,
    },
    {
      fingerprint:
        r.fingerprint.slice(0, 16) +
        (r.determinism ? (r.determinism.ok ? " (deterministic: 2 runs equal)" : " (DIFFERS between runs)") : ""),
    },
  );
  return (r.expectations.length ? t.toString() + "\n" : "") + figures.toString();
}

/** Lines naming the seed and first offending nodes of each failed expectation. */
export function failureLines(r: FullReport): string[] {
  const lines: string[] = [];
  for (const e of r.expectations.filter((x) => !x.ok)) {
    lines.push(`FAILED ${r.scenario} (seed ${r.seed}): ${e.description}: ${e.detail}`);
    for (const o of e.offenders) lines.push(`  ${o.node}: ${o.why}`);
  }
  if (r.determinism && !r.determinism.ok)
    lines.push(
      `NOT DETERMINISTIC ${r.scenario} (seed ${r.seed}): fingerprints ${r.determinism.fingerprints.join(" ≠ ")}`,
    );
  return lines;
}

/** `meshtwin run`: returns the process exit code. */
export async function runCommand(file: string, options: RunCommandOptions): Promise<number> {
  const scenario = loadScenario(file);
  guardMemory(scenario);
  const report = await runOnce(scenario, options);
  process.stdout.write(summaryTable(report) + "\n");
  const outDir = options.out ?? join("out", scenario.name);
  process.stdout.write(`trace and report in ${outDir}/\n`);
  const failures = failureLines(report);
  if (failures.length) process.stderr.write(failures.join("\n") + "\n");
  return failures.length ? 1 : 0;
}
