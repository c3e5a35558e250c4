import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Level } from "level";
import { afterAll, expect, it } from "vitest";
import { replayNodeLog } from "../../cli/replay.js";
import { nodeStatusReport } from "../../cli/status.js";
import { loadOrCreateIdentity } from "../../drivers/libp2p/index.js";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { seqKey } from "../../drivers/store/index.js";
import { command, freePort, getStatus, startNodeProc, until, writeConfig, type NodeProc } from "./node-harness.js";

const root = mkdtempSync(join(tmpdir(), "mt-mesh-"));
const procs: NodeProc[] = [];
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

const has = async (url: string, ids: string[]) => {
  const s = await getStatus(url);
  return ids.every((id) => s.gossipIds?.includes(id));
};
const newIds = async (url: string, before: readonly string[]) =>
  ((await getStatus(url)).gossipIds ?? []).filter((id) => !before.includes(id));

it("five nodes form a mesh from one bootstrap address, gossip to all, a SIGKILLed node restarts and catches up, replays match", async () => {
  // Node 0's key is made up front, so all five can start at once from its address.
  const port = await freePort();
  const dirs = [0, 1, 2, 3, 4].map((i) => join(root, `n${i}`));
  const id0 = peerIdFromPrivateKey(await loadOrCreateIdentity(join(dirs[0]!, "identity.key"))).toString();
  const boot = `/ip4/127.0.0.1/tcp/${port}/p2p/${id0}`;
  const configs = dirs.map((_, i) =>
    writeConfig(root, `n${i}`, i === 0 ? { listen: [`/ip4/127.0.0.1/tcp/${port}`] } : { bootstrap: [boot] }),
  );
  procs.push(...dirs.map((d, i) => startNodeProc(configs[i]!, d)));
  const urls = await Promise.all(procs.map((p) => p.ready));
  expect(procs[0]!.lines).toContain(`id ${id0}`);

  // Given: every node has a connection, and every node but the bootstrap one (it has no seed, so
  // nothing tells it that it reached a wider mesh) is in `connected` mode.
  let last: unknown;
  const meshed = await until(async () => {
    const all = await Promise.all(urls.map(getStatus));
    last = all.map((s) => [s.mode, s.connectedPeers.length]);
    return all.every((s, i) => (i === 0 || s.mode === "connected") && s.connectedPeers.length >= 1);
  }, 15_000);
  expect(meshed, JSON.stringify(last)).toBe(true);

  // When node 2 publishes, then every node holds the message.
  await command(urls[2]!, "gossip", { type: "publish", body: "first" });
  const [m1] = await newIds(urls[2]!, []);
  expect(m1).toBeDefined();
  expect(await until(async () => (await Promise.all(urls.map((u) => has(u, [m1!])))).every(Boolean), 10_000)).toBe(
    true,
  );

  // When node 4 is killed (after a checkpoint: newer state is recovered from peers, not disk),
  // a message is published meanwhile, and node 4 restarts from its data dir…
  await new Promise((r) => setTimeout(r, 500));
  procs[4]!.child.kill("SIGKILL");
  await procs[4]!.exited;
  await command(urls[1]!, "gossip", { type: "publish", body: "second" });
  const [m2] = (await newIds(urls[1]!, [m1!])).filter((id) => id !== m1);
  expect(m2).toBeDefined();
  const again = startNodeProc(configs[4]!, dirs[4]!);
  procs.push(again);
  const url4 = await again.ready;
  const status4 = await getStatus(url4);
  // …then it is the same node, it kept the first message, and it catches up on the second.
  expect(status4.id).toBe((await nodeStatusOf(procs[4]!)).id);
  expect(status4.gossipIds).toContain(m1);
  expect(await until(() => has(url4, [m1!, m2!]), 10_000)).toBe(true);

  // SIGTERM stops each node cleanly (exit code 0, "stopped" printed, database released).
  const live = [procs[0]!, procs[1]!, procs[2]!, procs[3]!, again];
  for (const p of live) p.child.kill("SIGTERM");
  const exits = await Promise.all(live.map((p) => p.exited));
  expect(exits.map((e) => e.code)).toEqual([0, 0, 0, 0, 0]);
  expect(live.every((p) => p.lines.includes("stopped"))).toBe(true);
  const report = await nodeStatusReport(dirs[3]!);
  expect(report.running).toBe(false);
  expect(report.stored!.logEntries).toBeGreaterThan(10);

  // A replay of a node's recorded log (two incarnations for node 4, the first cut by SIGKILL) reproduces it.
  for (const d of [dirs[2]!, dirs[4]!]) {
    const r = await replayNodeLog(d);
    expect(r.mismatch, JSON.stringify(r.mismatch)).toBeUndefined();
    expect(r.matched).toBeGreaterThan(20);
  }
  expect((await replayNodeLog(dirs[4]!)).incarnations).toBe(2);

  // A tampered recording is caught at the tampered entry.
  const tampered = await tamperFirstSend(dirs[3]!);
  const bad = await replayNodeLog(dirs[3]!);
  expect(bad.mismatch?.seq).toBe(tampered);
}, 60_000);

/** The status a node last wrote before it died (read from its data dir's status file). */
async function nodeStatusOf(p: NodeProc) {
  const { readStatusFile } = await import("../../cli/node-status.js");
  return readStatusFile(p.dataDir)!;
}

/** Rewrites the first recorded `*.send` entry's destination; returns its seq. */
async function tamperFirstSend(dataDir: string): Promise<number> {
  const db = new Level<string, string>(join(dataDir, "db"), { valueEncoding: "utf8" });
  const log = db.sublevel<string, string>("log", { valueEncoding: "utf8" });
  try {
    for await (const [key, line] of log.iterator()) {
      const e = JSON.parse(line) as { seq: number; type: string; data: { to: string } };
      if (!e.type.endsWith(".send")) continue;
      e.data.to = "someone-else";
      await log.put(key, JSON.stringify(e));
      expect(key).toBe(seqKey(e.seq));
      return e.seq;
    }
    throw new Error("no send entry to tamper with");
  } finally {
    await db.close();
  }
}
