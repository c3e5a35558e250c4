import { describe, expect, it } from "vitest";
import { holepunch } from "../../../actors/holepunch/index.js";
import { given, observed, sent, told, type Effect } from "../helpers/recording-io.js";

const relayed = (effects: Effect[], type?: string) =>
  told(effects).filter(
    (t) => t.actor === "relay" && (type === undefined || (t.event.msg as { type: string }).type === type),
  );
const timers = (effects: Effect[]) => effects.flatMap((e) => (e.kind === "timer" ? [{ key: e.key, ms: e.ms }] : []));

/** A node that sends `m1` to `b`, which is reachable only through relay `r`; returns the DCUtR nonce. */
function relayedStart() {
  const t = given(holepunch(), { self: "a" });
  const effects = t.when({ type: "message", peer: "b", id: "m1", addrs: { direct: false, relays: ["r"] } });
  const connect = relayed(effects, "connect")[0]!;
  return { t, effects, nonce: (connect.event.msg as { nonce: string }).nonce };
}

describe("holepunch actor", () => {
  it("given a direct address, dials first and sends once the dial is answered", () => {
    const t = given(holepunch(), { self: "a" });
    const dial = sent(t.when({ type: "message", peer: "b", id: "m1", addrs: { direct: true, relays: [] } }), "dial");
    expect(dial).toHaveLength(1);
    const effects = t.when({ type: "dial.ok", nonce: dial[0]!.msg.nonce, from: "b" });
    expect(observed(effects, "path")).toEqual([{ peer: "b", path: "direct" }]);
    expect(sent(effects, "msg")).toEqual([{ to: "b", msg: { type: "msg", id: "m1" } }]);
  });

  it("given a failed dial, falls back to the relayed address", () => {
    const t = given(holepunch(), { self: "a" });
    t.when({ type: "message", peer: "b", id: "m1", addrs: { direct: true, relays: ["r"] } });
    const effects = t.when({ type: "tick.dial", peer: "b" });
    expect(relayed(effects, "msg")[0]!.event).toMatchObject({ to: "b", via: ["r"] });
  });

  it("given only a relayed address, sends over the relay at once and starts a hole punch there", () => {
    const { effects } = relayedStart();
    expect(observed(effects, "path")).toEqual([{ peer: "b", path: "relayed", via: ["r"] }]);
    expect(relayed(effects, "msg")).toHaveLength(1);
    expect(relayed(effects, "connect")).toHaveLength(1);
  });

  it("times the simultaneous open: sync over the relay, its own punch half a round trip later", () => {
    const { t, nonce } = relayedStart();
    t.at(200);
    const effects = t.when({ type: "connect.ok", nonce, from: "b", via: ["r"] });
    expect(relayed(effects, "sync")).toHaveLength(1);
    expect(timers(effects)).toContainEqual({ key: "go:b", ms: 100 });
    expect(sent(t.when({ type: "tick.punch", peer: "b" }), "punch")).toEqual([
      { to: "b", msg: { type: "punch", nonce } },
    ]);
  });

  it("as responder, punches directly as soon as sync arrives", () => {
    const t = given(holepunch(), { self: "b" });
    t.when({ type: "connect", nonce: "n", from: "a", via: ["r"] });
    expect(sent(t.when({ type: "sync", nonce: "n", from: "a", via: ["r"] }), "punch")).toEqual([
      { to: "a", msg: { type: "punch", nonce: "n" } },
    ]);
  });

  it("given a punch that gets through, upgrades the relayed connection and sends directly from then on", () => {
    const { t, nonce } = relayedStart();
    const effects = t.when({ type: "punch", nonce, from: "b" });
    expect(sent(effects, "punch.ok")).toHaveLength(1);
    expect(observed(effects, "path")).toEqual([{ peer: "b", path: "punched" }]);
    const next = t.when({ type: "message", peer: "b", id: "m2", addrs: { direct: false, relays: ["r"] } });
    expect(sent(next, "msg")).toEqual([{ to: "b", msg: { type: "msg", id: "m2" } }]);
    expect(relayed(next)).toEqual([]);
  });

  it("retries a failed punch with exponential backoff, then gives up and stays relayed", () => {
    const { t } = relayedStart();
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const retry = timers(t.when({ type: "tick.punchTimeout", peer: "b" })).find((x) => x.key === "retry:b")!;
      waits.push(retry.ms);
      expect(relayed(t.when({ type: "tick.punchRetry", peer: "b" }), "connect")).toHaveLength(1);
    }
    expect(waits).toEqual([1000, 2000, 4000]);
    const last = t.when({ type: "tick.punchTimeout", peer: "b" });
    expect(observed(last, "punch.gaveup")).toEqual([{ peer: "b" }]);
    expect(
      relayed(t.when({ type: "message", peer: "b", id: "m2", addrs: { direct: false, relays: ["r"] } }), "msg"),
    ).toHaveLength(1);
  });

  it("acknowledges a relayed message back along the reversed relay route", () => {
    const t = given(holepunch(), { self: "b" });
    const effects = t.when({ type: "msg", id: "m1", from: "a", via: ["r1", "r2"] });
    expect(observed(effects, "received")).toEqual([{ id: "m1", from: "a", path: "relayed" }]);
    expect(relayed(effects, "msg.ack")[0]!.event).toMatchObject({ to: "a", via: ["r2", "r1"] });
  });

  it("given no acknowledgement over the peer's relay, retries through its own relay (a chain)", () => {
    const t = given(holepunch(), { self: "a" });
    t.when({ type: "relay.address", relays: ["mine"] });
    t.when({ type: "message", peer: "b", id: "m1", addrs: { direct: false, relays: ["theirs"] } });
    const effects = t.when({ type: "tick.ack", id: "m1" });
    expect(relayed(effects, "msg")[0]!.event).toMatchObject({ to: "b", via: ["mine", "theirs"] });
  });

  it("reports the path and round trip of an acknowledged message; gives up after its attempts", () => {
    const { t } = relayedStart();
    t.at(300);
    expect(observed(t.when({ type: "msg.ack", id: "m1", from: "b" }), "acked")).toEqual([
      { id: "m1", peer: "b", path: "relayed", ms: 300 },
    ]);
    const none = given(holepunch(), { self: "a" });
    expect(
      observed(
        none.when({ type: "message", peer: "c", id: "m9", addrs: { direct: false, relays: [] } }),
        "undelivered",
      ),
    ).toEqual([{ id: "m9", peer: "c", reason: "no-address" }]);
  });
});
