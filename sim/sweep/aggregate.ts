import type { SeedFigures } from "./figures.js";
import type { SeedResult } from "./run-seed.js";

/** The figures a sweep draws as distributions, with how they read. */
export const FIGURES = {
  reconvergeMs: { label: "reconvergence after heal", unit: "ms" },
  latencyP50Ms: { label: "delivery latency p50", unit: "ms" },
  latencyP99Ms: { label: "delivery latency p99", unit: "ms" },
  messagesPerNode: { label: "messages per node", unit: "" },
} as const satisfies Partial<Record<keyof SeedFigures, { label: string; unit: string }>>;

export type FigureName = keyof typeof FIGURES;

/** One figure across seeds: quantiles and a histogram (seeds listed per bin, for the viewer's clicks). */
export interface Distribution {
  readonly figure: FigureName;
  readonly label: string;
  readonly unit: string;
  /** Seeds with a value; the others had none (no heal, never reconverged, nothing delivered). */
  readonly n: number;
  readonly missing: number;
  readonly min: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly bins: readonly { readonly from: number; readonly to: number; readonly seeds: readonly number[] }[];
}

/** What a whole sweep found, as written to `sweep.json` (besides the per-seed rows). */
export interface SweepSummary {
  readonly seeds: number;
  readonly passed: number;
  readonly failed: number;
  /** passed / seeds, 0..1. */
  readonly passRate: number;
  /** Failing seeds in seed order. */
  readonly failing: readonly number[];
  readonly distributions: readonly Distribution[];
}

/** Sums up per-seed results, in seed order whatever order they finished in. */
export function summarize(results: readonly SeedResult[], bins = 20): SweepSummary {
  const sorted = [...results].sort((a, b) => a.seed - b.seed);
  const failing = sorted.filter((r) => !r.ok).map((r) => r.seed);
  return {
    seeds: sorted.length,
    passed: sorted.length - failing.length,
    failed: failing.length,
    passRate: sorted.length ? (sorted.length - failing.length) / sorted.length : 0,
    failing,
    distributions: (Object.keys(FIGURES) as FigureName[]).map((f) => distribution(sorted, f, bins)),
  };
}

/** Quantiles and an equal-width histogram of one figure over seeds. */
export function distribution(results: readonly SeedResult[], figure: FigureName, bins = 20): Distribution {
  const points = results
    .map((r) => ({ seed: r.seed, v: r.figures[figure] }))
    .filter((p): p is { seed: number; v: number } => typeof p.v === "number")
    .sort((a, b) => a.v - b.v || a.seed - b.seed);
  const values = points.map((p) => p.v);
  const q = (x: number) =>
    values.length ? values[Math.min(values.length - 1, Math.ceil(x * values.length) - 1)]! : null;
  const min = values[0] ?? null;
  const max = values.at(-1) ?? null;
  const histogram: { from: number; to: number; seeds: number[] }[] = [];
  if (min !== null && max !== null) {
    const count = min === max ? 1 : bins;
    const width = min === max ? 1 : (max - min) / count;
    for (let i = 0; i < count; i++) histogram.push({ from: min + i * width, to: min + (i + 1) * width, seeds: [] });
    for (const p of points) histogram[Math.min(count - 1, Math.floor((p.v - min) / width))]!.seeds.push(p.seed);
  }
  return {
    figure,
    ...FIGURES[figure],
    n: values.length,
    missing: results.length - values.length,
    min,
    p50: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    max,
    mean: values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 10) / 10 : null,
    bins: histogram,
  };
}
