import { expect, test } from "vitest";
import { setup } from "xstate";
import { gossip } from "../../actors/gossip/index.js";
import { GossipWire } from "../../actors/gossip/messages.js";
import { holepunch } from "../../actors/holepunch/index.js";
import { kademlia } from "../../actors/kademlia/index.js";
import { membership } from "../../actors/membership/index.js";
import type { ActorDefinition, ActorEnv, ActorInput } from "../../runtime/actor.js";
import { CommandRefused, NodeHost } from "../../runtime/actor-host.js";
import type { Driver, Envelope, ReceiveHandler } from "../../runtime/driver.js";
import { effects } from "../../runtime/effects.js";
import { createEventLog, type LogEntry } from "../../runtime/event-log.js";
import { createRng } from "../../runtime/rng.js";
import { ManualClock } from "../actors/helpers/manual-clock.js";

/** A driver that records what the node sends and lets the test hand it frames. */
function testDriver(mtu = 1 << 20) {
  let receive: ReceiveHandler = () => {};
  const sent: Envelope[] = [];
  const driver: Driver = {
    capabilities: { mtu, broadcast: false, cost: 1 },
    start() {},
    stop() {},
    send: (e) => void sent.push(e),
    onReceive: (h) => void (receive = h),
  };
  return { driver, sent, deliver: (e: Omit<Envelope, "to">) => receive({ ...e, to: "me" }) };
}

function node(defs: ActorDefinition[], mtu?: number) {
  const clock = new ManualClock();
  const log = createEventLog();
  const entries: LogEntry[] = [];
  log.entries$.subscribe((e) => entries.push(e));
  const d = testDriver(mtu);
  const host = new NodeHost(
    { id: "me", segment: "lan", driver: d.driver, clock, log, rng: createRng(1), disk: new Map() },
    defs,
  );
  host.start();
  return { host, clock, entries, ...d };
}

// Issue 10 item 10: this exact frame was delivered, printed and forwarded.
const EVIL = { type: "push", items: [{ id: "evil1", origin: 7, hops: "x", body: { a: 1 } }] };

test("an ill-typed gossip push is dropped at the host: not delivered, not forwarded, counted and logged with its reason", () => {
  const n = node([gossip({ fanout: 2 })]);
  n.host.command("gossip", { type: "view", peers: ["p1", "p2"] });
  n.clock.advance(1);
  const sentBefore = n.sent.length;
  n.deliver({ from: "p1", protocol: "gossip", payload: EVIL });
  n.clock.advance(10);
  expect(n.entries.filter((e) => e.type === "gossip.in" && (e.data as { from?: string }).from === "p1")).toEqual([]);
  expect(n.entries.some((e) => e.type === "gossip.delivered")).toBe(false);
  expect(n.sent.length).toBe(sentBefore);
  expect(n.host.stats).toMatchObject({ malformed: 1, reasons: { invalid: 1 } });
  const drop = n.entries.find((e) => e.type === "node.drop")!;
  expect(drop.data).toEqual({
    from: "p1",
    protocol: "gossip",
    reason: "invalid",
    type: "push",
    detail: "items[0].origin: expected a string, got 7",
  });
  // The same frame, well typed, is delivered and forwarded: the check is what stopped it.
  n.deliver({
    from: "p1",
    protocol: "gossip",
    payload: { type: "push", items: [{ id: "ok1", origin: "o", hops: 1 }] },
  });
  n.clock.advance(10);
  expect(n.entries.some((e) => e.type === "gossip.delivered")).toBe(true);
  expect(n.sent.length).toBeGreaterThan(sentBefore);
  expect(n.host.stats.malformed).toBe(1);
});

test("every actor's declared shapes refuse misshapen messages of its own types", () => {
  const n = node([gossip(), membership(), kademlia({ mode: "server" })]);
  const bad: [string, object][] = [
    ["gossip", { type: "digest", count: -1, sums: [] }],
    ["gossip", { type: "want", ids: "abc" }],
    ["membership", { type: "ping", n: "1" }],
    ["membership", { type: "shuffle", peers: [1, 2] }],
    ["kad", { type: "FIND_NODE", rid: 1, key: "" }],
    ["kad", { type: "FIND_NODE_RESPONSE", rid: 1, closer: [null] }],
    ["kad", { type: "PUT_VALUE", rid: 2, key: "k", record: { value: 5, published: 0 } }],
  ];
  for (const [protocol, payload] of bad) n.deliver({ from: "p", protocol, payload: payload as Envelope["payload"] });
  expect(n.host.stats.reasons.invalid).toBe(bad.length);
  const drops = n.entries.filter((e) => e.type === "node.drop").map((e) => (e.data as { detail: string }).detail);
  expect(drops).toHaveLength(bad.length);
  for (const d of drops) expect(d.length).toBeLessThan(100);
});

