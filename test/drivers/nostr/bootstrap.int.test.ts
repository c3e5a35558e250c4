import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { peerCardEvent, PEER_CARD_D } from "../../../actors/nostr-relay/index.js";
import { discoverViaRelays } from "../../../drivers/nostr/internet-relays.js";
import { startRelayServer, type RelayServer } from "../../../drivers/nostr/relay-server.js";

describe("relay-based bootstrap (internet-relays)", () => {
  let r1: RelayServer;
  let r2: RelayServer;
  beforeAll(async () => {
    r1 = await startRelayServer({ port: 0 });
    r2 = await startRelayServer({ port: 0 });
  });
  afterAll(async () => {
    await r1.close();
    await r2.close();
  });

  it("given A on both relays and B only on the second, when C knows only the first, then C finds A, B and the second relay", async () => {
    const a = generateSecretKey();
    const b = generateSecretKey();
    await discoverViaRelays({
      secretKey: a,
      relays: [r1.url, r2.url],
      card: { id: "node-a", addrs: ["/ip4/127.0.0.1/tcp/4001"], relays: [r1.url, r2.url] },
    });
    await discoverViaRelays({
      secretKey: b,
      relays: [r2.url],
      card: { id: "node-b", addrs: ["/ip4/127.0.0.1/tcp/4002"], relays: [r2.url] },
    });
    expect(
      r1
        .context()
        .core.ingest.index.values()
        .some((e) => e.pubkey === getPublicKey(b)),
    ).toBe(false);

    const found = await discoverViaRelays({
      secretKey: generateSecretKey(),
      relays: [r1.url],
      card: { id: "node-c", addrs: [], relays: [r1.url] },
    });
    expect(found.peers.map((p) => p.id).sort()).toEqual(["node-a", "node-b"]);
    expect(found.peers.find((p) => p.id === "node-a")).toMatchObject({
      pubkey: getPublicKey(a),
      addrs: ["/ip4/127.0.0.1/tcp/4001"],
    });
    expect(found.relays).toEqual([r1.url, r2.url]);
  });

  it("given a card tampered with after signing and a signed but malformed one, then neither is taken", async () => {
    const sk = generateSecretKey();
    const card = peerCardEvent({ id: "liar", addrs: [], relays: [] }, sk, Math.floor(Date.now() / 1000));
    // A card whose content was changed after signing (the relay refuses it) and a signed card whose content is garbage.
    const mallory = generateSecretKey();
    const forged = finalizeEvent(
      { kind: 30078, created_at: card.created_at, tags: [["d", PEER_CARD_D]], content: "{not json" },
      mallory,
    );
    const ws = new WebSocket(r1.url);
    await new Promise((r) => ws.once("open", r));
    const ok = new Promise<unknown[]>((resolve) =>
      ws.on("message", (d) => {
        const f = JSON.parse(d.toString());
        if (f[0] === "OK") resolve(f);
      }),
    );
    ws.send(JSON.stringify(["EVENT", { ...card, content: card.content.replace("liar", "node-a") }]));
    expect((await ok)[2]).toBe(false);
    ws.send(JSON.stringify(["EVENT", forged]));
    await new Promise((r) => setTimeout(r, 200));
    ws.close();
    const found = await discoverViaRelays({
      secretKey: generateSecretKey(),
      relays: [r1.url],
      card: { id: "node-d", addrs: [], relays: [] },
    });
    expect(found.peers.map((p) => p.id)).not.toContain("liar");
    expect(found.peers.every((p) => p.pubkey !== getPublicKey(mallory))).toBe(true);
  });
});
