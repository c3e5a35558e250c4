import "../../runtime/polyfills.js";
import type { Libp2p, Stream } from "@libp2p/interface";
import { peerIdFromMultihash, peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import * as lp from "it-length-prefixed";
import * as Digest from "multiformats/hashes/digest";
import { afterEach, expect, it } from "vitest";
import { kademlia, type KademliaInit } from "../../actors/kademlia/index.js";
import { KAD_PROTOCOL_ID, kadExchangeCodec, kadProtocolId } from "../../actors/kademlia/wire-exchange.js";
import { createLibp2pDriver, createLibp2pNode, type Libp2pDriver } from "../../drivers/libp2p/index.js";
import { NodeHost } from "../../runtime/actor-host.js";
import { createEventLog } from "../../runtime/event-log.js";
import { createRng } from "../../runtime/rng.js";
import { wallClock } from "../../runtime/wall-clock.js";

/**
 * The stock side speaks with @libp2p/kad-dht's own protobuf codec (its `Message`), not
 * meshtwin's generated copy, so a mistake in ours cannot cancel out on both ends. The
 * package does not export that module, so it is loaded from the installed package's files.
 */
type StockDht = typeof import("../../node_modules/@libp2p/kad-dht/dist/src/message/dht.js");
const { Message, MessageType } = (await import(
  new URL("./message/dht.js", import.meta.resolve("@libp2p/kad-dht")).href
)) as StockDht;
/** A peer id's key as kad-dht puts it on the wire (peer-routing: `id.toMultihash().bytes`). */
const peerKey = (id: string) => peerIdFromString(id).toMultihash().bytes;
const peerOf = (bytes: Uint8Array) => peerIdFromMultihash(Digest.decode(bytes)).toString();

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A kademlia actor on a libp2p driver in request–response mode. */
async function twin(
  init: KademliaInit = {},
  opts: { prefix?: string; requestTimeoutMs?: number; serve?: boolean } = {},
) {
  const log = createEventLog();
  const observed: Record<string, unknown>[] = [];
  log.entries$.subscribe((e) => e.type === "kad.lookup.done" && observed.push(e.data as Record<string, unknown>));
  const driver = await createLibp2pDriver({
    protocols: [{ name: "kad", id: kadProtocolId(opts.prefix), exchange: kadExchangeCodec, serve: opts.serve ?? true }],
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
  });
  await driver.start();
  const host = new NodeHost(
    {
      id: driver.id,
      segment: "lo",
      driver,
      clock: wallClock(),
      log,
      rng: createRng(driver.id),
      disk: new Map(),
    },
    [kademlia({ selfLookup: false, ...init })],
  );
  host.start();
  cleanup.push(async () => {
    host.stop();
    await driver.stop();
  });
  return { driver, host, observed };
}

/** A bare libp2p node that writes whatever frames a test wants. */
async function raw(): Promise<Libp2p> {
  const node = await createLibp2pNode({});
  await node.start();
  cleanup.push(async () => {
    await node.stop();
  });
  return node;
}

async function open(from: Libp2p, to: Libp2pDriver, protocol = KAD_PROTOCOL_ID): Promise<Stream> {
  await from.peerStore.merge(peerIdFromString(to.id), { multiaddrs: to.addresses().map((a) => multiaddr(a)) });
  return from.dialProtocol(peerIdFromString(to.id), protocol);
}

/** Frames the stream carries until it ends (or `ms` pass). */
async function frames(stream: Stream, ms = 3000): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const timer = setTimeout(() => stream.abort(new Error("test timeout")), ms);
  try {
    for await (const f of lp.decode(stream)) out.push(f.subarray());
  } catch {
    // aborted or reset: what arrived is the answer
  } finally {
    clearTimeout(timer);
  }
  return out;
}

it("answers a kad-dht request on the stream it came in on, naming closer peers with their addresses", async () => {
  // Given a meshtwin node that knows another one (and its addresses, from the dial).
  const b = await twin();
  const a = await twin({ bootstrap: [b.driver.id] });
  await a.driver.addPeer(b.driver.id, b.driver.addresses());
  const asker = await raw();
  // When a bare libp2p node sends FIND_NODE the way stock kad-dht does…
  const s = await open(asker, a.driver);
  s.send(lp.encode.single(Message.encode({ type: MessageType.FIND_NODE, key: peerKey(asker.peerId.toString()) })));
  await s.close(); // stock kad-dht keeps its side open; a half-close just ends the test sooner
  const [reply, ...rest] = await frames(s);
  // …then one reply comes back on that stream, naming b with b's listen address.
  expect(rest).toEqual([]);
  const m = Message.decode(reply!);
  expect(m.type).toBe(MessageType.FIND_NODE);
  expect(m.closer.map((p) => peerOf(p.id))).toEqual([b.driver.id]);
  const addrs = m.closer[0]!.multiaddrs.map((x) => multiaddr(x).toString());
  expect(addrs).toEqual(b.driver.addresses().map((x) => x.replace(/\/p2p\/.*$/, "")));
  expect(a.driver.stats.sent).toBe(1);
});

