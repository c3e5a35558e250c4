import { describe, expect, it } from "vitest";
import { discovery, type DiscoveryContext, type DiscoveryInit } from "../../../actors/discovery/index.js";
import { given, observed, sent, told, type Effect } from "../helpers/recording-io.js";

const timers = (fx: readonly Effect[]) =>
  fx.flatMap((e) => (e.kind === "timer" ? [{ key: e.key, ms: e.ms, type: e.event.type }] : []));

/** A node on segment lan-a that has started its first round. */
function inRound(init: Partial<DiscoveryInit> = {}, restored?: { cache: string[] }) {
  const d = given(discovery(init), { self: "me", segment: "lan-a", restored });
  const first = d.when({ type: "tick.round" });
  return { d, first };
}

describe("discovery machine", () => {
  it("given a start, then the first round comes within half a second and the mode is not yet known", () => {
    const d = given(discovery());
    expect(timers(d.started)).toEqual([{ key: "round", ms: expect.any(Number), type: "tick.round" }]);
    expect(timers(d.started)[0]!.ms).toBeLessThan(500);
    expect(d.state()).toBe("searching");
  });

  it("when a round starts, then seeds, cached peers and the segment are all tried at once", () => {
    const { first } = inRound({ seeds: ["s1", "s2"] }, { cache: ["c1", "c2", "c3", "c4"] });
    expect(sent(first, "hello").map((s) => s.to)).toEqual(["s1", "s2", "c1", "c2", "c3"]);
    expect(first.filter((e) => e.kind === "broadcast")).toEqual([
      { kind: "broadcast", msg: { type: "hello", segment: "lan-a", local: true } },
    ]);
    expect(timers(first)).toEqual([{ key: "round-end", ms: 3000, type: "tick.round-end" }]);
  });

  it("given localBroadcast false, when a round starts, then nothing is broadcast", () => {
    const { first } = inRound({ seeds: ["s1"], localBroadcast: false });
    expect(first.some((e) => e.kind === "broadcast")).toBe(false);
  });

  it("when a seed answers, then the node is connected and tells membership and kad what it learned", () => {
    const { d } = inRound({ seeds: ["s1"] });
    const fx = d.when({ type: "welcome", from: "s1", segment: "lan-a", peers: ["x", "y", "me"] });
    expect(d.state()).toBe("connected");
    expect(observed(fx, "mode")).toEqual([{ mode: "connected" }]);
    expect(told(fx)).toEqual([
      { actor: "membership", event: { type: "peers.discovered", peers: ["s1", "x", "y"] } },
      { actor: "kad", event: { type: "peers.discovered", peers: ["s1", "x", "y"] } },
    ]);
    // Connected: no more peer exchange this round.
    expect(sent(fx, "hello")).toEqual([]);
    const end = d.when({ type: "tick.round-end" });
    expect(timers(end)).toEqual([{ key: "round", ms: 60_000 - 3000, type: "tick.round" }]);
  });

  it("when a peer of another segment answers, then the node is connected", () => {
    const { d } = inRound();
    d.when({ type: "welcome", from: "far", segment: "lan-b", peers: [] });
    expect(d.state()).toBe("connected");
  });

  it("when only same-segment peers answer, then the node is local, asks the peers they name, and retries soon", () => {
    const { d } = inRound({ seeds: ["s1"] });
    const fx = d.when({ type: "welcome", from: "n1", segment: "lan-a", peers: ["n2", "n3"] });
    expect(d.state()).toBe("local");
    expect(observed(fx, "mode")).toEqual([{ mode: "local" }]);
    expect(sent(fx, "hello").map((s) => s.to)).toEqual(["n2", "n3"]);
    const end = d.when({ type: "tick.round-end" });
    expect(d.state()).toBe("local");
    expect(observed(end, "mode")).toEqual([]);
    expect(timers(end)).toEqual([{ key: "round", ms: 5000 - 3000, type: "tick.round" }]);
  });

  it("when nothing answers within the timeout, then the node becomes a bootstrap node that answers every broadcast hello", () => {
    const { d } = inRound({ seeds: ["s1"], localReplies: 1 });
    const fx = d.when({ type: "tick.round-end" });
    expect(d.state()).toBe("bootstrap");
    expect(observed(fx, "mode")).toEqual([{ mode: "bootstrap" }]);
    for (const n of ["j1", "j2", "j3"]) {
      const r = d.when({ type: "hello", from: n, segment: "lan-a", local: true });
      expect(sent(r, "welcome")).toEqual([
        { to: n, msg: { type: "welcome", segment: "lan-a", peers: expect.any(Array) } },
      ]);
      expect(told(r)[0]!.event).toEqual({ type: "peers.discovered", peers: [n] });
    }
  });

  it("given a bootstrap node, when a seed answers a later round, then it is connected", () => {
    const { d } = inRound({ seeds: ["s1"] });
    d.when({ type: "tick.round-end" });
    d.when({ type: "tick.round" });
    d.when({ type: "welcome", from: "s1", segment: "lan-a", peers: [] });
    expect(d.state()).toBe("connected");
  });

  it("given a connected node, when a refresh round gets no answer, then it falls back to bootstrap; when only its segment answers, local", () => {
    const { d } = inRound({ seeds: ["s1"] });
    d.when({ type: "welcome", from: "s1", segment: "lan-a", peers: [] });
    d.when({ type: "tick.round-end" });
    const refresh = d.when({ type: "tick.round" });
    expect(refresh.some((e) => e.kind === "broadcast")).toBe(false); // connected: no flooding of the segment
    d.when({ type: "tick.round-end" });
    expect(d.state()).toBe("bootstrap");
    d.when({ type: "tick.round" });
    d.when({ type: "welcome", from: "n1", segment: "lan-a", peers: [] });
    d.when({ type: "tick.round-end" });
    expect(d.state()).toBe("local");
  });

  it("given a node not in bootstrap, when many broadcast hellos arrive, then only localReplies are answered per window", () => {
    const { d } = inRound({ seeds: ["s1"], localReplies: 2 });
    d.when({ type: "welcome", from: "s1", segment: "lan-a", peers: [] });
    d.at(10_000);
    const answered = ["a", "b", "c", "d"].filter(
      (n) => sent(d.when({ type: "hello", from: n, segment: "lan-a", local: true }), "welcome").length > 0,
    );
    expect(answered).toEqual(["a", "b"]);
    // A direct hello (peer exchange) is always answered.
    expect(sent(d.when({ type: "hello", from: "e", segment: "lan-a" }), "welcome")).toHaveLength(1);
    d.at(16_000);
    expect(sent(d.when({ type: "hello", from: "f", segment: "lan-a", local: true }), "welcome")).toHaveLength(1);
  });

  it("when answering a hello, then the welcome carries a sample of known peers without the asker", () => {
    const { d } = inRound({ exchangeSize: 3 }, { cache: ["c1", "c2", "c3", "c4", "asker"] });
    const [w] = sent(d.when({ type: "hello", from: "asker", segment: "lan-b" }), "welcome");
    const peers = (w!.msg as unknown as { peers: string[] }).peers;
    expect(peers).toHaveLength(3);
    expect(peers).not.toContain("asker");
  });

  it("keeps a bounded cache, most recently heard first, and persists it", () => {
    const { d } = inRound({ cacheSize: 3 });
    for (const n of ["a", "b", "c", "d"]) d.when({ type: "hello", from: n, segment: "lan-a" });
    expect(d.context<DiscoveryContext>().known).toEqual(["d", "c", "b"]);
    expect(d.persisted()).toEqual({ cache: ["d", "c", "b"] });
  });

  it("rejects nonsense configuration, naming the field", () => {
    expect(() => discovery({ timeout: 0 })).toThrow(/discovery\.timeout/);
    expect(() => discovery({ timeout: 6000, retryInterval: 5000 })).toThrow(/discovery\.timeout/);
    expect(() => discovery({ seeds: [3 as unknown as string] })).toThrow(/discovery\.seeds/);
  });
});
