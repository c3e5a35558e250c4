import { expect, test } from "vitest";
import { discovery } from "../../actors/discovery/index.js";
import { gossip } from "../../actors/gossip/index.js";
import { holepunch } from "../../actors/holepunch/index.js";
import { kademlia } from "../../actors/kademlia/index.js";
import { membership } from "../../actors/membership/index.js";
import { reachability } from "../../actors/reachability/index.js";
import { relay } from "../../actors/relay/index.js";
import { NodeHost } from "../../runtime/actor-host.js";
import type { Driver, ReceiveHandler, WireMessage } from "../../runtime/driver.js";
import { createEventLog } from "../../runtime/event-log.js";
import { createRng } from "../../runtime/rng.js";
import { ManualClock } from "../actors/helpers/manual-clock.js";
import { fuzzFrame, SAMPLES } from "./frames.js";

// Issue 10: 100,000 random and mutated frames per protocol through the host. The node
// stays up (every actor still running and still answering a good frame) and every frame
// is accounted for: delivered to its actor, or counted and logged as a drop.

const FRAMES = Number(process.env.MESHTWIN_FUZZ_FRAMES ?? 100_000);
const PEERS = ["12D3KooWpeerAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "12D3KooWpeerBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"];

function fuzzNode() {
  let receive: ReceiveHandler = () => {};
  let sent = 0;
  const driver: Driver = {
    capabilities: { mtu: 1 << 20, broadcast: true, cost: 1 },
    start() {},
    stop() {},
    send: () => void sent++,
    broadcast: () => void sent++,
    onReceive: (h) => void (receive = h),
  };
  const clock = new ManualClock();
  const log = createEventLog();
  const inputs = new Map<string, number>();
  log.entries$.subscribe((e) => {
    if (e.type.endsWith(".in") && typeof (e.data as { from?: unknown }).from === "string")
      inputs.set(e.actor, (inputs.get(e.actor) ?? 0) + 1);
  });
  const host = new NodeHost({ id: "me", segment: "lan", driver, clock, log, rng: createRng("fuzz"), disk: new Map() }, [
    discovery({ seeds: PEERS }),
    membership(),
    gossip(),
    kademlia({ mode: "server", bootstrap: PEERS }),
    reachability(),
    relay(),
    holepunch(),
  ]);
  host.start();
  return { host, clock, inputs, deliver: receive, sent: () => sent, receive: () => receive };
}

test(`${FRAMES.toLocaleString("en-US")} random and mutated frames per protocol: the node stays up and counts every one`, () => {
  const n = fuzzNode();
  const rng = createRng("host-fuzz");
  const summary: Record<string, { delivered: number; dropped: number }> = {};
  for (const protocol of Object.keys(SAMPLES)) {
    const before = { dropped: n.host.stats.malformed, delivered: n.inputs.get(protocol) ?? 0 };
    for (let i = 0; i < FRAMES; i++) {
      const payload = fuzzFrame(rng, protocol) as WireMessage;
      n.receive()({ from: PEERS[i & 1]!, to: "me", protocol, payload });
      // Let timers the frames armed fire now and then, so replies and timeouts run too.
      if (i % 5000 === 4999) n.clock.advance(1000);
    }
    const delivered = (n.inputs.get(protocol) ?? 0) - before.delivered;
    const dropped = n.host.stats.malformed - before.dropped;
    summary[protocol] = { delivered, dropped };
    expect(delivered + dropped, protocol).toBe(FRAMES);
    // Both kinds happened: the fuzz is not all noise, and the check is not a wall.
    expect(delivered, protocol).toBeGreaterThan(FRAMES / 20);
    expect(dropped, protocol).toBeGreaterThan(FRAMES / 5);
  }
  // Still up: every actor is running, none stopped on an error.
  expect(n.host.isRunning).toBe(true);
  for (const actor of ["discovery", "membership", "gossip", "kad", "reachability", "relay", "holepunch"])
    expect((n.host.snapshot(actor) as unknown as { status: string }).status, actor).toBe("active");
  // And it still does its job: a good push is delivered as before.
  n.receive()({
    from: PEERS[0]!,
    to: "me",
    protocol: "gossip",
    payload: { type: "push", items: [{ id: "after-fuzz", origin: PEERS[0]!, hops: 0 }] },
  });
  const store = (n.host.snapshot("gossip")!.context as { store: { has(id: string): boolean } }).store;
  expect(store.has("after-fuzz")).toBe(true);
  console.log("host fuzz (frames delivered / dropped per protocol):", JSON.stringify(summary));
}, 300_000);
