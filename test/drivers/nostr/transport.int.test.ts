import { generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NostrDriver } from "../../../drivers/nostr/nostr-driver.js";
import { startRelayServer, type RelayServer } from "../../../drivers/nostr/relay-server.js";
import type { Envelope } from "../../../runtime/driver.js";
import { describeDriverCompliance } from "../../compliance/driver.js";

const until = async (cond: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

let relays: RelayServer[] = [];
beforeAll(async () => {
  relays = [await startRelayServer({ port: 0 }), await startRelayServer({ port: 0 })];
});
afterAll(async () => {
  for (const r of relays) await r.close();
});

// Loss: the transport cannot be told to lose frames (a relay forwards or is down), so the
// loss case is inapplicable; failover below covers a relay that goes away.
describeDriverCompliance("nostr (two relays, NIP-44, ephemeral p-tagged events)", {
  ordered: true,
  supportsLoss: false,
  async create() {
    const a = new NostrDriver({ secretKey: generateSecretKey(), relays: relays.map((r) => r.url) });
    const b = new NostrDriver({ secretKey: generateSecretKey(), relays: relays.map((r) => r.url) });
    return {
      a,
      b,
      aId: a.id,
      bId: b.id,
      // Real relays, real signatures: wait until every frame sent has arrived, or nothing has moved for 1 s.
      async settle() {
        const arrived = () => b.stats.delivered + a.stats.delivered;
        const end = Date.now() + 10_000;
        let last = -1;
        let still = Date.now();
        while (arrived() < a.stats.sent + b.stats.sent && Date.now() < end) {
          if (arrived() !== last) [last, still] = [arrived(), Date.now()];
          else if (Date.now() - still > 1000) break;
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      async teardown() {
        a.stop();
        b.stop();
      },
    };
  },
});

describe("nostr transport", () => {
  it("given two nodes sharing only one relay, then they exchange frames through it", async () => {
    const only = await startRelayServer({ port: 0 });
    const a = new NostrDriver({ secretKey: generateSecretKey(), relays: [relays[0]!.url, only.url] });
    const b = new NostrDriver({ secretKey: generateSecretKey(), relays: [relays[1]!.url, only.url] });
    const got: Envelope[] = [];
    b.onReceive((e) => got.push(e));
    try {
      await a.start();
      await b.start();
      await until(() => a.connected.includes(only.url) && b.connected.includes(only.url));
      a.send({ from: a.id, to: b.id, protocol: "gossip", payload: { type: "push", items: [1] } });
      await until(() => got.length === 1);
      expect(got[0]).toEqual({ from: a.id, to: b.id, protocol: "gossip", payload: { type: "push", items: [1] } });
    } finally {
      a.stop();
      b.stop();
      await only.close();
    }
  });

  it("given two relays, then each frame is delivered once (the copy via the second relay is dropped)", async () => {
    const a = new NostrDriver({ secretKey: generateSecretKey(), relays: relays.map((r) => r.url) });
    const b = new NostrDriver({ secretKey: generateSecretKey(), relays: relays.map((r) => r.url) });
    const got: Envelope[] = [];
    b.onReceive((e) => got.push(e));
    try {
      await a.start();
      await b.start();
      await until(() => a.connected.length === 2 && b.connected.length === 2);
      for (let i = 0; i < 10; i++) a.send({ from: a.id, to: b.id, protocol: "t", payload: { type: "n", i } });
      await until(() => b.stats.duplicates === 10);
      expect(got.map((e) => (e.payload as unknown as { i: number }).i)).toEqual([...Array(10).keys()]);
    } finally {
      a.stop();
      b.stop();
    }
  });

  it("given a relay that dies, then frames flow through the other; when it comes back, the driver reconnects", async () => {
    const flaky = await startRelayServer({ port: 0 });
    const port = flaky.port;
    const a = new NostrDriver({
      secretKey: generateSecretKey(),
      relays: [flaky.url, relays[0]!.url],
      backoff: { min: 100, max: 400 },
    });
    const b = new NostrDriver({
      secretKey: generateSecretKey(),
      relays: [flaky.url, relays[0]!.url],
      backoff: { min: 100, max: 400 },
    });
    const got: Envelope[] = [];
    b.onReceive((e) => got.push(e));
    let back: RelayServer | undefined;
    try {
      await a.start();
      await b.start();
      await until(() => a.connected.length === 2 && b.connected.length === 2);
      await flaky.close();
      await until(() => a.connected.length === 1 && b.connected.length === 1);
      a.send({ from: a.id, to: b.id, protocol: "t", payload: { type: "during-outage" } });
      await until(() => got.length === 1);
      back = await startRelayServer({ port });
      await until(() => a.connected.length === 2 && b.connected.length === 2);
      expect(a.connected).toContain(back.url);
    } finally {
      a.stop();
      b.stop();
      await back?.close();
    }
  });

  it("given a forged frame (bad signature or not decryptable), then it is counted and never delivered", async () => {
    const b = new NostrDriver({ secretKey: generateSecretKey(), relays: [relays[0]!.url] });
    const got: Envelope[] = [];
    b.onReceive((e) => got.push(e));
    await b.start();
    try {
      // A valid event p-tagged to b, but its content is not NIP-44 for b.
      const { finalizeEvent } = await import("nostr-tools/pure");
      const sk = generateSecretKey();
      const ev = finalizeEvent(
        { kind: 25910, created_at: Math.floor(Date.now() / 1000), tags: [["p", b.id]], content: "not encrypted" },
        sk,
      );
      const ws = new (await import("ws")).default(relays[0]!.url);
      await new Promise((r) => ws.once("open", r));
      ws.send(JSON.stringify(["EVENT", ev]));
      await until(() => b.stats.malformed === 1);
      ws.close();
      expect(got).toEqual([]);
      expect(getPublicKey(sk)).not.toBe(b.id);
    } finally {
      b.stop();
    }
  });
});
