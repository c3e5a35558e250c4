import type { Rng } from "../../runtime/rng.js";

/**
 * Frames for fuzzing: random JSON, and well-formed messages of each protocol mutated one
 * step (a field removed, retyped, set to junk; the type swapped; the whole thing wrapped).
 * Seeded, so a failure replays.
 */

const P = ["12D3KooWpeerAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "12D3KooWpeerBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"];
const rec = { value: "v", published: 5 };

/** One well-formed message of each wire type, per protocol (the actor's name). */
export const SAMPLES: Record<string, readonly Record<string, unknown>[]> = {
  discovery: [
    { type: "hello", segment: "lan", local: true },
    { type: "welcome", segment: "lan", peers: P },
  ],
  membership: [
    { type: "neighbor", high: true },
    { type: "accept" },
    { type: "reject" },
    { type: "leave" },
    { type: "ping", n: 3 },
    { type: "pong", n: 3, linked: true },
    { type: "shuffle", peers: P },
    { type: "shuffled", peers: P },
  ],
  gossip: [
    { type: "push", items: [{ id: "m1", origin: P[0], hops: 1, body: { text: "hi" } }] },
    { type: "digest", count: 2, sums: [1, 2, 3, 4] },
    { type: "have", buckets: [0, 3], ids: ["m1", "m2"] },
    { type: "want", ids: ["m1"] },
    { type: "msgs", items: [{ id: "m2", origin: P[1], hops: 0 }] },
  ],
  kad: [
    { type: "FIND_NODE", rid: 1, key: P[0] },
    { type: "FIND_NODE_RESPONSE", rid: 1, closer: P },
    { type: "GET_VALUE", rid: 2, key: "k" },
    { type: "GET_VALUE_RESPONSE", rid: 2, key: "k", record: rec, closer: P },
    { type: "PUT_VALUE", rid: 3, key: "k", record: rec },
    { type: "PUT_VALUE_RESPONSE", rid: 3, key: "k", ok: true },
    { type: "ADD_PROVIDER", key: "k" },
    { type: "GET_PROVIDERS", rid: 4, key: "k" },
    { type: "GET_PROVIDERS_RESPONSE", rid: 4, key: "k", providers: P, closer: P },
    { type: "PING", rid: 5 },
    { type: "PING_RESPONSE", rid: 5 },
  ],
  holepunch: [
    { type: "dial", nonce: "n1" },
    { type: "dial.ok", nonce: "n1" },
    { type: "punch", nonce: "n2" },
    { type: "punch.ok", nonce: "n2" },
    { type: "msg", id: "x1" },
    { type: "msg.ack", id: "x1" },
  ],
  reachability: [
    { type: "dial.request", nonce: "r1", avoid: P },
    { type: "dial.assist", target: P[0], nonce: "r1" },
    { type: "dial.back", nonce: "r1" },
    { type: "dial.response", nonce: "r1" },
  ],
  relay: [
    { type: "reserve" },
    { type: "reserved", ttl: 60000 },
    { type: "refused", reason: "full" },
    { type: "hop", dst: P[1], via: [], src: P[0], route: [], actor: "holepunch", inner: { type: "msg", id: "x" } },
    { type: "stop", src: P[0], route: [P[1]], actor: "holepunch", inner: { type: "connect", nonce: "c" } },
  ],
};

const JUNK_STRINGS = [
  "",
  "x",
  "\u0000\u0001\u00ff",
  "NaN",
  "🙂".repeat(3),
  "a".repeat(300),
  "__proto__",
  "constructor",
];

/** A random JSON value, at most `depth` levels deep. */
export function randomJson(rng: Rng, depth = 3): unknown {
  switch (rng.int(depth > 0 ? 8 : 6)) {
    case 0:
      return null;
    case 1:
      return rng.int(2) === 0;
    case 2:
      return [0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, rng.u32()][rng.int(7)];
    case 3:
      return JUNK_STRINGS[rng.int(JUNK_STRINGS.length)];
    case 4:
      return rng.hex64();
    case 5:
      return {};
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--)
        o[["type", "items", "id", "rid", "key", "peers", "n", "inner"][rng.int(8)]!] = randomJson(rng, depth - 1);
      return o;
    }
  }
}

/** A well-formed sample with one mutation. */
export function mutated(rng: Rng, protocol: string): unknown {
  const samples = SAMPLES[protocol]!;
  const m: Record<string, unknown> = structuredClone(samples[rng.int(samples.length)]!) as Record<string, unknown>;
  const keys = Object.keys(m).filter((k) => k !== "type");
  const key = keys.length ? keys[rng.int(keys.length)]! : "type";
  switch (rng.int(7)) {
    case 0:
      delete m[key];
      return m;
    case 1:
      m[key] = randomJson(rng, 1);
      return m;
    case 2:
      m.type = samples[rng.int(samples.length)]!.type; // another type, this one's fields
      return m;
    case 3:
      m.type = randomJson(rng, 0);
      return m;
    case 4: {
      // Reach one level down: an item, a record, a peer in a list.
      const v = m[key];
      if (Array.isArray(v) && v.length) v[rng.int(v.length)] = randomJson(rng, 1);
      else if (v && typeof v === "object")
        (v as Record<string, unknown>)[["id", "hops", "value", "type"][rng.int(4)]!] = randomJson(rng, 1);
      else m[key] = [v];
      return m;
    }
    case 5:
      m[`junk${rng.int(3)}`] = randomJson(rng, 2);
      return m;
    default:
      return m; // unmutated: the fuzz also proves good frames still pass
  }
}

/** Frame `i` of a fuzz run: random JSON for a third of them, a mutated message otherwise. */
export function fuzzFrame(rng: Rng, protocol: string): unknown {
  return rng.int(3) === 0 ? randomJson(rng) : mutated(rng, protocol);
}
