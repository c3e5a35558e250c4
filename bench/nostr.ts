import { NostrRelay } from "@nostr-relay/core";
import type {
  Client,
  Event as TheirEvent,
  EventRepositoryUpsertResult,
  Filter as TheirFilter,
} from "@nostr-relay/common";
import { EventRepository } from "@nostr-relay/common";
import { verifyEvent as pureVerify } from "nostr-tools/pure";
import { verifyEvent as wasmVerify } from "nostr-tools/wasm";
import { createActor } from "xstate";
import { EventIndex } from "../actors/nostr-relay/event-index.js";
import { parseFilter } from "../actors/nostr-relay/filter.js";
import {
  nostrRelay,
  setSignatureVerifier,
  signEvent,
  useWasmSignatures,
  type NostrEvent,
} from "../actors/nostr-relay/index.js";
import type { ActorEnv } from "../runtime/actor.js";
import { createRng } from "../runtime/rng.js";

/** Events ingested (each with its signature checked) and events stored for the REQ figures. */
const INGEST = Number(process.env.NOSTR_BENCH_INGEST ?? 3000);
const STORED = 100_000;
const REQS = 4000;

/**
 * @nostr-relay/core leaves storage to an EventRepository. To compare the relays and not
 * two databases, it gets our in-memory index (ids, authors, kinds, tags, time order),
 * the same one our relay queries.
 */
class IndexRepository extends EventRepository {
  readonly index = new EventIndex();
  isSearchSupported(): boolean {
    return false;
  }
  upsert(event: TheirEvent): EventRepositoryUpsertResult {
    if (this.index.has(event.id)) return { isDuplicate: true };
    this.index.add(event as unknown as NostrEvent, 0);
    return { isDuplicate: false };
  }
  find(filter: TheirFilter): TheirEvent[] {
    const f = parseFilter(filter);
    if (typeof f === "string") return [];
    return this.index.query(f, filter.limit ?? 500, Number.MAX_SAFE_INTEGER / 2) as unknown as TheirEvent[];
  }
  async destroy(): Promise<void> {}
}

function ourRelay(stored: NostrEvent[] = []) {
  let frames = 0;
  const env: ActorEnv = {
    self: "bench",
    segment: "",
    rng: createRng(1),
    now: () => Date.now(),
    io: {
      send: () => void frames++,
      broadcast: () => {},
      setTimer: () => {},
      cancelTimer: () => {},
      tell: () => {},
      observe: () => {},
    },
  };
  const big = { perSecond: 1e9, burst: 1e9 };
  const def = nostrRelay({
    connectionRate: big,
    pubkeyRate: big,
    reqRate: big,
    maxLimit: 1000,
    secretKey: "1".repeat(64),
  });
  const actor = createActor(def.machine, { input: { env, init: def.init, restored: { events: stored } } });
  actor.start();
  actor.send({ type: "open", from: "c" });
  return {
    frames: () => frames,
    send: (text: string) => actor.send({ type: "c", from: "c", text }),
  };
}

function theirRelay(stored: NostrEvent[] = []) {
  const repo = new IndexRepository();
  for (const e of [...stored].sort((a, b) => a.created_at - b.created_at)) repo.upsert(e as unknown as TheirEvent);
  const relay = new NostrRelay(repo, {
    logger: { setLogLevel: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  } as never);
  let frames = 0;
  const client: Client = { readyState: 1, send: () => void frames++ };
  relay.handleConnection(client);
  return {
    frames: () => frames,
    // The message is parsed as it would be off the socket; @nostr-relay/validator is skipped (we do not count ours either).
    send: (text: string) => relay.handleMessage(client, JSON.parse(text)),
  };
}

function signedEvents(n: number): NostrEvent[] {
  const rng = createRng("ingest");
  const keys = Array.from({ length: 50 }, () => Uint8Array.from(Buffer.from(rng.hex64().repeat(4), "hex")));
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) =>
    signEvent(
      { kind: 1, created_at: now - (i % 3600), tags: [["t", `topic${i % 20}`]], content: `bench ${i} ${rng.hex64()}` },
      keys[i % keys.length]!,
    ),
  );
}

