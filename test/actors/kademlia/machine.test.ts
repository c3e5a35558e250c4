import { describe, expect, it } from "vitest";
import { kadKey, commonPrefixLength } from "../../../actors/kademlia/distance.js";
import { done, given, sent } from "./helpers.js";

/** Ids whose keys fall in bucket 0 of `self` (differ in the first bit): half of all ids. */
const farIds = (self: string, n: number) =>
  Array.from({ length: 10 * n }, (_, i) => `p-${i}`)
    .filter((id) => commonPrefixLength(kadKey(self), kadKey(id)) === 0)
    .slice(0, n);

describe("joining", () => {
  it("given bootstrap peers, it looks itself up through them and sets a request timeout for each", () => {
    const node = given({ bootstrap: ["b1", "b2"] });
    const finds = sent(node.started, "FIND_NODE");
    expect(finds.map((s) => s.to).sort()).toEqual(["b1", "b2"]);
    expect(finds[0]!.msg).toMatchObject({ key: "me" });
    expect(node.started.filter((e) => e.kind === "timer" && /^r\d+$/.test(e.key))).toHaveLength(2);
    expect(node.state()).toBe("joining");
  });

  it("when the self-lookup converges it is ready and reports the join", () => {
    const node = given({ bootstrap: ["b1"] });
    const rid = sent(node.started, "FIND_NODE")[0]!.msg.rid;
    const fx = node.when({ type: "FIND_NODE_RESPONSE", rid, closer: [], from: "b1" });
    expect(done(fx)).toEqual([expect.objectContaining({ op: "join", ok: true, hops: 1 })]);
    expect(node.state()).toBe("ready");
  });

  it("after joining it looks itself up again once the network has filled in, then periodically", () => {
    const node = given({ bootstrap: ["b1"], initialSelfLookup: 10_000, selfLookupInterval: 300_000 });
    const rid = sent(node.started, "FIND_NODE")[0]!.msg.rid;
    const fx = node.when({ type: "FIND_NODE_RESPONSE", rid, closer: [], from: "b1" });
    expect(fx).toContainEqual(expect.objectContaining({ kind: "timer", key: "self", ms: 10_000 }));
    const again = node.when({ type: "kad.selfLookup" });
    expect(sent(again, "FIND_NODE")).toEqual([
      expect.objectContaining({ to: "b1", msg: expect.objectContaining({ key: "me" }) }),
    ]);
    expect(again).toContainEqual(expect.objectContaining({ kind: "timer", key: "self", ms: 300_000 }));
  });

  it("a join that reaches nobody is retried through the bootstrap peers (they may start later)", () => {
    const node = given({ bootstrap: ["b1"], joinRetry: 5000 });
    const rid = sent(node.started, "FIND_NODE")[0]!.msg.rid;
    const fx = node.when({ type: "kad.timeout", rid });
    expect(done(fx)).toEqual([expect.objectContaining({ op: "join", ok: false })]);
    expect(fx).toContainEqual(expect.objectContaining({ kind: "timer", key: "rejoin", ms: 5000 }));
    expect(sent(node.when({ type: "kad.rejoin" }), "FIND_NODE").map((s) => s.to)).toEqual(["b1"]);
    expect(node.state()).toBe("joining");
  });

  it("with no bootstrap it waits for a discovery actor's peers", () => {
    const node = given({});
    expect(sent(node.started)).toEqual([]);
    const fx = node.when({ type: "peers.discovered", peers: ["d1"], sender: "discovery" });
    expect(sent(fx, "FIND_NODE").map((s) => s.to)).toEqual(["d1"]);
  });
});

