import { join } from "node:path";
import { ScenarioError } from "../sim/scenario/errors.js";
import { loadScenario } from "../sim/scenario/load.js";
import { guardMemory } from "./memory-guard.js";
import { failureLines, runOnce } from "./run.js";

/** What `meshtwin check` shows of one scenario file: a table row and the failure lines. */
export interface CheckedFile {
  readonly row: (string | number)[];
  readonly failures: string[];
}

/** A file of a `meshtwin check`, as sent to a worker thread (plain data). */
export interface CheckTask {
  readonly path: string;
  readonly out?: string;
  readonly checkDeterminism?: boolean;
  /** No progress bar (parallel files: the main thread prints one line per finished file). */
  readonly quiet?: boolean;
}

/** Runs one scenario file of a check (in the main thread or a worker thread); an invalid file is a row, not a throw. */
export async function checkFile(task: CheckTask): Promise<CheckedFile> {
  try {
    const scenario = loadScenario(task.path);
    guardMemory(scenario);
    const out = join(task.out ?? join("out", "check"), scenario.name);
    const r = await runOnce(scenario, {
      out,
      trace: false,
      checkDeterminism: task.checkDeterminism,
      quiet: task.quiet,
    });
    const lines = failureLines(r);
    return {
      failures: lines,
      row: [
        scenario.name,
        r.nodes,
        lines.length ? "FAIL" : "pass",
        `${(r.measured.wallMs / 1000).toFixed(1)} s`,
        r.measured.eventsPerSecond.toLocaleString("en-US"),
        r.fingerprint.slice(0, 12),
        r.determinism ? (r.determinism.ok ? "same" : "DIFFERS") : "-",
      ],
    };
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return { failures: [err.message], row: [task.path.split("/").at(-1)!, "-", "INVALID", "-", "-", "-", "-"] };
  }
}
