import "../../runtime/polyfills.js";
import type { Libp2p } from "@libp2p/interface";
import { kadDHT, passthroughMapper, type KadDHT } from "@libp2p/kad-dht";
import { peerIdFromString } from "@libp2p/peer-id";
import { afterAll, beforeAll, expect, it } from "vitest";
import { kademlia } from "../../actors/kademlia/index.js";
import { KAD_PROTOCOL_ID, kadExchangeCodec } from "../../actors/kademlia/wire-exchange.js";
import { createLibp2pDriver, createLibp2pNode, type Libp2pDriver } from "../../drivers/libp2p/index.js";
import { NodeHost } from "../../runtime/actor-host.js";
import { createEventLog } from "../../runtime/event-log.js";
import { createRng } from "../../runtime/rng.js";
import { wallClock } from "../../runtime/wall-clock.js";

// Issue 10 item 12a: in a DHT of one stock kad-dht node and one meshtwin node, the stock node
// could not find the meshtwin node (0 of 6 tries): asked FIND_NODE for its own id, the
// meshtwin node left itself out of the answer, which stock kad-dht puts in.

let stock: Libp2p<{ dht: KadDHT }>;
let driver: Libp2pDriver;
let host: NodeHost;

beforeAll(async () => {
  stock = (await createLibp2pNode({
    services: { dht: kadDHT({ clientMode: false, protocol: KAD_PROTOCOL_ID, peerInfoMapper: passthroughMapper }) },
  })) as unknown as Libp2p<{ dht: KadDHT }>;
  await stock.start();
  driver = await createLibp2pDriver({ protocols: [{ name: "kad", id: KAD_PROTOCOL_ID, exchange: kadExchangeCodec }] });
  await driver.start();
  host = new NodeHost(
    {
      id: driver.id,
      segment: "lo",
      driver,
      clock: wallClock(),
      log: createEventLog(),
      rng: createRng(1),
      disk: new Map(),
    },
    [kademlia({ bootstrap: [stock.peerId.toString()], initialSelfLookup: 100 })],
  );
  await driver.addPeer(stock.peerId.toString(), stock.getMultiaddrs().map(String));
  host.start();
}, 20_000);

afterAll(async () => {
  host.stop();
  await driver.stop();
  await stock.stop();
});

it("a stock kad-dht node looking up a meshtwin node's id gets that node in the answer, with its addresses", async () => {
  const target = peerIdFromString(driver.id);
  const found: string[] = [];
  for await (const e of stock.services.dht.getClosestPeers(target.toMultihash().bytes))
    if (e.name === "PEER_RESPONSE") for (const p of e.closer) found.push(p.id.toString());
  expect(found).toContain(driver.id);
  // And the stock node's peer routing finds it by id, with dialable addresses, six times of six.
  let hits = 0;
  for (let i = 0; i < 6; i++)
    for await (const e of stock.services.dht.findPeer(target))
      if (e.name === "FINAL_PEER" && e.peer.id.toString() === driver.id && e.peer.multiaddrs.length > 0) hits++;
  expect(hits).toBe(6);
}, 30_000);
