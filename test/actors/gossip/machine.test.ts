import { describe, expect, it } from "vitest";
import { gossip, type GossipContext, type GossipItem } from "../../../actors/gossip/index.js";
import { given, observed, sent } from "../helpers/recording-io.js";

const VIEW = ["p1", "p2", "p3", "p4", "p5"];
const item = (id: string, origin = "o", hops = 0): GossipItem => ({ id, origin, hops });

function withView(init: Parameters<typeof gossip>[0] = {}) {
  const g = given(gossip(init), { self: "me" });
  g.when({ type: "view", peers: VIEW });
  return g;
}

describe("gossip machine", () => {
  it("given a start, then the first anti-entropy round is scheduled within one pull interval", () => {
    const g = given(gossip());
    const timer = g.started.find((e) => e.kind === "timer");
    expect(timer).toMatchObject({ kind: "timer", key: "pull", event: { type: "tick.pull" } });
    expect((timer as { ms: number }).ms).toBeGreaterThan(0);
    expect((timer as { ms: number }).ms).toBeLessThanOrEqual(5000);
  });

  it("given a view of 5, when publishing, then it stores, observes published and pushes to 3 distinct peers", () => {
    const g = withView();
    const fx = g.when({ type: "publish", body: { text: "hi" } });
    const [pub] = observed(fx, "published") as { id: string }[];
    expect(pub!.id).toMatch(/^[0-9a-f]{16}$/);
    const pushes = sent(fx, "push");
    expect(pushes).toHaveLength(3);
    expect(new Set(pushes.map((p) => p.to)).size).toBe(3);
    for (const p of pushes) expect(VIEW).toContain(p.to);
    expect(pushes[0]!.msg).toEqual({
      type: "push",
      items: [{ id: pub!.id, origin: "me", hops: 0, body: { text: "hi" } }],
    });
    expect(g.context<GossipContext>().store.has(pub!.id)).toBe(true);
  });

  it("given push disabled, when publishing, then nothing is sent but the message is stored", () => {
    const g = withView({ push: false });
    const fx = g.when({ type: "publish" });
    expect(sent(fx)).toEqual([]);
    expect(g.context<GossipContext>().store.size).toBe(1);
  });

  it("when a push arrives for the first time, then it is delivered once and forwarded to 3 peers other than the sender", () => {
    const g = withView();
    const fx = g.when({ type: "push", from: "p2", items: [item("aa", "o", 2)] });
    expect(observed(fx, "delivered")).toEqual([{ id: "aa", origin: "o", via: "p2", hops: 3 }]);
    const fwd = sent(fx, "push");
    expect(fwd).toHaveLength(3);
    expect(fwd.map((f) => f.to)).not.toContain("p2");
    expect(fwd[0]!.msg).toMatchObject({ items: [{ id: "aa", origin: "o", hops: 3 }] });
    expect(g.when({ type: "push", from: "p3", items: [item("aa")] })).toEqual([]);
  });

  it("when a malformed push arrives, then it is ignored without throwing", () => {
    const g = withView();
    expect(g.when({ type: "push", from: "p1", items: "nope" })).toEqual([]);
    expect(g.when({ type: "push", from: "p1", items: [null, { id: 5 }] })).toEqual([]);
  });

  it("when the pull timer fires, then it re-arms and sends a digest of count and bucket sums to a view peer", () => {
    const g = withView();
    g.when({ type: "publish" });
    const fx = g.when({ type: "tick.pull" });
    expect(fx.find((e) => e.kind === "timer")).toMatchObject({ key: "pull", ms: 5000 });
    const [d] = sent(fx, "digest");
    expect(VIEW).toContain(d!.to);
    expect(d!.msg).toMatchObject({ type: "digest", count: 1 });
    expect((d!.msg as unknown as { sums: number[] }).sums).toHaveLength(16);
  });

  it("given an empty view, when the pull timer fires, then only the timer is re-armed", () => {
    const g = given(gossip());
    expect(g.when({ type: "tick.pull" }).map((e) => e.kind)).toEqual(["timer"]);
  });

  it("given equal stores, when a digest arrives, then the round ends without a reply", () => {
    const a = withView();
    const b = withView();
    a.when({ type: "push", from: "p1", items: [item("x1"), item("x2")] });
    b.when({ type: "push", from: "p1", items: [item("x2"), item("x1")] });
    const [d] = sent(a.when({ type: "tick.pull" }), "digest");
    expect(b.when({ ...d!.msg, from: "a" })).toEqual([]);
  });

  it("given different stores, when they run a round, then both end with the union", () => {
    const a = withView({ push: false });
    const b = withView({ push: false });
    a.when({ type: "msgs", from: "z", items: [item("only-a"), item("both")] });
    b.when({ type: "msgs", from: "z", items: [item("only-b"), item("both")] });
    const [digest] = sent(a.when({ type: "tick.pull" }), "digest");
    const [have] = sent(b.when({ ...digest!.msg, from: "a" }), "have");
    expect(have!.msg.ids).toEqual(expect.arrayContaining(["only-b"]));
    const fromA = a.when({ ...have!.msg, from: "b" });
    expect(sent(fromA, "want")[0]!.msg).toEqual({ type: "want", ids: ["only-b"] });
    expect(sent(fromA, "msgs")[0]!.msg).toMatchObject({ items: [{ id: "only-a" }] });
    const [reply] = sent(b.when({ ...sent(fromA, "want")[0]!.msg, from: "a" }), "msgs");
    const got = a.when({ ...reply!.msg, from: "b" });
    expect(observed(got, "delivered")).toEqual([{ id: "only-b", origin: "o", via: "b", hops: 2 }]);
    b.when({ ...sent(fromA, "msgs")[0]!.msg, from: "a" });
    for (const g of [a, b])
      expect([...g.context<GossipContext>().store.items.keys()].sort()).toEqual(["both", "only-a", "only-b"]);
    // Now in sync: the next digest gets no reply.
    const [again] = sent(a.when({ type: "tick.pull" }), "digest");
    expect(b.when({ ...again!.msg, from: "a" })).toEqual([]);
  });

  it("when a want names unknown ids, then only known ones are sent", () => {
    const g = withView();
    g.when({ type: "push", from: "p1", items: [item("k")] });
    expect(sent(g.when({ type: "want", from: "p1", ids: ["k", "nope"] }))[0]!.msg).toMatchObject({
      items: [{ id: "k" }],
    });
    expect(g.when({ type: "want", from: "p1", ids: ["nope"] })).toEqual([]);
  });

  it("given a persisted store, when restarted with it, then the messages are known and not delivered again", () => {
    const g = withView();
    g.when({ type: "push", from: "p1", items: [item("m1"), item("m2")] });
    const saved = g.persisted();
    const r = given(gossip(), { restored: saved });
    r.when({ type: "view", peers: VIEW });
    expect(r.context<GossipContext>().store.size).toBe(2);
    expect(r.when({ type: "push", from: "p1", items: [item("m1")] })).toEqual([]);
  });

  it("rejects nonsense configuration, naming the field", () => {
    expect(() => gossip({ fanout: -1 })).toThrow(/gossip\.fanout/);
    expect(() => gossip({ pullInterval: 0 })).toThrow(/gossip\.pullInterval/);
    expect(() => gossip({ buckets: 12 })).toThrow(/gossip\.buckets/);
  });
});
