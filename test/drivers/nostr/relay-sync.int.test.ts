import { bytesToHex } from "@noble/hashes/utils.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startRelayServer, type RelayServer } from "../../../drivers/nostr/relay-server.js";

const until = async (cond: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Publishes `n` notes by fresh authors over one socket and waits for every OK true. */
async function publish(url: string, n: number, tag: string): Promise<string[]> {
  const ws = new WebSocket(url);
  await new Promise((r) => ws.once("open", r));
  const ids: string[] = [];
  const acked = new Set<string>();
  ws.on("message", (d) => {
    const f = JSON.parse(d.toString()) as unknown[];
    if (f[0] === "OK" && f[2] === true) acked.add(f[1] as string);
  });
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < n; i++) {
    const sk = generateSecretKey(); // one author each: the pubkey buckets stay full
    const ev = finalizeEvent({ kind: 1, created_at: now - i, tags: [], content: `${tag} ${i}` }, sk);
    ids.push(ev.id);
    ws.send(JSON.stringify(["EVENT", ev]));
  }
  await until(() => acked.size === n);
  ws.close();
  return ids;
}

const held = (s: RelayServer): Set<string> =>
  new Set(
    s
      .context()
      .core.ingest.index.values()
      .map((e) => e.id),
  );

describe("two `meshtwin relay`s configured as peers", () => {
  const keyA = bytesToHex(generateSecretKey());
  const keyB = bytesToHex(generateSecretKey());
  const pubA = getPublicKey(Buffer.from(keyA, "hex"));
  const pubB = getPublicKey(Buffer.from(keyB, "hex"));
  const dirA = mkdtempSync(join(tmpdir(), "nostr-sync-a-"));
  afterAll(() => rmSync(dirA, { recursive: true, force: true }));

  it("given different events on each, they converge by negentropy, and again after the peer comes back", async () => {
    let a = await startRelayServer({ port: 0, dataDir: dirA, params: { secretKey: keyA, peerKeys: [pubB] } });
    const portA = a.port;
    const onlyA = await publish(a.url, 120, "a");
    const syncs: unknown[] = [];
    const b = await startRelayServer({
      port: 0,
      params: { secretKey: keyB, peerKeys: [pubA], peers: [a.url], syncInterval: "2s" },
      observe: (type, data) => type === "sync" && syncs.push(data),
    });
    try {
      const onlyB = await publish(b.url, 80, "b");
      await until(() => held(a).size === 200 && held(b).size === 200);
      for (const id of [...onlyA, ...onlyB]) expect(held(a).has(id) && held(b).has(id)).toBe(true);
      expect(syncs.length).toBeGreaterThan(0);

      // A goes away; B takes more events; A comes back on its port and is brought up to date.
      await a.close();
      const whileDown = await publish(b.url, 30, "while A was down");
      a = await startRelayServer({ port: portA, dataDir: dirA, params: { secretKey: keyA, peerKeys: [pubB] } });
      expect(held(a).size).toBe(200); // what it acknowledged before, from its store
      await until(() => whileDown.every((id) => held(a).has(id)));
    } finally {
      await b.close();
      await a.close();
    }
  }, 90_000);
});
