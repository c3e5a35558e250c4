/**
 * The parts of `sweep.json` (written by `meshtwin sweep`, cli/sweep.ts) the page reads.
 * Declared here, not imported: the viewer reads the file format, never the CLI's code.
 */
export interface SweepFile {
  readonly scenario: string;
  readonly file: string;
  readonly runner: string;
  readonly wallMs: number;
  readonly summary: {
    readonly seeds: number;
    readonly passed: number;
    readonly failed: number;
    readonly passRate: number;
    readonly failing: readonly number[];
    readonly distributions: readonly Distribution[];
  };
  readonly results: readonly SeedRow[];
}

export interface Distribution {
  readonly figure: string;
  readonly label: string;
  readonly unit: string;
  readonly n: number;
  readonly missing: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly bins: readonly { readonly from: number; readonly to: number; readonly seeds: readonly number[] }[];
}

export interface SeedRow {
  readonly seed: number;
  readonly ok: boolean;
  readonly fingerprint: string;
  readonly failure?: { readonly expectation: string; readonly detail: string };
  /** Folder of the kept trace relative to the sweep folder, e.g. `seeds/17`. */
  readonly trace?: string;
  readonly reproduce: string;
}

/** Where the viewer opens a kept run: the sweep folder is served under `run/`. */
export const runLink = (row: SeedRow): string | undefined =>
  row.trace ? `index.html?run=${encodeURIComponent(`run/${row.trace}/`)}` : undefined;

/** A figure's value in words (ms as s above a second). */
export function fmtValue(v: number | null, unit: string): string {
  if (v === null) return "-";
  if (unit !== "ms") return v.toLocaleString("en-US");
  return v < 1000 ? `${Math.round(v)}ms` : `${(v / 1000).toFixed(1)}s`;
}
