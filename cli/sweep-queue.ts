import { randomBytes } from "node:crypto";
import { Queue, QueueEvents, type Job } from "bullmq";
import { Redis } from "ioredis";
import { CliError } from "./errors.js";
import type { SeedRunner } from "./sweep-pool.js";
import type { SeedOutcome, SeedTask } from "./sweep-task.js";

/** Redis hash of the sweeps that are running: sweep id → {@link SweepManifest} (JSON). */
export const SWEEPS_KEY = "meshtwin:sweeps";

/** What a worker reads to decide whether it may work on a sweep. */
export interface SweepManifest {
  readonly id: string;
  /** The BullMQ queue of the sweep's seeds. */
  readonly queue: string;
  /** meshtwin version + code hash of the sweeping process; a worker with another one is refused. */
  readonly identity: string;
  readonly scenarioHash: string;
  readonly file: string;
}

/** A queued seed: the task without the local output folder (workers keep no traces). */
export type QueuedSeed = Omit<SeedTask, "outDir" | "keep"> & { readonly identity: string };

/**
 * Lock and stall settings shared by every worker. A worker renews its job's lock every
 * `lockDuration / 2`; one that dies stops renewing, and within `lockDuration +
 * stalledInterval` another worker's stall check puts the seed back on the queue.
 */
export const WORKER_LOCKS = { lockDuration: 6_000, stalledInterval: 3_000, maxStalledCount: 5 } as const;

/** ioredis options from `redis://HOST:PORT` (BullMQ workers need maxRetriesPerRequest null). */
export function redisOptions(url: string): { host: string; port: number; maxRetriesPerRequest: null } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port), maxRetriesPerRequest: null };
}

/**
 * Connects to the queue's Redis: a first try without retries, so an unreachable Redis is
 * one line and exit 2 instead of endless reconnects; then a client that reconnects by
 * itself (a Redis restart mid-sweep is waited out), its errors reported by `onError`.
 */
export async function connectRedis(url: string, onError: (err: Error) => void): Promise<Redis> {
  const probe = new Redis({ ...redisOptions(url), lazyConnect: true, retryStrategy: () => null });
  let last: Error | undefined;
  probe.on("error", (err: Error) => (last = err));
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new CliError(`--queue ${url}: cannot reach Redis (${(last ?? (err as Error)).message})`);
  } finally {
    probe.disconnect();
  }
  const redis = new Redis(redisOptions(url));
  redis.on("error", onError);
  return redis;
}

/**
 * Puts each seed on a BullMQ queue (job id = seed, so a seed is one job however often it
 * is retried) and resolves it from the queue's `completed` event, at most once. The
 * sweep is announced in {@link SWEEPS_KEY} for `meshtwin worker`s and withdrawn, with
 * its queue, on close. Failing seeds' traces are kept by the caller re-running them here.
 */
export async function queueRunner(
  url: string,
  meta: { file: string; hash: string; identity: string },
): Promise<SeedRunner> {
  const redis = await connectRedis(url, (err) => process.stderr.write(`sweep: redis: ${err.message}\n`));
  const connection = redisOptions(url);
  const id = randomBytes(6).toString("hex");
  const name = `meshtwin-sweep-${id}`;
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const pending = new Map<string, { resolve(o: SeedOutcome): void; reject(e: Error): void }>();
  let stalls = 0;
  const settle = (jobId: string, how: (p: { resolve(o: SeedOutcome): void; reject(e: Error): void }) => void) => {
    const p = pending.get(jobId);
    // A seed is reported once: later events for it (there should be none) are ignored.
    if (!p) return;
    pending.delete(jobId);
    how(p);
  };
  events.on("completed", ({ jobId, returnvalue }) =>
    settle(jobId, (p) =>
      p.resolve((typeof returnvalue === "string" ? JSON.parse(returnvalue) : returnvalue) as SeedOutcome),
    ),
  );
  events.on("failed", ({ jobId, failedReason }) => settle(jobId, (p) => p.reject(new Error(failedReason))));
  events.on("stalled", () => stalls++);
  // Events are the fast path; this sweep of finished jobs catches any the stream dropped.
  const reconcile = setInterval(() => {
    if (pending.size === 0) return;
    void queue.getJobs(["completed", "failed"]).then((jobs: Job[]) => {
      for (const j of jobs) {
        if (!j.id || !pending.has(j.id)) continue;
        if (j.finishedOn && j.returnvalue) settle(j.id, (p) => p.resolve(j.returnvalue as SeedOutcome));
        else if (j.failedReason) settle(j.id, (p) => p.reject(new Error(j.failedReason)));
      }
    });
  }, 5_000);
  const manifest: SweepManifest = {
    id,
    queue: name,
    identity: meta.identity,
    scenarioHash: meta.hash,
    file: meta.file,
  };
  await redis.hset(SWEEPS_KEY, id, JSON.stringify(manifest));
  return {
    parallelism: "queue",
    stalls: () => stalls,
    run(task) {
      const data: QueuedSeed = {
        file: task.file,
        text: task.text,
        hash: task.hash,
        seed: task.seed,
        identity: meta.identity,
      };
      const jobId = `seed-${task.seed}`;
      return new Promise<SeedOutcome>((resolve, reject) => {
        pending.set(jobId, { resolve, reject });
        queue.add("seed", data, { jobId, attempts: 1, removeOnComplete: false, removeOnFail: false }).catch(reject);
      });
    },
    async close() {
      clearInterval(reconcile);
      await redis.hdel(SWEEPS_KEY, id).catch(() => undefined);
      await events.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      redis.disconnect();
    },
  };
}
