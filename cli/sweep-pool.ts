import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { SeedOutcome, SeedTask } from "./sweep-task.js";

/** Something that runs seeds: a local thread pool or a queue. */
export interface SeedRunner {
  /** How many seeds run at once (threads, or "?" for a queue's workers). */
  readonly parallelism: number | string;
  run(task: SeedTask): Promise<SeedOutcome>;
  close(): Promise<void>;
  /** Seeds that had to be run again because their worker died (a queue's stalled jobs). */
  readonly stalls?: () => number;
}

/** Default `--jobs`: one thread per core. */
export const defaultJobs = (): number => availableParallelism();

/**
 * A pool of `jobs` worker threads (piscina), each running one seed at a time. The
 * simulator is synchronous, so threads are what spreads a sweep over cores; each thread
 * keeps parsed scenarios between seeds.
 */
export function localRunner(jobs: number): SeedRunner {
  const pool = new Piscina<SeedTask, SeedOutcome>({
    filename: fileURLToPath(new URL("./sweep-thread.js", import.meta.url)),
    minThreads: jobs,
    maxThreads: jobs,
    // A queue of every seed is fine: tasks are a few KiB of scenario text.
    maxQueue: Infinity,
    idleTimeout: 60_000,
    // The CLI runs with --max-semi-space-size=64 (fewer scavenges on big worlds); threads get the same young generation.
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
  });
  return {
    parallelism: jobs,
    run: (task) => pool.run(task),
    close: () => pool.destroy(),
  };
}
