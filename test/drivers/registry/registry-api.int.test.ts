import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startRegistryService, type RegistryService } from "../../../drivers/registry/index.js";
import { Client, newKey, scratch, until } from "./harness.js";

let service: RegistryService;
let api: Client;
const sovereign = newKey();

beforeEach(async () => {
  service = await startRegistryService({
    port: 0,
    dbPath: join(scratch(), "mesh.db"),
    params: { genesisKey: sovereign.publicKey },
    bodyLimit: 4096,
  });
  api = new Client(service.url);
});
afterEach(() => service.stop());

describe("POST /register", () => {
  it("registers a node as pending with the seed's answer", async () => {
    const key = newKey();
    const r = await api.register("alpha", key);
    expect(r).toEqual({
      status: 200,
      body: {
        success: true,
        nodeId: "alpha",
        status: "pending",
        message: "Registration successful. Awaiting sovereign approval.",
      },
    });
    const node = await api.call("GET", "/nodes/alpha");
    expect(node.body).toMatchObject({
      id: "alpha",
      public_key: key.publicKey,
      tailscale_hostname: "alpha.tail",
      tailscale_ip: "100.64.0.1",
      status: "pending",
      services: [{ type: "validator", port: 9000, publicKey: key.publicKey }],
    });
  });

  it("answers 400 naming the field for malformed bodies", async () => {
    const key = newKey();
    const missing = api.registerBody("alpha", key);
    delete (missing as Partial<typeof missing>).publicKey;
    expect(await api.call("POST", "/register", missing)).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^publicKey:/) },
    });
    expect((await api.call("POST", "/register", api.registerBody("bad id!", key))).body.error).toMatch(/^nodeId:/);
    expect(
      (await api.call("POST", "/register", { ...api.registerBody("a", key), services: [{ type: "x", port: 0 }] })).body
        .error,
    ).toMatch(/^services\[0\]\.port:/);
    expect(await api.call("POST", "/register", "{not json")).toMatchObject({
      status: 400,
      body: { error: "body: not valid JSON" },
    });
    expect(await api.call("POST", "/register", [1, 2])).toMatchObject({
      status: 400,
      body: { error: "body: expected a JSON object" },
    });
    expect((await api.call("GET", "/nodes")).body.nodes).toEqual([]);
  });

  it("answers 401 to forged signatures: wrong key, wrong message, another node's signature", async () => {
    const key = newKey();
    const other = newKey();
    expect((await api.call("POST", "/register", api.registerBody("alpha", key, {}, other))).status).toBe(401);
    const wrongMessage = { ...api.registerBody("alpha", key), tailscaleHostname: "evil.tail" };
    expect((await api.call("POST", "/register", wrongMessage)).status).toBe(401);
    const forBeta = api.registerBody("beta", key);
    expect((await api.call("POST", "/register", { ...forBeta, nodeId: "alpha" })).status).toBe(401);
    expect((await api.call("POST", "/register", { ...forBeta, signature: "00".repeat(64) })).status).toBe(401);
    expect((await api.call("GET", "/nodes")).body.nodes).toEqual([]);
  });

  it("answers 409 to a nodeId registered with another key; the old key may rotate it", async () => {
    const oldKey = newKey();
    const newer = newKey();
    await api.register("alpha", oldKey);
    expect(await api.register("alpha", newer)).toMatchObject({
      status: 409,
      body: { error: expect.stringContaining("another key") },
    });
    expect((await api.call("GET", "/nodes/alpha")).body.public_key).toBe(oldKey.publicKey);
    const rotation = api.registerBody("alpha", newer, {}, oldKey);
    expect((await api.call("POST", "/register", rotation)).status).toBe(200);
    expect((await api.call("GET", "/nodes/alpha")).body.public_key).toBe(newer.publicKey);
  });

  it("concurrent registrations of one nodeId: exactly one key wins, the others get 409", async () => {
    const keys = Array.from({ length: 12 }, newKey);
    const results = await Promise.all(keys.map((k) => api.register("contested", k)));
    const won = results.flatMap((r, i) => (r.status === 200 ? [keys[i]!] : []));
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(11);
    expect((await api.call("GET", "/nodes/contested")).body.public_key).toBe(won[0]!.publicKey);
    // The same key registering concurrently is idempotent: one record.
    const same = newKey();
    const again = await Promise.all(Array.from({ length: 8 }, () => api.register("twin", same)));
    expect(again.every((r) => r.status === 200)).toBe(true);
    expect((await api.call("GET", "/nodes")).body.nodes.map((n: { id: string }) => n.id)).toEqual([
      "contested",
      "twin",
    ]);
  });

  it("answers 413 to a body over the limit and stays up", async () => {
    const key = newKey();
    const big = api.registerBody("alpha", key, { tailscaleHostname: "x".repeat(5000) });
    const r = await fetch(service.url + "/register", { method: "POST", body: JSON.stringify(big) });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: "body: larger than 4096 bytes" });
    expect((await api.register("alpha", key)).status).toBe(200);
  });
});

