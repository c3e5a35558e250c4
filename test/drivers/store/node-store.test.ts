import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openNodeStore, peersBySeen, type NodeStore } from "../../../drivers/store/index.js";

describe("node store", () => {
  const dirs: string[] = [];
  const open: NodeStore[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), "mt-store-"));
    dirs.push(d);
    return d;
  };
  const openIn = async (dir: string, options = {}) => {
    const s = await openNodeStore(dir, options);
    open.push(s);
    return s;
  };

  it("given a closed store, when reopened, then maps and the log are as they were and seq continues", async () => {
    const dir = fresh();
    const s1 = await openIn(dir);
    s1.log!.append({ at: 5, node: "n1", actor: "gossip", type: "gossip.in", data: { type: "push" } });
    s1.log!.append({ at: 6, node: "n1", actor: "gossip", type: "gossip.send", data: { to: "n2" } });
    s1.actors.set("gossip", { seen: ["m1"] });
    s1.peers.set("n2", { addrs: ["/ip4/127.0.0.1/tcp/1"], seenAt: 6 });
    s1.peers.set("n3", { addrs: [], seenAt: 9 });
    s1.peers.delete("n3");
    s1.records.set("k", { v: 1 });
    await s1.close();
    await s1.close(); // idempotent

    const s2 = await openIn(dir);
    expect(s2.actors.get("gossip")).toEqual({ seen: ["m1"] });
    expect([...s2.peers.keys()]).toEqual(["n2"]);
    expect(s2.records.get("k")).toEqual({ v: 1 });
    expect(s2.log!.firstSeq).toBe(3);
    const next = s2.log!.append({ at: 7, node: "n1", actor: "node", type: "node.start", data: null });
    expect(next.seq).toBe(3);
    await s2.flush();
    const entries = [];
    for await (const e of s2.entries()) entries.push(e);
    expect(entries.map((e) => [e.seq, e.type])).toEqual([
      [1, "gossip.in"],
      [2, "gossip.send"],
      [3, "node.start"],
    ]);
    const some = [];
    for await (const e of s2.entries({ from: 2, to: 2 })) some.push(e.seq);
    expect(some).toEqual([2]);
  });

  it("stores each log entry as its exact trace line", async () => {
    const s = await openIn(fresh());
    const lines: string[] = [];
    s.log!.addLineSink((l) => lines.push(l));
    for (let i = 0; i < 20; i++) s.log!.append({ at: i, node: "n", actor: "a", type: "a.t", data: { i } });
    await s.flush();
    const stored = [];
    for await (const e of s.entries()) stored.push(JSON.stringify(e));
    expect(stored).toEqual(lines);
  });

  it("refuses a second opener of the same directory (one process owns a node's data)", async () => {
    const dir = fresh();
    await openIn(dir);
    await expect(openNodeStore(dir)).rejects.toThrow();
  });

  it("given 500 writes with interleaved flushes, when the store is reopened, then every record is there", async () => {
    // The batch count itself is asserted in group-commit.test.ts, on the database's write events.
    const dir = fresh();
    const s1 = await openIn(dir);
    const flushes = [];
    for (let i = 0; i < 500; i++) {
      s1.records.set(`r${i}`, { i });
      if (i % 10 === 0) flushes.push(s1.flush());
    }
    await Promise.all(flushes);
    await s1.close();

    const s2 = await openIn(dir);
    expect(s2.records.size).toBe(500);
    for (let i = 0; i < 500; i++) expect(s2.records.get(`r${i}`)).toEqual({ i });
  });

  it("orders cached peers most recently seen first", async () => {
    const s = await openIn(fresh());
    s.peers.set("b", { addrs: [], seenAt: 1 });
    s.peers.set("a", { addrs: [], seenAt: 5 });
    s.peers.set("c", { addrs: [], seenAt: 5 });
    expect(peersBySeen(s).map(([id]) => id)).toEqual(["a", "c", "b"]);
  });

  it("rejects a value that cannot be persisted, instead of silently losing it", async () => {
    const s = await openIn(fresh());
    expect(() => s.records.set("f", undefined)).toThrow(/JSON/);
  });
});