it("counts a malformed request, closes its stream unanswered, and still serves the next stream", async () => {
  const a = await twin();
  const asker = await raw();
  const bad = await open(asker, a.driver);
  bad.send(lp.encode.single(new Uint8Array([0x08, 0x63, 0xff, 0xff]))); // type 99, then garbage
  await bad.close();
  expect(await frames(bad)).toEqual([]);
  expect(a.driver.stats.malformed).toBe(1);
  expect(a.host.stats.malformed).toBe(0); // never reached the actor
  const good = await open(asker, a.driver);
  good.send(lp.encode.single(Message.encode({ type: MessageType.PING })));
  await good.close();
  const replies = await frames(good);
  expect(replies.map((r) => Message.decode(r).type)).toEqual([MessageType.PING]);
});

it("closes a request stream the actor does not answer (a light node) after the request timeout", async () => {
  const light = await twin({ mode: "client" }, { requestTimeoutMs: 300 });
  const asker = await raw();
  const s = await open(asker, light.driver);
  const t0 = Date.now();
  s.send(lp.encode.single(Message.encode({ type: MessageType.FIND_NODE, key: new TextEncoder().encode("x") })));
  await s.close();
  expect(await frames(s, 5000)).toEqual([]);
  const waited = Date.now() - t0;
  expect(waited).toBeGreaterThanOrEqual(250);
  expect(waited).toBeLessThan(3000);
});

it("keeps a private DHT apart: nodes on another prefix refuse the protocol, and requests to them are dropped", async () => {
  const priv = await twin({}, { prefix: "/myapp" });
  const pub = await twin({ bootstrap: [priv.driver.id] });
  await pub.driver.addPeer(priv.driver.id, priv.driver.addresses());
  const asker = await raw();
  await expect(open(asker, priv.driver)).rejects.toThrow();
  const s = await open(asker, priv.driver, "/myapp/kad/1.0.0");
  s.send(lp.encode.single(Message.encode({ type: MessageType.PING })));
  await s.close();
  expect((await frames(s)).length).toBe(1);
  // The public node's join (a FIND_NODE to the private one) cannot negotiate a stream.
  pub.host.command("kad", { type: "lookup", key: "anything" });
  const dropped = async () => pub.driver.stats.dropReasons.unreachable > 0;
  const deadline = Date.now() + 5000;
  while (!(await dropped()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(pub.driver.stats.dropReasons.unreachable).toBeGreaterThan(0);
  expect(priv.host.stats.malformed + priv.driver.stats.delivered).toBe(1); // only the asker's PING
});

it("a light node that does not serve kad-dht asks a server, which answers it but keeps it out of its table", async () => {
  const server = await twin();
  const light = await twin({ mode: "client", bootstrap: [server.driver.id] }, { serve: false });
  const asker = await raw();
  await expect(open(asker, light.driver)).rejects.toThrow(); // not listed by identify, not served
  // Given the two are connected and identified each other…
  await light.driver.dial(server.driver.addresses()[0]!);
  const identified = () =>
    server.driver.libp2p.peerStore
      .get(peerIdFromString(light.driver.id))
      .then((p) => p.protocols.length > 0)
      .catch(() => false);
  // Under load identify can take seconds; without it the server cannot know the light node does not serve.
  for (let i = 0; i < 200 && !(await identified()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(await identified()).toBe(true);
  // …when the light node looks a key up, the server answers…
  light.host.command("kad", { type: "lookup", key: "some-key" });
  for (let i = 0; i < 60 && light.observed.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(light.observed[0]).toMatchObject({ op: "lookup", ok: true, cache: "miss" });
  // …and does not take the light node for a server.
  const kad = server.host.snapshot("kad")!.context.kad as { table: { size: number } };
  expect(kad.table.size).toBe(0);
});

it("reaches a peer known only by id by asking a connected neighbour for its addresses", async () => {
  const b = await twin();
  const a = await twin();
  await a.driver.dial(b.driver.addresses()[0]!);
  // Given c is connected to a only, and is told to join the DHT through b by id alone…
  const c = await twin({ bootstrap: [b.driver.id], selfLookup: true, joinRetry: 200 });
  await c.driver.dial(a.driver.addresses()[0]!);
  // …then its join (retried: the first try ran before c had any neighbour) reaches b, since a
  // told it where b listens, and b is in its table.
  const joined = () => c.host.snapshot("kad")?.value === "ready";
  for (let i = 0; i < 100 && !joined(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(joined()).toBe(true);
  const kad = c.host.snapshot("kad")!.context.kad as { table: { contacts(): Iterable<{ id: string }> } };
  expect([...kad.table.contacts()].map((x) => x.id)).toContain(b.driver.id);
});