describe("POST /approve and /deny", () => {
  it("moves pending to active or denied, only for a sovereign with a valid signature", async () => {
    await api.register("a", newKey());
    await api.register("d", newKey());
    const stranger = newKey();
    expect((await api.decide("approve", "a", stranger)).status).toBe(403);
    expect((await api.decide("approve", "a", sovereign, "approve:d")).status).toBe(401); // a signature for another node
    expect((await api.decide("approve", "a", sovereign, "deny:a")).status).toBe(401); // for another decision
    expect((await api.decide("approve", "ghost", sovereign)).status).toBe(404);
    expect((await api.call("POST", "/approve/a", { approverPublicKey: "zz" })).status).toBe(400);
    expect((await api.call("GET", "/nodes/a")).body.status).toBe("pending");
    expect(await api.decide("approve", "a", sovereign)).toEqual({
      status: 200,
      body: { success: true, nodeId: "a", status: "active" },
    });
    expect((await api.decide("deny", "d", sovereign)).body.status).toBe("denied");
    const active = await api.call("GET", "/nodes?status=active");
    expect(active.body.nodes.map((n: { id: string }) => n.id)).toEqual(["a"]);
    expect((await api.call("GET", "/nodes?status=denied")).body.nodes.map((n: { id: string }) => n.id)).toEqual(["d"]);
    expect((await api.call("GET", "/nodes?status=bogus")).status).toBe(400);
  });

  it("a replayed decision is harmless: it repeats itself and never reverses a deny", async () => {
    await api.register("n", newKey());
    const approve = { approverPublicKey: sovereign.publicKey, signature: sovereign.sign("approve:n") };
    const deny = { approverPublicKey: sovereign.publicKey, signature: sovereign.sign("deny:n") };
    expect((await api.call("POST", "/approve/n", approve)).body.status).toBe("active");
    expect((await api.call("POST", "/approve/n", approve)).body.status).toBe("active");
    expect((await api.call("POST", "/deny/n", deny)).body.status).toBe("denied"); // revocation
    expect(await api.call("POST", "/approve/n", approve)).toMatchObject({ status: 409 });
    expect((await api.call("POST", "/deny/n", deny)).body.status).toBe("denied");
    expect((await api.call("GET", "/nodes/n")).body.status).toBe("denied");
  });
});

describe("POST /heartbeat", () => {
  it("accepts fresh signed heartbeats and rejects replayed, stale, forged and unknown ones", async () => {
    const key = newKey();
    await api.register("h", key);
    await api.decide("approve", "h", sovereign);
    const t = Date.now();
    expect(await api.heartbeat("h", key, t)).toEqual({
      status: 200,
      body: { success: true, nodeId: "h", status: "active" },
    });
    expect(await api.heartbeat("h", key, t)).toMatchObject({
      status: 401,
      body: { error: expect.stringContaining("replayed") },
    });
    expect((await api.heartbeat("h", key, t - 1)).status).toBe(401);
    expect(await api.heartbeat("h", key, Date.now() - 61_000)).toMatchObject({
      status: 401,
      body: { error: expect.stringContaining("stale") },
    });
    expect((await api.heartbeat("h", key, Date.now() + 61_000)).status).toBe(401);
    expect((await api.heartbeat("h", newKey(), t + 1)).status).toBe(401);
    expect((await api.heartbeat("ghost", key, t + 1)).status).toBe(404);
    expect((await api.call("POST", "/heartbeat", { nodeId: "h", signature: "ab" })).body.error).toMatch(/^timestamp:/);
    // The timestamp is what the signature covers: a signature for another one fails.
    const sig = key.sign(`heartbeat:h:${t + 5}`);
    expect((await api.call("POST", "/heartbeat", { nodeId: "h", timestamp: t + 6, signature: sig })).status).toBe(401);
    expect((await api.heartbeat("h", key, t + 7)).status).toBe(200);
  });

  it("a denied node's heartbeat gets 403", async () => {
    const key = newKey();
    await api.register("x", key);
    await api.decide("deny", "x", sovereign);
    expect((await api.heartbeat("x", key)).status).toBe(403);
  });
});

