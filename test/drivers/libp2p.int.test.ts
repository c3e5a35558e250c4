import * as lp from "it-length-prefixed";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Envelope } from "../../runtime/driver.js";
import { createLibp2pDriver, loadOrCreateIdentity } from "../../drivers/libp2p/index.js";
import { describeDriverCompliance } from "../compliance/driver.js";
import { driverPair, rawStream, settle } from "./libp2p-harness.js";

describeDriverCompliance("libp2p", {
  ordered: true,
  supportsLoss: false,
  async create() {
    const p = await driverPair();
    return { a: p.a, b: p.b, aId: p.a.id, bId: p.b.id, settle: p.settle, teardown: p.teardown };
  },
});

describe("libp2p driver", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  const pair = async () => {
    const p = await driverPair({ protocols: [{ name: "test" }, { name: "gossip", version: "2.1.0" }] });
    cleanup.push(p.teardown);
    const received: Envelope[] = [];
    p.b.onReceive((e) => received.push(e));
    await p.a.start();
    await p.b.start();
    return { ...p, received };
  };

  it("speaks /meshtwin/<actor>/<version> and labels deliveries with the actor name", async () => {
    const p = await pair();
    p.a.send({ from: p.a.id, to: p.b.id, protocol: "gossip", payload: { type: "push", id: "m1" } });
    await p.settle();
    expect(p.received).toEqual([{ from: p.a.id, to: p.b.id, protocol: "gossip", payload: { type: "push", id: "m1" } }]);
    expect(p.b.libp2p.getProtocols()).toContain("/meshtwin/gossip/2.1.0");
  });

  it("counts and drops frames that do not decode, and keeps the stream for the next good frame", async () => {
    const p = await pair();
    const s = await rawStream(p.a, p.b, "/meshtwin/test/1.0.0");
    const enc = new TextEncoder();
    for (const bad of ["not json", "[1,2]", '{"no":"type"}', '{"type":7}', "null"]) {
      s.send(lp.encode.single(enc.encode(bad)));
    }
    s.send(lp.encode.single(Uint8Array.of(0xff, 0xfe, 0x7b))); // invalid UTF-8
    s.send(lp.encode.single(enc.encode('{"type":"ok"}')));
    await p.settle();
    expect(p.b.stats.malformed).toBe(6);
    expect(p.received.map((e) => e.payload)).toEqual([{ type: "ok" }]);
  });

  it("treats an oversized length prefix as malformed, cuts that stream, and still serves new ones", async () => {
    const p = await driverPair({ protocols: [{ name: "test" }], maxFrameBytes: 64 });
    cleanup.push(p.teardown);
    const received: Envelope[] = [];
    p.b.onReceive((e) => received.push(e));
    await p.a.start();
    await p.b.start();
    const s = await rawStream(p.a, p.b, "/meshtwin/test/1.0.0");
    s.send(lp.encode.single(new Uint8Array(1000)));
    await p.settle();
    expect(p.b.stats.malformed).toBe(1);
    p.a.send({ from: p.a.id, to: p.b.id, protocol: "test", payload: { type: "after" } });
    await p.settle();
    expect(received.map((e) => e.payload)).toEqual([{ type: "after" }]);
    // The sender refuses to produce a frame the receiver would refuse.
    p.a.send({ from: p.a.id, to: p.b.id, protocol: "test", payload: { type: "big", pad: "x".repeat(100) } });
    expect(p.a.stats.dropReasons.encode).toBe(1);
  });

  it("drops (and counts) sends to an unreachable peer without throwing", async () => {
    const p = await pair();
    const gone = await createLibp2pDriver({ protocols: [{ name: "test" }] });
    await gone.start();
    await p.a.addPeer(gone.id, gone.addresses());
    await gone.stop();
    p.a.send({ from: p.a.id, to: gone.id, protocol: "test", payload: { type: "x" } });
    p.a.send({ from: p.a.id, to: "not-a-peer-id", protocol: "test", payload: { type: "x" } });
    await settle([p.a], 8000);
    expect(p.a.stats.dropReasons.unreachable).toBe(1);
    expect(p.a.stats.dropReasons["bad-peer-id"]).toBe(1);
  });

  it("reaches a peer known only by id by asking a neighbour for its addresses", async () => {
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => createLibp2pDriver({ protocols: [{ name: "test" }] })));
    cleanup.push(
      () => a!.stop(),
      () => b!.stop(),
      () => c!.stop(),
    );
    await Promise.all([a!.start(), b!.start(), c!.start()]);
    const got: Envelope[] = [];
    c!.onReceive((e) => got.push(e));
    await a!.dial(b!.addresses()[0]!);
    await c!.dial(b!.addresses()[0]!);
    await settle([a!, b!, c!]); // identify gives b both addresses
    expect(await a!.peerAddresses(c!.id)).toEqual([]);
    a!.send({ from: a!.id, to: c!.id, protocol: "test", payload: { type: "hi" } });
    await settle([a!, c!]);
    expect(got.map((e) => [e.from, e.payload])).toEqual([[a!.id, { type: "hi" }]]);
    expect(a!.stats.dropped).toBe(0);
  });

  it("throws when an actor sends on a protocol the node was not configured with (a bug)", async () => {
    const p = await pair();
    expect(() => p.a.send({ from: p.a.id, to: p.b.id, protocol: "nope", payload: { type: "x" } })).toThrow(/nope/);
  });

  it("carries a burst in order both ways at once", async () => {
    const p = await pair();
    const back: Envelope[] = [];
    p.a.onReceive((e) => back.push(e));
    for (let i = 0; i < 2000; i++) {
      p.a.send({ from: p.a.id, to: p.b.id, protocol: "test", payload: { type: "n", i } });
      p.b.send({ from: p.b.id, to: p.a.id, protocol: "test", payload: { type: "n", i } });
    }
    await p.settle();
    const seq = (l: Envelope[]) => l.map((e) => e.payload.i as number);
    expect(seq(p.received)).toEqual([...Array(2000).keys()]);
    expect(seq(back)).toEqual([...Array(2000).keys()]);
    expect(p.a.stats.dropped + p.b.stats.dropped).toBe(0);
  });

  it("loops a send to itself back asynchronously", async () => {
    const p = await pair();
    const self: Envelope[] = [];
    p.a.onReceive((e) => self.push(e));
    p.a.send({ from: p.a.id, to: p.a.id, protocol: "test", payload: { type: "me" } });
    expect(self).toHaveLength(0);
    await p.settle();
    expect(self.map((e) => e.payload)).toEqual([{ type: "me" }]);
  });

  it("finds a LAN peer over mDNS, reports it, and reaches it by broadcast", async () => {
    const tag = `mt-${process.pid}.local`;
    const a = await createLibp2pDriver({ protocols: [{ name: "test" }], mdns: { interval: 200, serviceTag: tag } });
    const b = await createLibp2pDriver({ protocols: [{ name: "test" }], mdns: { interval: 200, serviceTag: tag } });
    cleanup.push(
      () => a.stop(),
      () => b.stop(),
    );
    const found: string[] = [];
    a.onPeerDiscovered((peer) => found.push(peer.id));
    const got: Envelope[] = [];
    b.onReceive((e) => got.push(e));
    expect(a.capabilities.broadcast).toBe(true);
    await a.start();
    await b.start();
    for (let i = 0; i < 100 && !found.includes(b.id); i++) await new Promise((r) => setTimeout(r, 50));
    expect(found).toContain(b.id);
    a.broadcast({ from: a.id, protocol: "test", payload: { type: "hello" } });
    await settle([a, b]);
    expect(got.map((e) => [e.from, e.payload])).toEqual([[a.id, { type: "hello" }]]);
  });

  it("keeps its peer id across restarts when the key lives in a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mt-id-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await createLibp2pDriver({ protocols: [], privateKey: await loadOrCreateIdentity(join(dir, "key")) });
    const again = await createLibp2pDriver({ protocols: [], privateKey: await loadOrCreateIdentity(join(dir, "key")) });
    const other = await createLibp2pDriver({ protocols: [] });
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
  });
});