function storedEvents(n: number): NostrEvent[] {
  const rng = createRng("stored");
  const authors = Array.from({ length: 1000 }, () => rng.hex64().repeat(4));
  return Array.from({ length: n }, (_, i) => ({
    id: rng.hex64() + rng.hex64() + rng.hex64() + rng.hex64(),
    pubkey: authors[i % authors.length]!,
    created_at: 1_700_000_000 + i,
    kind: i % 10 === 0 ? 7 : 1,
    tags: [["t", `topic${i % 100}`]],
    content: "",
    sig: "0".repeat(128),
  }));
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function ingest(make: () => { send(t: string): unknown; frames(): number }, texts: string[]) {
  const r = make();
  const t0 = performance.now();
  for (const t of texts) await r.send(t);
  const ms = performance.now() - t0;
  return { eventsPerSec: Math.round((texts.length / ms) * 1000), oks: r.frames() };
}

/**
 * REQ latency (send to EOSE) of several relays, interleaved: each request goes to every
 * relay in turn, so load on this shared machine and garbage collection fall on all alike.
 */
async function reqLatency(relays: { send(t: string): unknown }[], stored: NostrEvent[]) {
  const rng = createRng("reqs");
  const filters = (i: number): object => {
    switch (i % 4) {
      case 0:
        return { kinds: [1], limit: 100 };
      case 1:
        return { authors: [rng.pick(stored).pubkey], limit: 50 };
      case 2:
        return { "#t": [`topic${rng.int(100)}`], limit: 20 };
      default:
        return { ids: Array.from({ length: 5 }, () => rng.pick(stored).id) };
    }
  };
  const times: number[][] = relays.map(() => []);
  for (let i = 0; i < REQS; i++) {
    const text = JSON.stringify(["REQ", `q${i}`, filters(i)]);
    const close = JSON.stringify(["CLOSE", `q${i}`]);
    for (let j = 0; j < relays.length; j++) {
      // Alternate who goes first, so neither always runs right after the other's allocations.
      const r = relays[(i + j) % relays.length]!;
      const t0 = performance.now();
      await r.send(text);
      times[(i + j) % relays.length]!.push(performance.now() - t0);
      await r.send(close);
    }
  }
  return times.map((t) => ({ p50: quantile(t, 0.5).toFixed(3), p99: quantile(t, 0.99).toFixed(3) }));
}

/** `npm run bench -- nostr`: EVENT ingest with signature checks and REQ latency at 100k events, ours beside @nostr-relay/core. */
export async function benchNostr(): Promise<Record<string, unknown>[]> {
  await useWasmSignatures(); // fast signing of the inputs; the verifier is chosen per run below
  const events = signedEvents(INGEST);
  const texts = events.map((e) => JSON.stringify(["EVENT", e]));
  const stored = storedEvents(STORED);
  const rows: Record<string, unknown>[] = [];

  setSignatureVerifier(pureVerify);
  const oursPure = await ingest(() => ourRelay(), texts);
  setSignatureVerifier(wasmVerify);
  const oursWasm = await ingest(() => ourRelay(), texts);
  const theirs = await ingest(() => theirRelay(), texts);
  const [ourReq, theirReq] = (await reqLatency([ourRelay(stored), theirRelay(stored)], stored)) as [
    { p50: string; p99: string },
    { p50: string; p99: string },
  ];
  rows.push(
    {
      relay: "meshtwin nostr-relay (WASM BIP-340, as served)",
      "EVENT/s": oursWasm.eventsPerSec,
      "REQ p50 ms": ourReq.p50,
      "REQ p99 ms": ourReq.p99,
    },
    {
      relay: "meshtwin nostr-relay (pure-JS BIP-340)",
      "EVENT/s": oursPure.eventsPerSec,
      "REQ p50 ms": "",
      "REQ p99 ms": "",
    },
    {
      relay: "@nostr-relay/core 0.0.40 (noble BIP-340)",
      "EVENT/s": theirs.eventsPerSec,
      "REQ p50 ms": theirReq.p50,
      "REQ p99 ms": theirReq.p99,
    },
  );
  return rows;
}