describe("answering requests", () => {
  it("FIND_NODE is answered with the closest contacts, never the requester", () => {
    const node = given({ bootstrap: ["a", "b", "c"], selfLookup: false });
    const fx = node.when({ type: "FIND_NODE", rid: 5, key: "x", from: "a" });
    const [reply] = sent(fx, "FIND_NODE_RESPONSE");
    expect(reply!.to).toBe("a");
    expect(reply!.msg.rid).toBe(5);
    expect((reply!.msg.closer as string[]).sort()).toEqual(["b", "c"]);
  });

  it("a malformed request (no key) is counted and ignored", () => {
    const node = given({ selfLookup: false });
    expect(sent(node.when({ type: "FIND_NODE", rid: 1, from: "a" }))).toEqual([]);
    expect(sent(node.when({ type: "FIND_NODE", rid: 1, key: 7, from: "a" }))).toEqual([]);
    expect(node.kad().stats.unexpected).toBe(2);
  });

  it("a response nobody asked for is counted and ignored", () => {
    const node = given({ selfLookup: false });
    expect(node.when({ type: "FIND_NODE_RESPONSE", rid: 42, closer: ["z"], from: "a" })).toEqual([]);
    expect(node.kad().stats.unexpected).toBe(1);
  });

  it("PUT_VALUE runs the validation hook; GET_VALUE returns the record until its TTL passes", () => {
    const node = given({ selfLookup: false, recordTtl: 1000, validate: (_k, r) => r.value.startsWith("ok") });
    const bad = node.when({ type: "PUT_VALUE", rid: 1, key: "k", record: { value: "evil", published: 0 }, from: "a" });
    expect(sent(bad)[0]!.msg).toMatchObject({ type: "PUT_VALUE_RESPONSE", ok: false });
    const good = node.when({ type: "PUT_VALUE", rid: 2, key: "k", record: { value: "ok!", published: 0 }, from: "a" });
    expect(sent(good)[0]!.msg).toMatchObject({ ok: true });
    node.at(999);
    expect(sent(node.when({ type: "GET_VALUE", rid: 3, key: "k", from: "b" }))[0]!.msg.record).toEqual({
      value: "ok!",
      published: 0,
    });
    node.at(1000);
    expect(sent(node.when({ type: "GET_VALUE", rid: 4, key: "k", from: "b" }))[0]!.msg.record).toBeUndefined();
  });

  it("ADD_PROVIDER records the sender; GET_PROVIDERS returns it until the provider TTL passes", () => {
    const node = given({ selfLookup: false, providerTtl: 500 });
    node.when({ type: "ADD_PROVIDER", key: "cid", from: "p" });
    expect(sent(node.when({ type: "GET_PROVIDERS", rid: 1, key: "cid", from: "q" }))[0]!.msg.providers).toEqual(["p"]);
    node.at(500);
    expect(sent(node.when({ type: "GET_PROVIDERS", rid: 2, key: "cid", from: "q" }))[0]!.msg.providers).toEqual([]);
  });
});

describe("ping before evict", () => {
  const full = () => {
    const ids = farIds("me", 21);
    const node = given({ bootstrap: ids.slice(0, 20), selfLookup: false });
    return { node, ids };
  };

  it("when a bucket is full, a new contact makes it ping the least-recently-seen one", () => {
    const { node, ids } = full();
    const fx = node.when({ type: "PING", rid: 1, from: ids[20]! });
    expect(sent(fx, "PING").map((s) => s.to)).toEqual([ids[0]]);
    expect(sent(fx, "PING_RESPONSE").map((s) => s.to)).toEqual([ids[20]]);
    expect(node.kad().table.has(ids[20]!)).toBe(false);
  });

  it("when the LRS contact answers, it stays and the newcomer is dropped", () => {
    const { node, ids } = full();
    const ping = sent(node.when({ type: "PING", rid: 1, from: ids[20]! }), "PING")[0]!;
    node.when({ type: "PING_RESPONSE", rid: ping.msg.rid, from: ids[0]! });
    expect(node.kad().table.has(ids[0]!)).toBe(true);
    expect(node.kad().table.bucket(0).at(-1)!.id).toBe(ids[0]);
    expect(node.kad().table.has(ids[20]!)).toBe(false);
  });

  it("when the ping times out, the LRS contact is evicted for the newcomer", () => {
    const { node, ids } = full();
    const ping = sent(node.when({ type: "PING", rid: 1, from: ids[20]! }), "PING")[0]!;
    node.when({ type: "kad.timeout", rid: ping.msg.rid });
    expect(node.kad().table.has(ids[0]!)).toBe(false);
    expect(node.kad().table.has(ids[20]!)).toBe(true);
    expect(node.kad().stats.evictions).toBe(1);
  });
});

