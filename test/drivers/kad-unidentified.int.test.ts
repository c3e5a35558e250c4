import "../../runtime/polyfills.js";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { Libp2p } from "@libp2p/interface";
import { tcp } from "@libp2p/tcp";
import { multiaddr } from "@multiformats/multiaddr";
import * as lp from "it-length-prefixed";
import { createLibp2p } from "libp2p";
import { afterAll, beforeAll, expect, it } from "vitest";
import { kademlia } from "../../actors/kademlia/index.js";
import { KAD_PROTOCOL_ID, kadExchangeCodec } from "../../actors/kademlia/wire-exchange.js";
import { createLibp2pDriver, type Libp2pDriver } from "../../drivers/libp2p/index.js";
import { NodeHost } from "../../runtime/actor-host.js";
import { createEventLog, type LogEntry } from "../../runtime/event-log.js";
import { createRng } from "../../runtime/rng.js";
import { wallClock } from "../../runtime/wall-clock.js";

// Issue 10 item 12b: a light node's first request can arrive before identify says it is a
// client; servers then put it in their routing tables and spread it to stock peers, and every
// later lookup waited a timeout on it. A peer enters a table only once known to serve kad.
// The asker here runs no identify at all: it stays "not identified yet" for the whole test.

let server: { driver: Libp2pDriver; host: NodeHost; entries: LogEntry[] };
let asker: Libp2p;

beforeAll(async () => {
  const driver = await createLibp2pDriver({
    protocols: [{ name: "kad", id: KAD_PROTOCOL_ID, exchange: kadExchangeCodec }],
  });
  await driver.start();
  const log = createEventLog();
  const entries: LogEntry[] = [];
  log.entries$.subscribe((e) => entries.push(e));
  const host = new NodeHost(
    { id: driver.id, segment: "lo", driver, clock: wallClock(), log, rng: createRng(2), disk: new Map() },
    [kademlia({ mode: "server" })],
  );
  host.start();
  server = { driver, host, entries };
  asker = await createLibp2p({
    addresses: { listen: ["/ip4/127.0.0.1/tcp/0"] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });
  await asker.start();
}, 20_000);

afterAll(async () => {
  server.host.stop();
  await server.driver.stop();
  await asker.stop();
});

function table(): string[] {
  const kad = server.host.snapshot("kad")!.context.kad as { table: { contacts(): Iterable<{ id: string }> } };
  return [...kad.table.contacts()].map((c) => c.id);
}

it("a request from a peer not yet identified as a kad server is answered, marked client, and kept out of the table", async () => {
  const stream = await asker.dialProtocol(multiaddr(`${server.driver.addresses()[0]}`), KAD_PROTOCOL_ID);
  const request = kadExchangeCodec.encode(
    { type: "FIND_NODE", rid: 1, key: "some-key" },
    asker.peerId.toString(),
    new Map(),
  );
  stream.send(lp.encode.single(request!));
  let answered = false;
  for await (const frame of lp.decode(stream)) {
    const { message } = kadExchangeCodec.decode(frame.subarray(), "response");
    answered = message.type === "FIND_NODE_RESPONSE";
    break;
  }
  await stream.close().catch(() => {});
  expect(answered).toBe(true);
  const inbound = server.entries.find((e) => e.type === "kad.in" && (e.data as { type: string }).type === "FIND_NODE");
  expect(inbound?.data).toMatchObject({ from: asker.peerId.toString(), client: true });
  expect(table()).not.toContain(asker.peerId.toString());
}, 20_000);
