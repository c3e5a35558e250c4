import "../../runtime/polyfills.js";
import type { Libp2p, PeerId } from "@libp2p/interface";
import { kadDHT, passthroughMapper, type KadDHT } from "@libp2p/kad-dht";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { base58btc } from "multiformats/bases/base58";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseNodeConfig } from "../../cli/node-config.js";
import { startNode, type NodeHandle } from "../../cli/node-runtime.js";
import { replayNodeLog } from "../../cli/replay.js";
import { kademlia } from "../../actors/kademlia/index.js";
import { KAD_PROTOCOL_ID, kadExchangeCodec } from "../../actors/kademlia/wire-exchange.js";
import { createLibp2pDriver, createLibp2pNode, type Libp2pDriver } from "../../drivers/libp2p/index.js";
import { NodeHost } from "../../runtime/actor-host.js";
import { createEventLog, type LogEntry } from "../../runtime/event-log.js";
import { createRng } from "../../runtime/rng.js";
import { wallClock } from "../../runtime/wall-clock.js";

/** A meshtwin kademlia node: the libp2p driver in request–response mode under a NodeHost. */
interface Twin {
  readonly driver: Libp2pDriver;
  readonly host: NodeHost;
  readonly observed: LogEntry[];
  stop(): Promise<void>;
}

const stock: Libp2p<{ dht: KadDHT }>[] = [];
const dataDir = mkdtempSync(join(tmpdir(), "mt-kad-"));
let full: NodeHandle | undefined;
const twins: Twin[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const timings: Record<string, number> = {};
const mark = (what: string) => (timings[what] = Date.now() - t0);

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}

async function drain(events: AsyncIterable<unknown>): Promise<void> {
  for await (const e of events) void e;
}

/** Ids in a stock node's k-buckets. */
function stockTable(node: Libp2p<{ dht: KadDHT }>): string[] {
  const rt = (node.services.dht as unknown as { routingTable: unknown }).routingTable as {
    kb: { toIterable(): Iterable<{ peerId: PeerId }> };
  };
  return [...rt.kb.toIterable()].map((p) => p.peerId.toString());
}

/** Ids in a meshtwin node's k-buckets. */
function twinTable(t: Twin): string[] {
  const kad = t.host.snapshot("kad")!.context.kad as { table: { contacts(): Iterable<{ id: string }> } };
  return [...kad.table.contacts()].map((c) => c.id);
}

function lookupDone(t: Twin, op: string, key: string): Record<string, unknown> | undefined {
  return t.observed.find((e) => {
    const d = e.data as { op?: string; key?: string };
    return d.op === op && d.key === key;
  })?.data as Record<string, unknown> | undefined;
}

const cidOf = async (text: string) => CID.createV1(0x55, await sha256.digest(new TextEncoder().encode(text)));
/** The actor's key for a CID: the base58btc multihash (what kad-dht puts on the wire), i.e. a CIDv0 string. */
const keyOf = (cid: CID) => base58btc.baseEncode(cid.multihash.bytes);

beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    const node = (await createLibp2pNode({
      services: {
        // Loopback addresses are private: the default mapper would strip every one of them.
        dht: kadDHT({ clientMode: false, protocol: KAD_PROTOCOL_ID, peerInfoMapper: passthroughMapper }),
      },
    })) as unknown as Libp2p<{ dht: KadDHT }>;
    await node.start();
    stock.push(node);
  }
  const boot = stock[0]!;
  for (const s of stock.slice(1)) await s.dial(boot.getMultiaddrs()[0]!);
  // Twin 0 is a whole `meshtwin node` (config → kademlia actor on /ipfs/kad/1.0.0, level log)…
  const config = parseNodeConfig(
    [
      "name: twin-0",
      `bootstrap: [${boot.getMultiaddrs()[0]!.toString()}]`,
      "protocols:",
      "  kademlia: { initialSelfLookup: 1500ms }",
    ].join("\n"),
    "twin-0.yaml",
  );
  const node = (full = await startNode(config, { dataDir }));
  const observed0: LogEntry[] = [];
  node.store.log!.entries$.subscribe((e) => e.type === "kad.lookup.done" && observed0.push(e));
  twins.push({ driver: node.driver, host: node.host, observed: observed0, stop: () => node.stop() });
  // …twins 1 and 2 are a driver and a NodeHost put together by hand.
  for (let i = 1; i < 3; i++) {
    const driver = await createLibp2pDriver({
      protocols: [{ name: "kad", id: KAD_PROTOCOL_ID, exchange: kadExchangeCodec }],
    });
    await driver.start();
    await driver.addPeer(boot.peerId.toString(), boot.getMultiaddrs().map(String));
    const log = createEventLog();
    const observed: LogEntry[] = [];
    log.entries$.subscribe((e) => e.type === "kad.lookup.done" && observed.push(e));
    const def = kademlia({ bootstrap: [boot.peerId.toString()], initialSelfLookup: 1500 });
    const host = new NodeHost(
      {
        id: driver.id,
        segment: "lo",
        driver,
        clock: wallClock(),
        log,
        rng: createRng(`twin-${i}`),
        disk: new Map(),
      },
      [def],
    );
    host.start();
    const stop = async () => {
      host.stop();
      await driver.stop();
    };
    twins.push({ driver, host, observed, stop });
  }
  mark("started");
}, 20_000);

