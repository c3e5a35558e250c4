import "../../runtime/polyfills.js";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterAll, beforeAll, expect, it } from "vitest";
import { kademlia } from "../../actors/kademlia/index.js";
import { KAD_PROTOCOL_ID, kadExchangeCodec } from "../../actors/kademlia/wire-exchange.js";
import { createLibp2pDriver, type Libp2pDriver } from "../../drivers/libp2p/index.js";
import { NodeHost } from "../../runtime/actor-host.js";
import { createEventLog, type LogEntry } from "../../runtime/event-log.js";
import { createRng } from "../../runtime/rng.js";
import { wallClock } from "../../runtime/wall-clock.js";

// Issue 10 item 12c: a request the driver already dropped as unreachable kept the actor
// waiting the whole request timeout (2 s per lookup in the report). It now fails at once.

let driver: Libp2pDriver;
let host: NodeHost;
const entries: LogEntry[] = [];

beforeAll(async () => {
  const ghost = peerIdFromPrivateKey(await generateKeyPair("Ed25519")).toString();
  driver = await createLibp2pDriver({ protocols: [{ name: "kad", id: KAD_PROTOCOL_ID, exchange: kadExchangeCodec }] });
  await driver.start();
  // Nobody listens on port 1: every dial is refused at once.
  await driver.addPeer(ghost, [`/ip4/127.0.0.1/tcp/1/p2p/${ghost}`]);
  const log = createEventLog();
  log.entries$.subscribe((e) => entries.push(e));
  host = new NodeHost(
    { id: driver.id, segment: "lo", driver, clock: wallClock(), log, rng: createRng(3), disk: new Map() },
    [kademlia({ bootstrap: [ghost], selfLookup: false, requestTimeout: 8000, operationTimeout: 20_000 })],
  );
  host.start();
}, 20_000);

afterAll(async () => {
  host.stop();
  await driver.stop();
});

it("a lookup whose only peer is unreachable ends as soon as the dial fails, not after requestTimeout", async () => {
  const t0 = Date.now();
  host.command("kad", { type: "lookup", key: "some-key" });
  while (!entries.some((e) => e.type === "kad.lookup.done") && Date.now() - t0 < 15_000)
    await new Promise((r) => setTimeout(r, 20));
  const took = Date.now() - t0;
  expect(entries.some((e) => e.type === "kad.in" && (e.data as { type: string }).type === "send.failed")).toBe(true);
  expect(took).toBeLessThan(4000);
}, 30_000);
