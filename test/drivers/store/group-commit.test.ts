import { Level } from "level";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GroupCommit, PersistentMap, type Sub } from "../../../drivers/store/index.js";

/**
 * Group commit on a real LevelDB. Batches are counted from the database's own `write`
 * event (one per `db.batch()`), not from the writer's counter, so a writer that stops
 * grouping cannot hide it by miscounting.
 */
describe("group commit", () => {
  const dirs: string[] = [];
  const dbs: Level<string, string>[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) if (db.status === "open") await db.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const openDb = async (dir: string) => {
    const db = new Level<string, string>(dir, { valueEncoding: "utf8" });
    await db.open();
    dbs.push(db);
    let writes = 0;
    db.on("write", () => writes++);
    const sub: Sub = db.sublevel("records", { valueEncoding: "utf8" });
    const writer = new GroupCommit(db, true);
    const records = await PersistentMap.load<number>(sub, writer);
    return { db, sub, writer, records, writes: () => writes };
  };

  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), "mt-group-"));
    dirs.push(d);
    return d;
  };

  it("given 500 writes in one burst with a flush every 10, then they go to disk as one batch", async () => {
    const { writer, records, writes } = await openDb(fresh());
    const flushes = [];
    for (let i = 0; i < 500; i++) {
      records.set(`r${i}`, i);
      if (i % 10 === 0) flushes.push(records.flush());
    }
    await Promise.all(flushes);
    expect(writes()).toBe(1);
    expect(writer.batches).toBe(1);
  });

  it("given a batch being written, when 100 more writes arrive, then they share the next batch", async () => {
    const { records, writes } = await openDb(fresh());
    records.set("first", 0);
    // Let the first batch start: its commit runs on a microtask and then waits for the disk,
    // which cannot answer before the event loop turns.
    for (let i = 0; i < 3; i++) await Promise.resolve();
    for (let i = 0; i < 100; i++) records.set(`r${i}`, i);
    await records.flush();
    expect(writes()).toBe(2);
  });

  it("given flushed writes, when the database is closed and reopened, then every value is there", async () => {
    const dir = fresh();
    const first = await openDb(dir);
    const flushes = [];
    for (let i = 0; i < 500; i++) {
      first.records.set(`r${i}`, i * 7);
      if (i % 10 === 0) flushes.push(first.records.flush());
    }
    first.records.delete("r3");
    flushes.push(first.records.flush());
    await Promise.all(flushes);
    // Flushed means in the database, not only in the map's memory.
    const onDisk = new Map<string, number>();
    for await (const [key, value] of first.sub.iterator()) onDisk.set(key, JSON.parse(value) as number);
    expect(onDisk.size).toBe(499);
    expect(onDisk.get("r499")).toBe(499 * 7);
    await first.db.close(); // no writer.close(): the flushes alone made it durable

    const second = await openDb(dir);
    expect(second.records.size).toBe(499);
    expect(second.records.has("r3")).toBe(false);
    for (let i = 0; i < 500; i++) if (i !== 3) expect(second.records.get(`r${i}`)).toBe(i * 7);
  });
});
