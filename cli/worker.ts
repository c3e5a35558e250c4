import { readFileSync } from "node:fs";
import { UnrecoverableError, Worker } from "bullmq";
import { codeIdentity, scenarioHash } from "./sweep-identity.js";
import { localRunner } from "./sweep-pool.js";
import {
  connectRedis,
  redisOptions,
  SWEEPS_KEY,
  WORKER_LOCKS,
  type QueuedSeed,
  type SweepManifest,
} from "./sweep-queue.js";
import type { SeedOutcome } from "./sweep-task.js";

/** Options of `meshtwin worker`. */
export interface WorkerOptions {
  /** `redis://HOST:PORT` */
  readonly queue: string;
  /** Seeds at once, each on its own thread. @default 1 */
  readonly jobs?: number;
  /** Only accept sweeps of this scenario file (compared by hash). */
  readonly scenario?: string;
}

/** Why a worker may not take a sweep's seeds, or undefined when it may. */
export function refusal(
  m: SweepManifest,
  identity: string,
  scenario?: { file: string; hash: string },
): string | undefined {
  if (m.identity !== identity)
    return `it was started by meshtwin ${m.identity}, this worker is meshtwin ${identity} (same code on both, please)`;
  if (scenario && scenario.hash !== m.scenarioHash)
    return `its scenario ${m.file} differs from this worker's --scenario ${scenario.file} (sha256 ${m.scenarioHash.slice(0, 12)} ≠ ${scenario.hash.slice(0, 12)})`;
  return undefined;
}

/**
 * `meshtwin worker`: watches Redis for announced sweeps, refuses those of another
 * meshtwin (or another scenario than `--scenario`), and takes the others' seeds, running
 * each on a worker thread so the main thread stays free to renew the job's lock. Runs
 * until SIGINT/SIGTERM; prints one line per seed taken and done.
 */
export async function workerCommand(options: WorkerOptions): Promise<number> {
  const redis = await connectRedis(options.queue, (err) => process.stderr.write(`worker: redis: ${err.message}\n`));
  const connection = redisOptions(options.queue);
  const identity = codeIdentity();
  const own = options.scenario
    ? { file: options.scenario, hash: scenarioHash(readFileSync(options.scenario, "utf8")) }
    : undefined;
  const jobs = options.jobs ?? 1;
  const pool = localRunner(jobs);
  const workers = new Map<string, Worker>();
  const refused = new Set<string>();
  const say = (line: string) => process.stdout.write(line + "\n");
  say(`meshtwin worker ${identity}: ${jobs} thread(s), watching ${options.queue}`);

  const attach = (m: SweepManifest): Worker => {
    const w = new Worker<QueuedSeed, SeedOutcome>(
      m.queue,
      async (job) => {
        const d = job.data;
        // Defence in depth: the manifest was checked, the job is checked too.
        if (d.identity !== identity) throw new UnrecoverableError(`refused: job of meshtwin ${d.identity}`);
        say(`took seed ${d.seed} of ${d.file} (sweep ${m.id})`);
        const o = await pool.run({ ...d, keep: "none" });
        say(`done seed ${d.seed}: ${o.ok ? "pass" : "FAIL"} ${o.fingerprint.slice(0, 16)}`);
        return o;
      },
      { connection, concurrency: jobs, ...WORKER_LOCKS },
    );
    w.on("error", (err) => process.stderr.write(`worker: ${err.message}\n`));
    return w;
  };

  const poll = async (): Promise<void> => {
    const all = await redis.hgetall(SWEEPS_KEY);
    for (const [id, json] of Object.entries(all)) {
      if (workers.has(id) || refused.has(id)) continue;
      const m = JSON.parse(json) as SweepManifest;
      const why = refusal(m, identity, own);
      if (why) {
        refused.add(id);
        say(`refused sweep ${id} of ${m.file}: ${why}`);
      } else {
        say(`joined sweep ${id} of ${m.file}`);
        workers.set(id, attach(m));
      }
    }
    // A withdrawn sweep is over: stop listening on its queue.
    for (const [id, w] of workers)
      if (!(id in all)) {
        workers.delete(id);
        void w.close();
      }
  };
  await poll();
  const timer = setInterval(
    () => void poll().catch((err: Error) => process.stderr.write(`worker: ${err.message}\n`)),
    1_000,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  clearInterval(timer);
  await Promise.all([...workers.values()].map((w) => w.close()));
  await pool.close();
  redis.disconnect();
  return 0;
}