afterAll(async () => {
  for (const t of twins) await t.stop();
  await Promise.all(stock.map((s) => s.stop()));
  rmSync(dataDir, { recursive: true, force: true });
  console.log("kad interop timings (ms since start):", JSON.stringify(timings));
});

it("stock kad-dht and meshtwin kademlia nodes form one DHT: tables, providers both ways", async () => {
  const stockIds = stock.map((s) => s.peerId.toString());
  const twinIds = twins.map((t) => t.driver.id);

  // Given: every meshtwin node joined through the stock bootstrap node (its self-lookup converged)…
  expect(await until(() => twins.every((t) => t.host.snapshot("kad")?.value === "ready"), 10_000)).toBe(true);
  mark("twins joined");
  // …and the stock nodes looked themselves up once, as their own self-query does.
  await Promise.all(stock.map((s) => drain(s.services.dht.getClosestPeers(s.peerId.toMultihash().bytes))));
  mark("stock self-queries");

  // Then each side's routing table holds peers of the other.
  const mixed = await until(
    () =>
      stock.every((s) => stockTable(s).some((id) => twinIds.includes(id))) &&
      twins.every((t) => twinTable(t).some((id) => stockIds.includes(id)) && twinTable(t).length >= 3),
    10_000,
  );
  expect(mixed, JSON.stringify({ stock: stock.map(stockTable), twins: twins.map(twinTable) })).toBe(true);
  // Meshtwin nodes learned the other meshtwin nodes and the non-bootstrap stock nodes from stock answers.
  for (const t of twins) expect(twinTable(t)).toEqual(expect.arrayContaining(stockIds));
  mark("tables mixed");

  // When a stock node provides a CID, a meshtwin node finds it with GET_PROVIDERS.
  const a = await cidOf("provided by stock-1");
  await drain(stock[1]!.services.dht.provide(a));
  mark("stock provided");
  twins[2]!.host.command("kad", { type: "findProviders", key: keyOf(a) });
  expect(await until(() => lookupDone(twins[2]!, "findProviders", keyOf(a)) !== undefined, 10_000)).toBe(true);
  expect(lookupDone(twins[2]!, "findProviders", keyOf(a))).toMatchObject({ ok: true, providers: [stockIds[1]] });
  mark("twin found stock provider");

  // When a meshtwin node provides a key, a stock node finds it with findProviders, and can dial it.
  const b = await cidOf("provided by twin-1");
  twins[1]!.host.command("kad", { type: "provide", key: keyOf(b) });
  expect(await until(() => lookupDone(twins[1]!, "provide", keyOf(b)) !== undefined, 10_000)).toBe(true);
  expect(lookupDone(twins[1]!, "provide", keyOf(b))).toMatchObject({ ok: true });
  mark("twin provided");
  const found: string[] = [];
  for await (const e of stock[2]!.services.dht.findProviders(b, { signal: AbortSignal.timeout(10_000) })) {
    if (e.name === "PROVIDER") found.push(...e.providers.map((p) => p.id.toString()));
    if (found.length > 0) break;
  }
  expect(found).toContain(twinIds[1]);
  mark("stock found twin provider");

  // The full node's status shows its DHT.
  expect(full!.status().dht).toMatchObject({ contacts: twinTable(twins[0]!).length });
  expect(twinTable(twins[0]!).length).toBeGreaterThanOrEqual(3);

  // Nothing either side sent was refused as malformed.
  expect(twins.map((t) => t.driver.stats.malformed)).toEqual([0, 0, 0]);
  expect(twins.map((t) => t.host.stats.malformed)).toEqual([0, 0, 0]);
  // Every kad exchange went through the request–response streams, both ways.
  for (const t of twins) expect(t.driver.stats.sent).toBeGreaterThan(0);
  for (const t of twins) expect(t.driver.stats.delivered).toBeGreaterThan(0);

  // The meshtwin node's recorded log (rids the driver assigned included) replays exactly.
  await twins[0]!.stop();
  const replay = await replayNodeLog(dataDir);
  expect(replay.mismatch).toBeUndefined();
  expect(replay.inputs).toBeGreaterThan(10);
  mark("replayed");
}, 40_000);