describe("POST /sovereign/add", () => {
  it("needs an existing sovereign's signature once a key exists", async () => {
    const next = newKey();
    expect((await api.addSovereign(next.publicKey)).status).toBe(403);
    const stranger = newKey();
    expect((await api.addSovereign(next.publicKey, stranger)).status).toBe(403);
    const forged = {
      publicKey: next.publicKey,
      approverPublicKey: sovereign.publicKey,
      signature: stranger.sign(`sovereign-add:${next.publicKey}`),
    };
    expect((await api.call("POST", "/sovereign/add", forged)).status).toBe(401);
    expect((await api.addSovereign(next.publicKey, sovereign)).status).toBe(200);
    // The new sovereign may now approve.
    await api.register("z", newKey());
    expect((await api.decide("approve", "z", next)).status).toBe(200);
  });

  it("without a genesis key, the first request becomes the first sovereign, and only the first", async () => {
    const open = await startRegistryService({ port: 0, dbPath: join(scratch(), "mesh.db") });
    try {
      const c = new Client(open.url);
      const first = newKey();
      expect((await c.addSovereign(first.publicKey)).status).toBe(200);
      expect((await c.addSovereign(newKey().publicKey)).status).toBe(403);
      expect(
        (await c.call("GET", "/sovereigns")).body.sovereigns.map((s: { publicKey: string }) => s.publicKey),
      ).toEqual([first.publicKey]);
    } finally {
      await open.stop();
    }
  });
});

describe("GET /nodes/:id, /topology, unknown routes", () => {
  it("answers 404 for unknown nodes and routes; topology shows heartbeat ages", async () => {
    expect((await api.call("GET", "/nodes/nobody")).status).toBe(404);
    expect((await api.call("GET", "/nope")).status).toBe(404);
    expect(await api.call("GET", "/nodes/%E0%A4%A")).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^path:/) },
    });
    expect((await api.call("GET", "/nodes/nobody")).status).toBe(404); // still serving
    expect((await fetch(service.url + "/register", { method: "PUT" })).status).toBe(405);
    const key = newKey();
    await api.register("t", key);
    await api.decide("approve", "t", sovereign);
    await api.heartbeat("t", key);
    const topo = await api.call("GET", "/topology");
    expect(topo.body.counts).toEqual({ pending: 0, active: 1, denied: 0, offline: 0 });
    expect(topo.body.nodes[0].last_heartbeat_age_ms).toBeGreaterThanOrEqual(0);
    expect(topo.body.nodes[0].last_heartbeat_age_ms).toBeLessThan(5000);
  });
});

describe("GET /events", () => {
  it("streams registered, approved, denied, offline and online", async () => {
    await service.stop();
    service = await startRegistryService({
      port: 0,
      dbPath: join(scratch(), "mesh.db"),
      params: { genesisKey: sovereign.publicKey, offlineAfter: 300, sweepInterval: 100 },
    });
    api = new Client(service.url);
    const stream = await api.events();
    const key = newKey();
    await api.register("e", key);
    await api.register("f", newKey());
    await api.decide("approve", "e", sovereign);
    await api.decide("deny", "f", sovereign);
    await until(() => stream.seen.some((e) => e.kind === "offline"), 5000, "offline event");
    expect((await api.heartbeat("e", key)).body.status).toBe("active");
    await until(() => stream.seen.some((e) => e.kind === "online"), 5000, "online event");
    stream.close();
    expect(stream.seen.slice(0, 6).map((e) => `${e.kind}:${e.nodeId}`)).toEqual([
      "registered:e",
      "registered:f",
      "approved:e",
      "denied:f",
      "offline:e",
      "online:e",
    ]);
  });
});
