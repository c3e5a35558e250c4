import { Level } from "level";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { NostrEvent, RelayStore } from "../../actors/nostr-relay/index.js";
import { closeOnce, GroupCommit, type Sub } from "../store/index.js";

/** The relay's LevelDB: events by id, plus metadata (the relay key). */
export interface LevelRelayStore extends RelayStore {
  /** True when writes were queued since the last `flush()` began. */
  readonly pending: boolean;
  /** Every stored event (read once at start, for the actor's `restored`). */
  load(): Promise<NostrEvent[]>;
  getMeta(key: string): Promise<string | undefined>;
  putMeta(key: string, value: string): Promise<void>;
  /** Resolves when every write queued so far is on disk (fsync'ed). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens `<dir>/relay` (LevelDB). Writes are group-committed with fsync: the server
 * releases an `OK true` only after the flush that covers its event, so an
 * acknowledged event survives SIGKILL and power loss.
 */
export async function openLevelRelayStore(dir: string): Promise<LevelRelayStore> {
  mkdirSync(dir, { recursive: true });
  const db = new Level<string, string>(join(dir, "relay"), { valueEncoding: "utf8" });
  await db.open();
  const writer = new GroupCommit(db, true);
  const events: Sub = db.sublevel("events", { valueEncoding: "utf8" });
  const meta: Sub = db.sublevel("meta", { valueEncoding: "utf8" });
  let pending = false;
  return {
    get pending() {
      return pending;
    },
    put(ev) {
      pending = true;
      writer.enqueue({ type: "put", sub: events, key: ev.id, value: JSON.stringify(ev) });
    },
    remove(id) {
      pending = true;
      writer.enqueue({ type: "del", sub: events, key: id });
    },
    async load() {
      const out: NostrEvent[] = [];
      for await (const v of events.values()) out.push(JSON.parse(v) as NostrEvent);
      return out;
    },
    async getMeta(key) {
      return (await meta.get(key)) ?? undefined;
    },
    async putMeta(key, value) {
      writer.enqueue({ type: "put", sub: meta, key, value });
      await writer.flush();
    },
    flush() {
      pending = false;
      return writer.flush();
    },
    close: closeOnce(writer, db),
  };
}
