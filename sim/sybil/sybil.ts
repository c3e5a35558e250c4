import { createHash } from "node:crypto";
import * as Schema from "effect/Schema";
import { Count, Duration, Fraction, Name } from "../scenario/primitives.js";
import { KademliaParams } from "../../actors/kademlia/config.js";

/**
 * `sybil:` of a scenario: at time `at`, `count` attacker nodes (or a `fraction` of all
 * nodes after they join) enter the DHT. `nearest-ids` grinds ids whose keys sit nearest
 * `target` (a node id or record key), within a hashing `budget`; `random-ids` takes
 * whatever ids come. `idPowBits` is the proof-of-work defence on node ids: each
 * candidate id costs 2^bits hashes, so the same budget buys that many fewer candidates
 * (modelled: honest ids are not re-ground, their one-time cost is reported instead).
 */
export const SybilSpec = Schema.Struct({
  at: Duration,
  count: Schema.optional(Count),
  fraction: Schema.optional(Fraction),
  target: Schema.String,
  strategy: Schema.Literal("nearest-ids", "random-ids"),
  behaviour: Schema.Literal("drop", "misroute", "eclipse"),
  /** @default "sybil" */
  group: Schema.optional(Name),
  /** Node ids or groups the attackers join through. */
  bootstrap: Schema.Array(Schema.String),
  /** Ids the attacker can afford to hash. @default 2^18 */
  budget: Schema.optional(Count),
  /** @default 0 (no proof of work) */
  idPowBits: Schema.optional(Schema.Int.pipe(Schema.between(0, 30))),
  /** Kademlia parameters of the attackers' own nodes. */
  kademlia: Schema.optional(KademliaParams),
});
export type SybilSpec = typeof SybilSpec.Type;

/** Attackers for a network of `honest` nodes: `count`, or `fraction` of the total. */
export function sybilCount(spec: SybilSpec, honest: number): number {
  if (spec.count !== undefined) return spec.count;
  const f = spec.fraction ?? 0;
  return f >= 1 ? honest : Math.round((f / (1 - f)) * honest);
}

const sha256 = (s: string): Buffer => createHash("sha256").update(s).digest();

/**
 * The attackers' node ids. `nearest-ids` hashes `budget / 2^idPowBits` candidates
 * `<group>-<n>` and keeps the `count` whose Kademlia keys (sha256 of the id, as the actor
 * computes them) are XOR-nearest the target's.
 */
export function sybilIds(spec: SybilSpec, count: number): string[] {
  const group = spec.group ?? "sybil";
  if (spec.strategy === "random-ids" || count === 0) return Array.from({ length: count }, (_, n) => `${group}-${n}`);
  const candidates = Math.max(count, Math.floor((spec.budget ?? 2 ** 18) / 2 ** (spec.idPowBits ?? 0)));
  const t = sha256(spec.target);
  // The first 6 bytes of the XOR distance order candidates; ties beyond 48 bits do not matter here.
  const t6 = t.readUIntBE(0, 6);
  const dist = new Float64Array(candidates);
  for (let n = 0; n < candidates; n++) dist[n] = xor48(sha256(`${group}-${n}`), t6);
  const order = Array.from({ length: candidates }, (_, n) => n).sort((a, b) => dist[a]! - dist[b]! || a - b);
  return order.slice(0, count).map((n) => `${group}-${n}`);
}

function xor48(h: Buffer, t6: number): number {
  const hi = (h.readUIntBE(0, 3) ^ Math.floor(t6 / 2 ** 24)) >>> 0;
  const lo = (h.readUIntBE(3, 3) ^ (t6 % 2 ** 24)) >>> 0;
  return hi * 2 ** 24 + lo;
}
