import { describe, expect, it } from "vitest";
import { relay } from "../../../actors/relay/index.js";
import { given, observed, sent, told } from "../helpers/recording-io.js";

const hop = (dst: string, from: string, via: string[] = [], route: string[] = []) => ({
  type: "hop",
  dst,
  via,
  src: from,
  route,
  actor: "holepunch",
  inner: { type: "msg", id: "m1" },
  from,
});

function server(slots = 2) {
  const t = given(relay({ slots, servers: ["r1", "r2", "r3"] }), { self: "r1" });
  t.when({ type: "reachability", status: "public" });
  return t;
}

describe("relay actor: serving (PUBLIC)", () => {
  it("given a cap of 2, when three peers reserve, then the third is refused and a refresh is still granted", () => {
    const t = server(2);
    expect(sent(t.when({ type: "reserve", from: "a" }), "reserved")).toHaveLength(1);
    expect(sent(t.when({ type: "reserve", from: "b" }), "reserved")).toHaveLength(1);
    const third = t.when({ type: "reserve", from: "c" });
    expect(sent(third, "refused")).toEqual([{ to: "c", msg: { type: "refused", reason: "full" } }]);
    expect(sent(t.when({ type: "reserve", from: "a" }), "reserved")).toHaveLength(1);
    expect(t.state()).toBe("serving");
  });

  it("frees a slot once a reservation is not refreshed within its ttl", () => {
    const t = server(1);
    t.when({ type: "reserve", from: "a" });
    t.at(31_000);
    expect(sent(t.when({ type: "reserve", from: "b" }), "reserved")).toHaveLength(1);
  });

  it("forwards to a reserved peer as `stop`, along a chain as `hop`, and drops what has no reservation", () => {
    const t = server();
    t.when({ type: "reserve", from: "b" });
    expect(sent(t.when(hop("b", "a")), "stop")).toEqual([
      { to: "b", msg: { type: "stop", src: "a", route: ["r1"], actor: "holepunch", inner: { type: "msg", id: "m1" } } },
    ]);
    const onward = sent(t.when(hop("z", "a", ["r2"])), "hop");
    expect(onward).toHaveLength(1);
    expect(onward[0]).toMatchObject({ to: "r2", msg: { dst: "z", via: [], route: ["r1"] } });
    expect(sent(t.when(hop("nobody", "a")))).toEqual([]);
  });

  it("lets answers flow back to a peer that opened a circuit through it", () => {
    const t = server();
    t.when({ type: "reserve", from: "b" });
    t.when(hop("b", "a"));
    expect(sent(t.when(hop("a", "b")), "stop")).toHaveLength(1);
  });

  it("drops what exceeds its bandwidth share", () => {
    const t = given(relay({ slots: 2, share: 3, servers: [] }), { self: "r1" });
    t.when({ type: "reachability", status: "public" });
    t.when({ type: "reserve", from: "b" });
    const stops = [1, 2, 3, 4, 5].flatMap(() => sent(t.when(hop("b", "a")), "stop"));
    expect(stops).toHaveLength(3);
    t.at(1000);
    expect(sent(t.when(hop("b", "a")), "stop")).toHaveLength(1);
  });
});

describe("relay actor: PRIVATE nodes", () => {
  function client() {
    const t = given(relay({ servers: ["r1", "r2", "r3"] }), { self: "p" });
    const effects = t.when({ type: "reachability", status: "private" });
    const ask = sent(effects, "reserve");
    return { t, candidate: ask[0]!.to };
  }

  it("never relay, and refuse reservations", () => {
    const { t } = client();
    expect(sent(t.when(hop("x", "a")))).toEqual([]);
    expect(sent(t.when({ type: "reserve", from: "q" }), "refused")).toHaveLength(1);
  });

  it("given a slot granted, then the relayed address is advertised and refreshed", () => {
    const { t, candidate } = client();
    const effects = t.when({ type: "reserved", ttl: 30_000, from: candidate });
    expect(t.state()).toBe("reserved");
    expect(observed(effects, "reserved")).toEqual([{ relay: candidate }]);
    expect(told(effects)).toEqual(
      ["holepunch", "reachability"].map((actor) => ({ actor, event: { type: "relay.address", relays: [candidate] } })),
    );
    expect(sent(t.when({ type: "tick.refresh" }), "reserve")).toEqual([{ to: candidate, msg: { type: "reserve" } }]);
  });

  it("given an unanswered refresh, then the slot is lost and another relay is asked", () => {
    const { t, candidate } = client();
    t.when({ type: "reserved", ttl: 30_000, from: candidate });
    t.when({ type: "tick.refresh" });
    const effects = t.when({ type: "tick.timeout" });
    expect(observed(effects, "lost")).toEqual([{ relay: candidate, reason: "timeout" }]);
    const next = sent(effects, "reserve");
    expect(next).toHaveLength(1);
    expect(next[0]!.to).not.toBe(candidate);
    expect(t.state()).toBe("reserving");
  });

  it("accepts relayed traffic only from its relay and hands it to the named sibling", () => {
    const { t, candidate } = client();
    t.when({ type: "reserved", ttl: 30_000, from: candidate });
    const stop = { type: "stop", src: "a", route: [candidate], actor: "holepunch", inner: { type: "msg", id: "m" } };
    expect(told(t.when({ ...stop, from: "stranger" }))).toEqual([]);
    expect(told(t.when({ ...stop, from: candidate }))).toEqual([
      { actor: "holepunch", event: { type: "msg", id: "m", from: "a", via: [candidate] } },
    ]);
  });
});
