import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nip77 } from "nostr-tools";
import type { Filter } from "nostr-tools/filter";
import { Relay, useWebSocketImplementation } from "nostr-tools/relay";
import { SimplePool, useWebSocketImplementation as usePoolWebSocket } from "nostr-tools/pool";
import { finalizeEvent, generateSecretKey, getPublicKey, type Event } from "nostr-tools/pure";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startRelayServer, type RelayServer } from "../../../drivers/nostr/relay-server.js";

// nostr-tools on Node 20 has no global WebSocket: hand it `ws`.
useWebSocketImplementation(WebSocket);
usePoolWebSocket(WebSocket);

const note = (sk: Uint8Array, content: string, extra: Partial<Event> = {}) =>
  finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content, ...extra }, sk);

/** Collects a subscription's events until EOSE, then keeps collecting live ones. */
function subscribe(relay: Relay, filter: Filter) {
  const stored: Event[] = [];
  const live: Event[] = [];
  let eose = false;
  let resolveEose!: () => void;
  const eoseSeen = new Promise<void>((r) => (resolveEose = r));
  const sub = relay.subscribe([filter], {
    onevent: (e) => (eose ? live : stored).push(e),
    oneose: () => {
      eose = true;
      resolveEose();
    },
  });
  return { stored, live, eoseSeen, sub };
}

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("a stock nostr-tools client against `meshtwin relay`", () => {
  let server: RelayServer;
  let dir: string;
  const relays: Relay[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nostr-e2e-"));
    server = await startRelayServer({ port: 0, dataDir: dir });
  });
  afterEach(() => {
    for (const r of relays.splice(0)) r.close();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const connect = async (url = server.url): Promise<Relay> => {
    const r = await Relay.connect(url);
    relays.push(r);
    return r;
  };

  it("given a stored note, when a client subscribes, then it gets the note, EOSE, then live notes", async () => {
    const sk = generateSecretKey();
    const relay = await connect();
    const first = note(sk, "stored before the REQ");
    await expect(relay.publish(first)).resolves.toBe("");
    const s = subscribe(relay, { kinds: [1], authors: [getPublicKey(sk)] });
    await s.eoseSeen;
    expect(s.stored.map((e) => e.id)).toEqual([first.id]);
    const second = note(sk, "published after EOSE");
    await relay.publish(second);
    await until(() => s.live.length === 1);
    expect(s.live[0]!.id).toBe(second.id);
  });

  it("given an event with a tampered signature, when published, then the relay answers OK false with invalid:", async () => {
    const relay = await connect();
    const ev = note(generateSecretKey(), "forged");
    const forged = { ...ev, sig: ev.sig.replace(/^./, ev.sig[0] === "0" ? "1" : "0") };
    await expect(relay.publish(forged)).rejects.toThrow(/^invalid: bad signature/);
    const count = await relay.count([{ ids: [ev.id] }], {});
    expect(count).toBe(0);
  });

  it("given the same event twice, then the second OK says duplicate:", async () => {
    const relay = await connect();
    const ev = note(generateSecretKey(), "twice");
    await relay.publish(ev);
    await expect(relay.publish(ev)).resolves.toMatch(/^duplicate:/);
  });

  it("given two relays in a SimplePool, when a note is published to both, then a query finds it once", async () => {
    const other = await startRelayServer({ port: 0 });
    const pool = new SimplePool();
    try {
      const sk = generateSecretKey();
      const ev = note(sk, "pooled");
      const results = await Promise.allSettled(pool.publish([server.url, other.url], ev));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
      const found = await pool.querySync([server.url, other.url], { authors: [getPublicKey(sk)] });
      expect(found.map((e) => e.id)).toEqual([ev.id]);
      expect(other.context().core.ingest.index.has(ev.id)).toBe(true);
    } finally {
      pool.destroy();
      await other.close();
    }
  });

  it("given nostr-tools' NegentropySync (NIP-77 client), then it learns what the relay has and lacks", async () => {
    const sk = generateSecretKey();
    const relay = await connect();
    const both = note(sk, "on both");
    const relayOnly = note(sk, "only on the relay");
    const clientOnly = note(sk, "only on the client");
    await relay.publish(both);
    await relay.publish(relayOnly);
    const storage = new nip77.NegentropyStorageVector();
    for (const e of [both, clientOnly]) storage.insert(e.created_at, e.id);
    storage.seal();
    const have: string[] = [];
    const need: string[] = [];
    let closed!: () => void;
    const done = new Promise<void>((r) => (closed = r));
    const sync = new nip77.NegentropySync(
      relay,
      storage,
      { authors: [getPublicKey(sk)] },
      {
        onhave: (id) => have.push(id),
        onneed: (id) => need.push(id),
        onclose: () => closed(),
      },
    );
    await sync.start();
    await done;
    expect(have).toEqual([clientOnly.id]);
    expect(need).toEqual([relayOnly.id]);
  });

  it("serves NIP-11 with its limitation to Accept: application/nostr+json", async () => {
    const res = await fetch(server.url.replace("ws://", "http://"), { headers: { accept: "application/nostr+json" } });
    expect(res.headers.get("content-type")).toBe("application/nostr+json");
    const info = (await res.json()) as { supported_nips: number[]; limitation: Record<string, unknown> };
    expect(info.supported_nips).toEqual(expect.arrayContaining([1, 9, 11, 40, 42, 45, 77]));
    expect(info.limitation.max_message_length).toBe(65536);
    expect(info.limitation.auth_required).toBe(false);
  });
});

describe("NIP-42 against a team relay", () => {
  const member = generateSecretKey();
  const outsider = generateSecretKey();
  let server: RelayServer;
  beforeAll(async () => {
    server = await startRelayServer({
      port: 0,
      params: { team: { name: "crew", members: [{ pubkey: getPublicKey(member) }] } },
    });
  });
  afterAll(() => server.close());

  it("given a member, when it publishes before and after AUTH, then auth-required: then OK true", async () => {
    const relay = await Relay.connect(server.url);
    try {
      await until(() => (relay as unknown as { challenge?: string }).challenge !== undefined);
      await expect(relay.publish(note(member, "too early"))).rejects.toThrow(/^auth-required:/);
      await relay.auth(async (t) => finalizeEvent(t, member));
      const ev = note(member, "team only");
      await expect(relay.publish(ev)).resolves.toBe("");
      const s = subscribe(relay, { ids: [ev.id] });
      await s.eoseSeen;
      expect(s.stored.map((e) => e.id)).toEqual([ev.id]);
    } finally {
      relay.close();
    }
  });

  it("given an outsider that authenticates, when it publishes, then restricted: and nothing is stored", async () => {
    const relay = await Relay.connect(server.url);
    try {
      await until(() => (relay as unknown as { challenge?: string }).challenge !== undefined);
      await relay.auth(async (t) => finalizeEvent(t, outsider));
      const ev = note(outsider, "let me in");
      await expect(relay.publish(ev)).rejects.toThrow(/^restricted:/);
      expect(server.context().core.ingest.index.has(ev.id)).toBe(false);
    } finally {
      relay.close();
    }
  });
});
