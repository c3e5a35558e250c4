import type { AbstractSublevel } from "abstract-level";
import type { Level } from "level";

/** A sublevel of the node database; keys and values are strings (values are JSON or NDJSON lines). */
export type Sub = AbstractSublevel<Level<string, string>, string | Buffer | Uint8Array, string, string>;

/** One write, addressed to a sublevel. */
export type StoreOp =
  | { readonly type: "put"; readonly sub: Sub; readonly key: string; readonly value: string }
  | { readonly type: "del"; readonly sub: Sub; readonly key: string };

/**
 * Group commit: writes queue up while the previous batch is being synced, then go to
 * disk together in one atomic LevelDB batch. With `sync` each batch is fsync'ed before
 * `flush()` resolves, so "flushed" means "survives SIGKILL and power loss", while the
 * cost of an fsync is shared by everything that arrived during the last one.
 */
export class GroupCommit {
  private next: StoreOp[] | undefined;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private closed = false;
  /** Batches written so far (for diagnostics and benchmarks). */
  batches = 0;

  /**
   * @param db the open database
   * @param sync fsync each batch; false trades durability on power loss for speed (process
   *   crashes still lose nothing once a batch is written, as LevelDB's log is in the OS cache)
   */
  constructor(
    private readonly db: Level<string, string>,
    private readonly sync: boolean,
  ) {}

  /** Queues a write; it is durable once a later `flush()` resolves. */
  enqueue(op: StoreOp): void {
    if (this.closed) throw new Error("write to a closed node store");
    if (!this.next) {
      const batch: StoreOp[] = [];
      this.next = batch;
      this.chain = this.chain.then(() => this.commit(batch));
    }
    this.next.push(op);
  }

  /** Resolves when every write queued before the call is on disk; rejects if a batch failed. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Flushes, then refuses further writes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async commit(batch: StoreOp[]): Promise<void> {
    if (this.next === batch) this.next = undefined;
    if (this.failure !== undefined) return;
    try {
      await this.db.batch(
        batch.map((op) =>
          op.type === "put"
            ? { type: "put" as const, sublevel: op.sub, key: op.key, value: op.value }
            : { type: "del" as const, sublevel: op.sub, key: op.key },
        ),
        { sync: this.sync },
      );
      this.batches++;
    } catch (err) {
      // A failed disk write is not the network's fault: every later flush reports it.
      this.failure = err;
    }
  }
}

/**
 * Closes a group-commit writer, then its database, once: later calls get the same
 * promise, and the database closes even when the writer's last flush fails.
 */
export function closeOnce(writer: { close(): Promise<void> }, db: { close(): Promise<void> }): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= (async () => {
      try {
        await writer.close();
      } finally {
        await db.close();
      }
    })());
}
