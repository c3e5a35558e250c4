import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TraceIndexer } from "../viz/src/index/trace-index.js";
import { writeTrace } from "../runtime/trace-writer.js";
import { parseScenario, type LoadedScenario } from "../sim/scenario/load.js";
import { runSeed, type SeedResult } from "../sim/sweep/run-seed.js";
import type { World } from "../sim/world.js";
import { scenarioHash } from "./sweep-identity.js";

/** Which seeds' traces a sweep keeps. @default "failing" */
export type KeepTraces = "failing" | "all" | "none";

/** One seed to run, as sent to a worker thread or put on the queue (plain data). */
export interface SeedTask {
  /** The scenario's path as the user gave it (for messages and the reproducing command). */
  readonly file: string;
  /** The scenario file's text, so every worker runs exactly the file the sweep read. */
  readonly text: string;
  /** sha256 of `text`; checked by the worker. */
  readonly hash: string;
  readonly seed: number;
  readonly keep: KeepTraces;
  /** Where kept traces go: `<outDir>/seeds/<seed>/`. Unset: keep none (a remote worker). */
  readonly outDir?: string;
}

/** A seed's result as the sweep records it. */
export interface SeedOutcome extends SeedResult {
  /** Wall time of the run on its worker. */
  readonly wallMs: number;
  /** Folder of the kept trace, relative to the sweep's output folder. */
  readonly trace?: string;
  /** Set when a traced re-run (of a failing seed) gave a different fingerprint: not deterministic. */
  readonly rerunFingerprint?: string;
}

const scenarios = new Map<string, LoadedScenario>();

/** Runs one seed (in a worker thread, a queue worker or the main thread); keeps its trace if asked. */
export function runSeedTask(task: SeedTask): SeedOutcome {
  if (scenarioHash(task.text) !== task.hash) throw new Error(`${task.file}: scenario text does not match its hash`);
  let scenario = scenarios.get(task.hash);
  if (!scenario) {
    scenario = parseScenario(task.text, task.file);
    scenarios.set(task.hash, scenario);
  }
  const started = performance.now();
  const dir = task.outDir === undefined ? undefined : join("seeds", String(task.seed));
  const traced = (world: World): (() => void) => {
    const path = join(task.outDir!, dir!);
    mkdirSync(path, { recursive: true });
    const trace = writeTrace(world.log, join(path, "trace.ndjson"));
    const ix = new TraceIndexer(path);
    world.log.entries$.subscribe((e) => ix.push(e));
    return () => {
      trace.close();
      ix.finish();
    };
  };
  let finish: (() => void) | undefined;
  const keepAll = task.keep === "all" && dir !== undefined;
  const result = runSeed(scenario, task.seed, keepAll ? (w) => (finish = traced(w)) : undefined);
  finish?.();
  const wallMs = Math.round(performance.now() - started);
  let outcome: SeedOutcome = { ...result, wallMs, ...(keepAll ? { trace: dir } : {}) };
  if (!result.ok && task.keep === "failing" && dir !== undefined) {
    // Passing seeds cost no disk: a failing one runs again with its trace written, which
    // also checks it is deterministic (same seed, same fingerprint).
    const again = runSeed(scenario, task.seed, (w) => (finish = traced(w)));
    finish?.();
    outcome = {
      ...outcome,
      trace: dir,
      ...(again.fingerprint !== result.fingerprint ? { rerunFingerprint: again.fingerprint } : {}),
    };
  }
  if (outcome.trace)
    writeFileSync(join(task.outDir!, outcome.trace, "report.json"), JSON.stringify(outcome, null, 2) + "\n");
  return outcome;
}
