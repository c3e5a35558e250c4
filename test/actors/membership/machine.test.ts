import { describe, expect, it } from "vitest";
import { membership, type MembershipContext } from "../../../actors/membership/index.js";
import { given, observed, sent, told } from "../helpers/recording-io.js";

type M = ReturnType<typeof given<unknown, unknown>>;
const ctx = (m: M) => m.context<MembershipContext>();

/** A node whose active view is `peers` (linked through accepted requests). */
function linkedTo(peers: string[], init: Parameters<typeof membership>[0] = {}) {
  const m = given(membership(init), { self: "me" }) as M;
  m.when({ type: "peers.discovered", peers });
  for (const p of peers) m.when({ type: "accept", from: p });
  return m;
}

describe("membership machine", () => {
  it("given a start, then ping, shuffle and probe timers are armed", () => {
    const m = given(membership());
    expect(m.started.filter((e) => e.kind === "timer").map((e) => (e as { key: string }).key)).toEqual([
      "ping",
      "shuffle",
      "probe",
    ]);
  });

  it("when peers are discovered, then it asks up to viewSize of them to be neighbours and keeps all as passive", () => {
    const m = given(membership({ viewSize: 3 })) as M;
    const fx = m.when({ type: "peers.discovered", peers: ["a", "b", "c", "d", "e", "n0"] });
    const asked = sent(fx, "neighbor").map((s) => s.to);
    expect(asked).toHaveLength(3);
    expect(asked).not.toContain("n0"); // never itself
    expect([...ctx(m).passive].sort()).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("when a neighbour accepts, then the view changes, is observed and told to gossip", () => {
    const m = given(membership()) as M;
    m.when({ type: "peers.discovered", peers: ["a"] });
    const fx = m.when({ type: "accept", from: "a" });
    expect(observed(fx, "view")).toEqual([{ peers: ["a"] }]);
    expect(told(fx)).toEqual([{ actor: "gossip", event: { type: "view", peers: ["a"] } }]);
    expect(ctx(m).passive).not.toContain("a");
  });

  it("given a full view, when a stranger asks with high priority, then it is accepted and a random neighbour is displaced to passive", () => {
    const m = linkedTo(["a", "b", "c"], { viewSize: 3 });
    const fx = m.when({ type: "neighbor", from: "x", high: true });
    expect(sent(fx, "accept")).toEqual([{ to: "x", msg: { type: "accept" } }]);
    const [leave] = sent(fx, "leave");
    expect(["a", "b", "c"]).toContain(leave!.to);
    expect(ctx(m).active).toHaveLength(3);
    expect(ctx(m).active).toContain("x");
    expect(ctx(m).passive).toContain(leave!.to);
  });

  it("given a full view, when a stranger asks with low priority, then it is rejected and kept as passive (no displacement chains)", () => {
    const m = linkedTo(["a", "b", "c"], { viewSize: 3 });
    const fx = m.when({ type: "neighbor", from: "x", high: false });
    expect(sent(fx)).toEqual([{ to: "x", msg: { type: "reject" } }]);
    expect(ctx(m).active).toEqual(["a", "b", "c"]);
    expect(ctx(m).passive).toContain("x");
  });

  it("given room in the view, when a stranger asks with low priority, then it is accepted", () => {
    const m = linkedTo(["a"], { viewSize: 3 });
    expect(sent(m.when({ type: "neighbor", from: "x", high: false }), "accept")).toHaveLength(1);
    expect(ctx(m).active).toEqual(["a", "x"]);
  });

  it("when requests are sent, then they are high only while the view is empty", () => {
    const m = given(membership(), { self: "me" }) as M;
    const first = sent(m.when({ type: "peers.discovered", peers: ["a"] }), "neighbor");
    expect(first).toEqual([{ to: "a", msg: { type: "neighbor", high: true } }]);
    m.when({ type: "accept", from: "a" });
    const next = sent(m.when({ type: "peers.discovered", peers: ["b"] }), "neighbor");
    expect(next).toEqual([{ to: "b", msg: { type: "neighbor", high: false } }]);
  });

  it("when a neighbour leaves, then it goes to passive and another passive peer is asked", () => {
    const m = linkedTo(["a", "b"], { viewSize: 2 });
    m.when({ type: "peers.discovered", peers: ["spare"] });
    const fx = m.when({ type: "leave", from: "a" });
    expect(ctx(m).active).toEqual(["b"]);
    expect(ctx(m).passive).toContain("a");
    expect(sent(fx, "neighbor").map((s) => s.to)).toContain("spare");
    expect(sent(fx, "neighbor").map((s) => s.to)).not.toContain("a");
  });

  it("given a silent neighbour, when it misses maxMisses pongs, then it leaves the view for the passive one", () => {
    const m = linkedTo(["dead", "alive"], { viewSize: 2 });
    let fx = m.when({ type: "tick.ping" });
    let ping = sent(fx, "ping")[0]!;
    // Answer whoever is pinged except "dead", until "dead" is pinged.
    for (let i = 0; ping.to !== "dead" && i < 4; i++) {
      m.when({ type: "pong", from: ping.to, n: ping.msg.n, linked: true });
      ping = sent(m.when({ type: "tick.ping" }), "ping")[0]!;
    }
    expect(ping.to).toBe("dead");
    fx = m.when({ type: "tick.ping" }); // first miss: the suspect is pinged again at once
    expect(sent(fx, "ping")[0]!.to).toBe("dead");
    expect(ctx(m).active).toContain("dead");
    fx = m.when({ type: "tick.ping" }); // second miss: out
    expect(ctx(m).active).toEqual(["alive"]);
    expect(ctx(m).passive).toContain("dead");
    expect(observed(fx, "view")).toEqual([{ peers: ["alive"] }]);
  });

  it("when a pong comes after pingTimeout, then it counts as a miss", () => {
    const m = linkedTo(["a"], { maxMisses: 1, pingTimeout: 500 });
    const ping = sent(m.when({ type: "tick.ping" }), "ping")[0]!;
    m.at(600);
    m.when({ type: "pong", from: "a", n: ping.msg.n, linked: true });
    m.at(2000);
    m.when({ type: "tick.ping" });
    expect(ctx(m).active).toEqual([]);
  });

  it("when a pong comes in time, then the peer stays", () => {
    const m = linkedTo(["a"], { maxMisses: 1 });
    for (let t = 0; t < 5; t++) {
      m.at(t * 2000);
      const ping = sent(m.when({ type: "tick.ping" }), "ping")[0]!;
      m.at(t * 2000 + 100);
      m.when({ type: "pong", from: "a", n: ping.msg.n, linked: true });
    }
    expect(ctx(m).active).toEqual(["a"]);
  });

  it("when a pong says the peer has no link to us, then our half is dropped too", () => {
    const m = linkedTo(["a", "b"]);
    const ping = sent(m.when({ type: "tick.ping" }), "ping")[0]!;
    m.when({ type: "pong", from: ping.to, n: ping.msg.n, linked: false });
    expect(ctx(m).active).not.toContain(ping.to);
  });

  it("when pinged, then it answers whether it is linked to the pinger", () => {
    const m = linkedTo(["a"]);
    expect(sent(m.when({ type: "ping", from: "a", n: 7 }))).toEqual([
      { to: "a", msg: { type: "pong", n: 7, linked: true } },
    ]);
    expect(sent(m.when({ type: "ping", from: "z", n: 8 }))[0]!.msg).toMatchObject({ linked: false });
  });

  it("given a full view, when the probe timer fires, then a passive peer is still asked and promoted if it answers", () => {
    const m = linkedTo(["a", "b"], { viewSize: 2 });
    m.when({ type: "peers.discovered", peers: ["p"] });
    const fx = m.when({ type: "tick.probe" });
    expect(sent(fx, "neighbor")).toEqual([{ to: "p", msg: { type: "neighbor", high: true } }]);
    const acc = m.when({ type: "accept", from: "p" });
    expect(ctx(m).active).toContain("p");
    expect(ctx(m).active).toHaveLength(2);
    const displaced = sent(acc, "leave")[0]!.to;
    expect(ctx(m).passive).toContain(displaced);
  });

  it("when a probe goes unanswered, then the passive entry is kept (the other side of a partition lives there)", () => {
    const m = linkedTo(["a"], { viewSize: 1 });
    m.when({ type: "peers.discovered", peers: ["far"] });
    for (let i = 0; i < 5; i++) m.when({ type: "tick.probe" });
    expect(ctx(m).passive).toContain("far");
  });

  it("when a shuffle arrives, then it answers with passive entries and keeps the new ones", () => {
    const m = linkedTo(["a"]);
    m.when({ type: "peers.discovered", peers: ["p1", "p2"] });
    const fx = m.when({ type: "shuffle", from: "a", peers: ["s1", "s2", "me"] });
    const [reply] = sent(fx, "shuffled");
    expect(reply!.to).toBe("a");
    for (const p of (reply!.msg as unknown as { peers: string[] }).peers) expect(["p1", "p2"]).toContain(p);
    expect(ctx(m).passive).toEqual(expect.arrayContaining(["s1", "s2"]));
    expect(ctx(m).passive).not.toContain("me");
  });

  it("given a full passive view, when new entries arrive, then it stays bounded", () => {
    const m = linkedTo(["a"], { passiveSize: 4 });
    m.when({ type: "shuffled", from: "a", peers: ["1", "2", "3", "4", "5", "6", "7"] });
    expect(ctx(m).passive).toHaveLength(4);
  });

  it("given persisted views, when restarted with them, then former neighbours are asked first", () => {
    const m = linkedTo(["a", "b"]);
    const r = given(membership(), { self: "me", restored: m.persisted() });
    expect(
      sent(r.started, "neighbor")
        .map((s) => s.to)
        .sort(),
    ).toEqual(["a", "b"]);
  });

  it("rejects nonsense configuration, naming the field", () => {
    expect(() => membership({ viewSize: 0 })).toThrow(/membership\.viewSize/);
    expect(() => membership({ pingTimeout: 3000, pingInterval: 2000 })).toThrow(/membership\.pingTimeout/);
  });
});
