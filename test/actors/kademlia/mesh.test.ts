import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { compareDistance, kadKey } from "../../../actors/kademlia/distance.js";
import type { KademliaInit } from "../../../actors/kademlia/config.js";
import { KadMesh } from "./helpers.js";

/** The k node ids closest to `key`, by brute force over `ids`. */
function trueClosest(ids: readonly string[], key: string, k: number): string[] {
  const t = kadKey(key);
  return ids
    .slice()
    .sort((a, b) => compareDistance(kadKey(a), kadKey(b), t))
    .slice(0, k);
}

/** n server nodes, each bootstrapping from node 0, joining 100 ms apart. */
function network(n: number, init: KademliaInit = {}): { mesh: KadMesh; ids: string[] } {
  const mesh = new KadMesh();
  const ids = Array.from({ length: n }, (_, i) => `n-${i}`);
  ids.forEach((id, i) => {
    mesh.add(id, { ...init, bootstrap: i === 0 ? [] : ["n-0"] });
    mesh.run(100);
  });
  mesh.run(10_000);
  return { mesh, ids };
}

describe("a static network of 200 nodes", () => {
  let mesh: KadMesh;
  let ids: string[];
  beforeAll(() => ({ mesh, ids } = network(200)));

  it("every node joined", () => {
    expect(ids.filter((id) => mesh.state(id) !== "ready" && id !== "n-0")).toEqual([]);
    expect(mesh.done.filter((d) => d.op === "join" && !d.ok)).toEqual([]);
  });

  it("a lookup returns the true k closest nodes (property over keys and origins)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.nat(199), (key, from) => {
        const origin = ids[from]!;
        const obs = mesh.op(origin, { type: "lookup", key });
        const others = ids.filter((id) => id !== origin);
        expect(obs.closest).toEqual(trueClosest(others, key, 20));
        expect(obs.hops as number).toBeLessThanOrEqual(Math.ceil(Math.log2(200)));
      }),
      { numRuns: 25 },
    );
  });

  it("put then get from another node returns the value; provide then findProviders finds the provider", () => {
    expect(mesh.op("n-17", { type: "put", key: "/v/a", value: "hello" })).toMatchObject({ ok: true, stored: 20 });
    expect(mesh.op("n-151", { type: "get", key: "/v/a" })).toMatchObject({ ok: true, value: "hello" });
    expect(mesh.op("n-42", { type: "provide", key: "cid-1" })).toMatchObject({ ok: true });
    expect(mesh.op("n-99", { type: "findProviders", key: "cid-1" })).toMatchObject({ ok: true, providers: ["n-42"] });
    expect(mesh.op("n-99", { type: "get", key: "/v/missing" })).toMatchObject({ ok: false });
  });

  it("after 20% of nodes crash, lookups find live nodes at once and the exact k closest after a refresh", () => {
    const dead = ids.filter((_, i) => i % 5 === 3);
    for (const id of dead) mesh.hosts.get(id)!.stop();
    const live = ids.filter((id) => !dead.includes(id) && id !== "n-1");
    const keys = ["churn-a", "churn-b", "churn-c", "churn-d"];
    for (const key of keys) {
      const got = mesh.op("n-1", { type: "lookup", key }).closest as string[];
      const want = trueClosest(live, key, 20);
      // Peers still list crashed contacts, so the 20th-25th closest may go unnamed until tables heal.
      expect(got.every((id) => live.includes(id))).toBe(true);
      expect(got[0]).toBe(want[0]);
      expect(got.filter((id) => want.includes(id)).length).toBeGreaterThanOrEqual(15);
    }
    mesh.run(11 * 60_000); // one bucket refresh: every node times out and forgets its crashed contacts
    for (const key of keys) expect(mesh.op("n-1", { type: "lookup", key }).closest).toEqual(trueClosest(live, key, 20));
  });
});

describe("light nodes", () => {
  it("miss, then hit from the cache; hits cost no messages", () => {
    const { mesh } = network(40);
    mesh.add("light-0", { mode: "client", bootstrap: ["n-0", "n-1"] });
    const miss = mesh.op("light-0", { type: "lookup", key: "n-33" });
    expect(miss).toMatchObject({ ok: true, found: true, cache: "miss" });
    expect(miss.msgs as number).toBeGreaterThan(0);
    const hit = mesh.op("light-0", { type: "lookup", key: "n-33" });
    expect(hit).toMatchObject({ ok: true, cache: "hit", msgs: 0, ms: 0 });
    // Servers never put a light node in their buckets: nobody could reach it.
    expect([...mesh.hosts.keys()].some((id) => id !== "light-0" && mesh.kad(id).table.has("light-0"))).toBe(false);
  });
});

describe("provider records", () => {
  it("expire after their TTL unless republished", () => {
    const init = { providerTtl: 20_000, providerRepublish: 8_000 };
    const { mesh } = network(30, init);
    mesh.op("n-5", { type: "provide", key: "c" });
    mesh.run(60_000);
    expect(mesh.op("n-20", { type: "findProviders", key: "c" })).toMatchObject({ ok: true, providers: ["n-5"] });

    const lazy = network(30, { providerTtl: 20_000, providerRepublish: 10 * 3600_000 }).mesh;
    lazy.op("n-5", { type: "provide", key: "c" });
    lazy.run(60_000);
    expect(lazy.op("n-20", { type: "findProviders", key: "c" })).toMatchObject({ ok: false });
  });
});

describe("determinism", () => {
  it("the same network and workload give the same log fingerprint", () => {
    const run = () => {
      const { mesh } = network(30, { disjointPaths: 2 });
      for (let i = 0; i < 10; i++) mesh.op(`n-${i}`, { type: "lookup", key: `k${i}` });
      return mesh.log.fingerprint();
    };
    expect(run()).toBe(run());
  });
});