interface CourierCtx {
  env: ActorEnv;
}
/** Hands the `inner` of a `carry` frame to a sibling, as the relay actor does with `stop`. */
const courier: ActorDefinition = {
  name: "courier",
  version: "1",
  accepts: new Set(["carry"]),
  init: {},
  machine: setup({
    types: {} as { context: CourierCtx; input: ActorInput<unknown, unknown> },
    actions: { ...effects },
  }).createMachine({
    context: ({ input }) => ({ env: input.env }),
    on: {
      carry: {
        actions: ({ context, event }) => {
          const e = event as unknown as { inner: object; from: string };
          context.env.io.tell("gossip", { ...(e.inner as { type: string }), from: e.from });
        },
      },
    },
  }),
};

test("a peer's message relayed by a sibling meets the target's shapes like a frame from the network", () => {
  const n = node([courier, gossip()]);
  n.deliver({ from: "p9", protocol: "courier", payload: { type: "carry", inner: EVIL } });
  n.clock.advance(10);
  expect(n.entries.some((e) => e.type === "gossip.in")).toBe(false);
  expect(n.host.stats.reasons.invalid).toBe(1);
  n.deliver({
    from: "p9",
    protocol: "courier",
    payload: { type: "carry", inner: { type: "push", items: [{ id: "x", origin: "o", hops: 0 }] } },
  });
  n.clock.advance(10);
  expect(n.entries.some((e) => e.type === "gossip.delivered")).toBe(true);
});

test("operator commands are checked against the actor's command shapes and the frame size", () => {
  const n = node([gossip(), membership(), holepunch()]);
  const refused = (actor: string, event: unknown) => {
    try {
      n.host.checkCommand(actor, event);
      return undefined;
    } catch (err) {
      expect(err).toBeInstanceOf(CommandRefused);
      return (err as Error).message;
    }
  };
  expect(refused("gossip", { type: "publish", body: "hello" })).toBeUndefined();
  expect(refused("gossip", { type: "nonsense" })).toBe(
    `gossip: command 'nonsense' refused: type: expected "publish", got "nonsense"`,
  );
  expect(refused("gossip", { type: "publish" })).toBe(
    "gossip: command 'publish' refused: body: is required but missing",
  );
  expect(refused("gossip", { type: "publish", body: null })).toMatch(/needs a body/);
  expect(refused("gossip", { type: "publish", body: "x".repeat(2_000_000) })).toMatch(
    /command of 2000\d+ bytes can never fit a frame \(at most 1047552 bytes\)/,
  );
  expect(refused("membership", { type: "ping", n: 1 })).toMatch(/takes no commands/);
  expect(refused("nobody", { type: "x" })).toMatch(/no running actor 'nobody'/);
  expect(
    refused("holepunch", { type: "message", peer: "p", id: "m1", addrs: { direct: true, relays: [] } }),
  ).toBeUndefined();
  expect(refused("holepunch", { type: "message", peer: "p" })).toMatch(/id: is required but missing/);
});

test("the compiled guard answers exactly as effect's Schema.is on random and mutated messages", async () => {
  const fc = await import("fast-check");
  const Schema = await import("effect/Schema");
  const { fastIs } = await import("../../runtime/fast-is.js");
  const slow = Schema.is(GossipWire);
  const fast = fastIs(GossipWire);
  const item = fc.record(
    {
      id: fc.oneof(fc.string(), fc.integer()),
      origin: fc.oneof(fc.string(), fc.constant(7)),
      hops: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string()),
      body: fc.anything(),
    },
    { requiredKeys: [] },
  );
  const msg = fc.oneof(
    fc.record({ type: fc.constantFrom("push", "msgs", "x"), items: fc.oneof(fc.array(item), fc.string()) }),
    fc.record({ type: fc.constant("digest"), count: fc.integer(), sums: fc.array(fc.oneof(fc.nat(), fc.double())) }),
    fc.record({ type: fc.constantFrom("have", "want"), ids: fc.array(fc.oneof(fc.string(), fc.nat())) }),
    fc.anything(),
  );
  fc.assert(
    fc.property(msg, (m) => fast(m) === slow(m)),
    { numRuns: 5000 },
  );
});