describe("lookups", () => {
  it("asks at most α peers at once, and asks the next when one times out", () => {
    const node = given({ bootstrap: ["a", "b", "c", "d", "e"], selfLookup: false });
    const first = sent(node.when({ type: "lookup", key: "t" }), "FIND_NODE");
    expect(first).toHaveLength(3);
    const fx = node.when({ type: "kad.timeout", rid: first[0]!.msg.rid });
    expect(sent(fx, "FIND_NODE")).toHaveLength(1);
    expect(node.kad().table.has(first[0]!.to)).toBe(false);
  });

  it("follows closer peers hop by hop and reports hops, messages and the k closest", () => {
    const node = given({ bootstrap: ["a"], selfLookup: false });
    node.at(100);
    const r1 = sent(node.when({ type: "lookup", key: "t" }), "FIND_NODE")[0]!;
    node.at(150);
    const r2 = sent(
      node.when({ type: "FIND_NODE_RESPONSE", rid: r1.msg.rid, closer: ["t"], from: "a" }),
      "FIND_NODE",
    )[0]!;
    expect(r2.to).toBe("t");
    node.at(230);
    const [obs] = done(node.when({ type: "FIND_NODE_RESPONSE", rid: r2.msg.rid, closer: [], from: "t" }));
    expect(obs).toMatchObject({ op: "lookup", key: "t", ok: true, found: true, hops: 2, ms: 130, msgs: 2 });
    expect(obs!.closest).toEqual(["t", "a"].sort((x, y) => (x === "t" ? -1 : y === "t" ? 1 : 0)));
  });

  it("a lookup with nobody to ask fails at once", () => {
    const node = given({ selfLookup: false });
    expect(done(node.when({ type: "lookup", key: "t" }))).toEqual([expect.objectContaining({ ok: false, msgs: 0 })]);
  });

  it("get stops at the first valid record and ignores invalid ones", () => {
    const node = given({ bootstrap: ["a", "b"], selfLookup: false, validate: (_k, r) => r.value !== "forged" });
    const reqs = sent(node.when({ type: "get", key: "k" }), "GET_VALUE");
    const byPeer = Object.fromEntries(reqs.map((r) => [r.to, r.msg.rid]));
    const forged = node.when({
      type: "GET_VALUE_RESPONSE",
      rid: byPeer.a,
      key: "k",
      record: { value: "forged", published: 1 },
      closer: [],
      from: "a",
    });
    expect(done(forged)).toEqual([]);
    const real = node.when({
      type: "GET_VALUE_RESPONSE",
      rid: byPeer.b,
      key: "k",
      record: { value: "v", published: 1 },
      closer: [],
      from: "b",
    });
    expect(done(real)).toEqual([expect.objectContaining({ op: "get", ok: true, value: "v", hops: 1 })]);
    expect(node.kad().stats.invalidRecords).toBe(1);
  });
});

describe("light node (client mode)", () => {
  it("accepts no requests, asks the backbone on a miss, fills its cache and then hits", () => {
    const node = given({ mode: "client", bootstrap: ["s1"] });
    expect(node.state()).toBe("ready");
    const ask = sent(node.when({ type: "lookup", key: "peer-9" }), "FIND_NODE")[0]!;
    expect(ask).toMatchObject({ to: "s1", msg: { client: true } });
    const r2 = sent(
      node.when({ type: "FIND_NODE_RESPONSE", rid: ask.msg.rid, closer: ["peer-9"], from: "s1" }),
      "FIND_NODE",
    )[0]!;
    const miss = done(node.when({ type: "FIND_NODE_RESPONSE", rid: r2.msg.rid, closer: [], from: "peer-9" }));
    expect(miss).toEqual([expect.objectContaining({ cache: "miss", found: true })]);
    const hit = done(node.when({ type: "lookup", key: "peer-9" }));
    expect(hit).toEqual([expect.objectContaining({ cache: "hit", ok: true, hops: 0 })]);
  });

  it("keeps at most peerCacheSize peers, least recently used evicted", () => {
    const node = given({ mode: "client", bootstrap: ["s1"], peerCacheSize: 2 });
    for (const p of ["x", "y", "z"]) {
      const ask = sent(node.when({ type: "lookup", key: p }), "FIND_NODE")[0]!;
      const next = sent(node.when({ type: "FIND_NODE_RESPONSE", rid: ask.msg.rid, closer: [p], from: "s1" }))[0]!;
      node.when({ type: "FIND_NODE_RESPONSE", rid: next.msg.rid, closer: [], from: p });
    }
    const cache = node.kad().cache!;
    expect(cache.size).toBe(2);
    expect(cache.has("z")).toBe(true);
    expect(cache.has("x")).toBe(false);
  });
});
