import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Table from "cli-table3";
import { writeTrace } from "../runtime/trace-writer.js";
import { fmtTime } from "../sim/expect/result.js";
import { runScenario, type RunReport } from "../sim/run.js";
import { loadScenario, type LoadedScenario } from "../sim/scenario/load.js";
import { progressReporter } from "./progress.js";

export interface RunCommandOptions {
  readonly seed?: string;
  readonly out?: string;
  readonly checkDeterminism?: boolean;
  readonly trace?: boolean;
  readonly quiet?: boolean;
}

/** What `meshtwin run` measured beyond the simulation's own report. */
export interface RunMeasurements {
  readonly wallMs: number;
  readonly eventsPerSecond: number;
  readonly simulatedPerWall: number;
  readonly peakRssMiB: number;
}

export type FullReport = RunReport & {
  readonly measured: RunMeasurements;
  readonly determinism?: { readonly fingerprints: string[]; readonly ok: boolean };
};

/** Seeds given on the command line stay numbers when they look like numbers. */
export function parseSeed(seed: string | undefined): number | string | undefined {
  if (seed === undefined) return undefined;
  return /^-?\d+$/.test(seed) ? Number(seed) : seed;
}

/** Runs a scenario once (twice with determinism checking), writes trace and report, prints a summary. */
export function runOnce(scenario: LoadedScenario, options: RunCommandOptions): FullReport {
  const seed = parseSeed(options.seed);
  const outDir = options.out ?? join("out", scenario.name);
  mkdirSync(outDir, { recursive: true });
  const progress = options.quiet ? undefined : progressReporter(scenario.name);
  const started = performance.now();
  let closeTrace: (() => void) | undefined;
  const { report } = runScenario(scenario, {
    seed,
    onProgress: progress?.update,
    beforeRun: (world) => {
      if (options.trace !== false) {
        const writer = writeTrace(world.log, join(outDir, "trace.ndjson"));
        closeTrace = () => writer.close();
      }
    },
  });
  closeTrace?.();
  progress?.stop();
  const wallMs = performance.now() - started;
  const measured: RunMeasurements = {
    wallMs: Math.round(wallMs),
    eventsPerSecond: Math.round(report.events / (wallMs / 1000)),
    simulatedPerWall: Math.round((report.simulatedMs / wallMs) * 10) / 10,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  let full: FullReport = { ...report, measured };
  if (options.checkDeterminism) {
    const second = runScenario(scenario, { seed }).report;
    const fingerprints = [report.fingerprint, second.fingerprint];
    full = { ...full, determinism: { fingerprints, ok: fingerprints[0] === fingerprints[1] } };
  }
  writeFileSync(join(outDir, "report.json"), JSON.stringify(full, null, 2) + "\n");
  return full;
}

/** The end-of-run summary: expectations, then figures. */
export function summaryTable(r: FullReport): string {
  const t = new Table({ head: ["", "expectation", "measured"], wordWrap: true, colWidths: [4, 58, 48] });
  for (const e of r.expectations) t.push([e.ok ? "✔" : "✘", e.description, e.detail]);
  const figures = new Table();
  const n = (x: number) => x.toLocaleString("en-US");
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
    { "peak memory (RSS)": `${n(r.measured.peakRssMiB)} MiB` },
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
export function runCommand(file: string, options: RunCommandOptions): number {
  const scenario = loadScenario(file);
  const report = runOnce(scenario, options);
  process.stdout.write(summaryTable(report) + "\n");
  const outDir = options.out ?? join("out", scenario.name);
  process.stdout.write(`trace and report in ${outDir}/\n`);
  const failures = failureLines(report);
  if (failures.length) process.stderr.write(failures.join("\n") + "\n");
  return failures.length ? 1 : 0;
}
