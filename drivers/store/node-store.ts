import { Level } from "level";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import {
  lastSeq,
  openDurableEventLog,
  readLogEntries,
  type DurableEventLog,
  type ReadLogOptions,
} from "./durable-log.js";
import { closeOnce, GroupCommit, type Sub } from "./group-commit.js";
import { StoreOpenError, storeOpenError } from "./errors.js";
import { PersistentMap } from "./persistent-map.js";
import type { LogEntry } from "../../runtime/event-log.js";

/** A peer worth trying first at the next start. */
export interface CachedPeer {
  readonly addrs: readonly string[];
  /** When the node last had a working connection to it. */
  readonly seenAt: Millis;
}

/** Options of {@link openNodeStore}. */
export interface NodeStoreOptions {
  /** fsync every group-commit batch (see GroupCommit). @default true */
  readonly sync?: boolean;
  /** Open the event log for appending; false for readers (status, replay). @default true */
  readonly log?: boolean;
  /**
   * Create the dir and database when missing. Readers (status, replay) pass false: a
   * missing dir is then an error and nothing is created. @default true
   */
  readonly create?: boolean;
}

/**
 * Everything a production node keeps under `--data-dir`, in one LevelDB (`<dir>/db`):
 * the event log, actor snapshots (the host's `disk`), cached peers, records and metadata.
 * All writes share one group-commit writer, so `flush()` is one barrier for all of them.
 */
export interface NodeStore {
  readonly dir: string;
  /** The event log (absent when opened with `log: false`). */
  readonly log: DurableEventLog | undefined;
  /** Actor snapshots by actor name: pass as `HostComponents.disk`. */
  readonly actors: PersistentMap<unknown>;
  readonly peers: PersistentMap<CachedPeer>;
  /** Records a node serves (DHT values, provider records) by key. */
  readonly records: PersistentMap<unknown>;
  /** Node metadata (config hash, start count, last clean stop). */
  readonly meta: PersistentMap<unknown>;
  /** Highest stored log seq (0 for an empty log). */
  lastSeq(): Promise<number>;
  /** Reads stored log entries in seq order. */
  entries(options?: ReadLogOptions): AsyncGenerator<LogEntry>;
  /** Resolves when every write so far is durable. */
  flush(): Promise<void>;
  /** Flushes and closes the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed, unless `create: false`) the node store in `dir`. Fails with a
 * StoreOpenError naming the dir and why: missing, locked by another process, damaged,
 * not a directory, not writable.
 */
export async function openNodeStore(dir: string, options: NodeStoreOptions = {}): Promise<NodeStore> {
  const create = options.create ?? true;
  if (!create && !existsSync(join(dir, "db", "CURRENT"))) throw new StoreOpenError(dir, "missing");
  let db: Level<string, string>;
  try {
    if (create) mkdirSync(dir, { recursive: true });
    db = new Level<string, string>(join(dir, "db"), { valueEncoding: "utf8", createIfMissing: create });
    await db.open();
  } catch (err) {
    throw storeOpenError(dir, err);
  }
  try {
    return await loadStore(dir, db, options);
  } catch (err) {
    await db.close().catch(() => {});
    throw storeOpenError(dir, err);
  }
}

async function loadStore(dir: string, db: Level<string, string>, options: NodeStoreOptions): Promise<NodeStore> {
  const writer = new GroupCommit(db, options.sync ?? true);
  const sub = (name: string): Sub => db.sublevel(name, { valueEncoding: "utf8" });
  const logSub = sub("log");
  const [actors, peers, records, meta] = await Promise.all([
    PersistentMap.load<unknown>(sub("actors"), writer),
    PersistentMap.load<CachedPeer>(sub("peers"), writer),
    PersistentMap.load<unknown>(sub("records"), writer),
    PersistentMap.load<unknown>(sub("meta"), writer),
  ]);
  const log = options.log === false ? undefined : await openDurableEventLog(logSub, writer);
  return {
    dir,
    log,
    actors,
    peers,
    records,
    meta,
    lastSeq: () => lastSeq(logSub),
    entries: (o) => readLogEntries(logSub, o),
    flush: () => writer.flush(),
    close: closeOnce(writer, db),
  };
}

/** Sorted cached peers, most recently seen first, for bootstrap order. */
export function peersBySeen(store: Pick<NodeStore, "peers">): [NodeId, CachedPeer][] {
  return [...store.peers.entries()].sort((x, y) => y[1].seenAt - x[1].seenAt || (x[0] < y[0] ? -1 : 1));
}
