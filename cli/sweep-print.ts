import cliProgress from "cli-progress";
import Table from "cli-table3";
import type { Distribution, SweepSummary } from "../sim/sweep/aggregate.js";
import { fmtTime } from "../sim/expect/result.js";
import { progressOn } from "./output.js";
import type { SeedOutcome } from "./sweep-task.js";

/**
 * Sweep progress on stderr: seeds done, failures so far, ETA. A bar on a terminal; on a
 * pipe one plain line per 10 % of the seeds (and the first failure of each seed, never
 * more than one line per seed).
 */
export function sweepProgress(label: string, total: number): { tick(o: SeedOutcome): void; stop(): void } {
  const started = performance.now();
  const tty = progressOn(process.stderr);
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `${label} {bar} {value}/{total} seeds | {failed} failing | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(total, 0, { failed: 0 });
  let done = 0;
  let failed = 0;
  let lastTenth = 0;
  return {
    tick(o) {
      done++;
      if (!o.ok) failed++;
      if (bar) return void bar.update(done, { failed });
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth || done === total) {
        lastTenth = tenth;
        const secs = (performance.now() - started) / 1000;
        const eta = done < total ? `, ETA ${fmtTime((secs / done) * (total - done) * 1000)}` : "";
        process.stderr.write(`${label}: ${done}/${total} seeds, ${failed} failing${eta}\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

/** The command that reruns one seed alone, with its trace. */
export const reproduceCommand = (file: string, seed: number): string =>
  `npx meshtwin run ${/^[\w./-]+$/.test(file) ? file : JSON.stringify(file)} --seed ${seed}`;

const plainStyle = { head: [] as string[], border: [] as string[] };

/** End-of-sweep table: pass rate, then each failing seed with its first broken expectation, nodes and command. */
export function sweepTable(
  summary: SweepSummary,
  outcomes: ReadonlyMap<number, SeedOutcome>,
  file: string,
  colour: boolean,
  maxRows = 20,
): string {
  const style = colour ? {} : { style: plainStyle };
  const head = new Table(style);
  const pct = (summary.passRate * 100).toFixed(summary.passRate === 1 || summary.passRate === 0 ? 0 : 1);
  head.push({ "pass rate": `${pct}% (${summary.passed}/${summary.seeds} seeds)` });
  if (summary.failed === 0) return head.toString();
  const t = new Table({
    head: ["seed", "first failing expectation", "nodes"],
    wordWrap: true,
    colWidths: [7, 70, 30],
    ...style,
  });
  const shown = summary.failing.slice(0, maxRows);
  for (const seed of shown) {
    const o = outcomes.get(seed)!;
    const f = o.failure;
    const nodes = [...new Set(f?.offenders.map((x) => x.node))].join(", ") || "-";
    const note = o.rerunFingerprint ? " (NOT DETERMINISTIC: a re-run differed)" : "";
    t.push([seed, `${f?.expectation ?? "?"}: ${f?.detail ?? ""}${note}`, nodes]);
  }
  // The commands go below the table, whole, so they can be copied.
  const commands = shown.map((seed) => `  seed ${seed}: ${reproduceCommand(file, seed)}`);
  const more =
    summary.failing.length > maxRows ? [`  … and ${summary.failing.length - maxRows} more in sweep.json`] : [];
  return [head.toString(), t.toString(), "reproduce a failing seed (with its trace):", ...commands, ...more].join("\n");
}

/** A figure's value in words: durations as `1.2s`, counts as numbers. */
const fmt = (d: Distribution, v: number | null): string =>
  v === null ? "-" : d.unit === "ms" ? fmtTime(v) : v.toLocaleString("en-US");

/** Distributions across seeds: quantiles and a one-line histogram of each figure. */
export function distributionTable(summary: SweepSummary, colour: boolean): string {
  const t = new Table({
    head: ["across seeds", "min", "p50", "p90", "p99", "max", "histogram (min → max)", "seeds without"],
    ...(colour ? {} : { style: plainStyle }),
  });
  for (const d of summary.distributions) {
    t.push([
      d.label,
      fmt(d, d.min),
      fmt(d, d.p50),
      fmt(d, d.p90),
      fmt(d, d.p99),
      fmt(d, d.max),
      sparkline(d),
      d.missing,
    ]);
  }
  return t.toString();
}

const BARS = " ▁▂▃▄▅▆▇█";

/** The histogram's bins as block characters, tallest = most seeds. */
export function sparkline(d: Distribution): string {
  const counts = d.bins.map((b) => b.seeds.length);
  const top = Math.max(0, ...counts);
  if (top === 0) return "";
  return counts.map((c) => BARS[c === 0 ? 0 : Math.max(1, Math.round((c / top) * 8))]).join("");
}
