import { prepareRun } from "../run.js";
import type { LoadedScenario } from "../scenario/load.js";
import type { World } from "../world.js";
import { watchFigures, type SeedFigures } from "./figures.js";

/** The first expectation a failing seed broke, with the nodes that broke it. */
export interface SeedFailure {
  readonly expectation: string;
  readonly detail: string;
  /** The first offending nodes (as the expectation names them), with what they lacked. */
  readonly offenders: readonly { readonly node: string; readonly why: string }[];
}

/** One seed of a sweep: verdict, fingerprint and the figures compared across seeds. */
export interface SeedResult {
  readonly seed: number;
  readonly ok: boolean;
  /** sha256 of the run's log: the same scenario and seed give the same one on any worker. */
  readonly fingerprint: string;
  readonly events: number;
  /** Expectations that held, of all. */
  readonly held: number;
  readonly expectations: number;
  readonly failure?: SeedFailure;
  readonly figures: SeedFigures;
}

/**
 * Runs one seed of a scenario to its end and judges it; no I/O, so a worker thread,
 * a queue worker and the main thread give the same result. `beforeRun` may attach
 * sinks (a trace file) to the world's log before its first entry.
 */
export function runSeed(scenario: LoadedScenario, seed: number, beforeRun?: (world: World) => void): SeedResult {
  const run = prepareRun(scenario, { seed });
  const figures = watchFigures(run.world);
  beforeRun?.(run.world);
  run.world.run(scenario.duration);
  const report = run.report();
  const failed = report.expectations.find((e) => !e.ok);
  return {
    seed,
    ok: report.ok,
    fingerprint: report.fingerprint,
    events: report.events,
    held: report.expectations.filter((e) => e.ok).length,
    expectations: report.expectations.length,
    ...(failed
      ? { failure: { expectation: failed.description, detail: failed.detail, offenders: failed.offenders.slice(0, 5) } }
      : {}),
    figures: figures(),
  };
}
