import * as Schema from "effect/Schema";
import { RegionName } from "../../actors/auth/config.js";
import { Count, Duration, Fraction, Selector } from "../scenario/primitives.js";

/** Fields a node group gains: its region, and for light nodes whether they relay for others. */
export const BackboneGroupFields = {
  /** One of the five backbone regions: where a light node authenticates first, which backbone a backbone node serves. */
  region: Schema.optional(RegionName),
  /** Light nodes: PUBLIC share bandwidth as relays (run the relay actor's server side), PRIVATE never relay. @default PRIVATE */
  kind: Schema.optional(Schema.Literal("PUBLIC", "PRIVATE")),
};

/**
 * `workload: - contacts: …`: every light node of `from` keeps `contacts` peers it talks to
 * (picked once, at random from `targets`); every `every`, one random live light node looks one
 * of its contacts up (`findProviders` on the backbone DHT, or a hit in its peer cache).
 */
export const ContactsWorkload = Schema.Struct({
  every: Duration,
  contacts: Count,
  from: Schema.optional(Selector),
  targets: Schema.optional(Selector),
  start: Schema.optional(Duration),
  stop: Schema.optional(Duration),
});
export type ContactsWorkload = typeof ContactsWorkload.Type;

/**
 * `workload: - tokenAttack: …`: every `every`, a node of `from` (no auth actor of its own)
 * presents a bad token on a lookup, cycling through a forged one (signed by a key no
 * backbone node knows), an expired one (signed by a real backbone key, `exp` in the past)
 * and a replayed one (an honest node's current token).
 */
export const TokenAttackWorkload = Schema.Struct({
  every: Duration,
  from: Selector,
  start: Schema.optional(Duration),
  stop: Schema.optional(Duration),
});
export type TokenAttackWorkload = typeof TokenAttackWorkload.Type;

/**
 * `expect: - authenticated: {within, fraction}`: that share of light nodes (with an auth
 * actor) hold a session token within `within` of their start (nodes that start too late to
 * be judged are left out).
 */
export const AuthenticatedExpectation = Schema.Struct({
  within: Duration,
  /** @default 1 */
  fraction: Schema.optional(Fraction),
});

/** `expect: - tokensRefused: {}`: every lookup request made with a bad token was refused by the backbone, and no attacker lookup found anything. */
export const TokensRefusedExpectation = Schema.Struct({ atLeast: Schema.optional(Fraction) });

/**
 * `expect: - discovery: …`: light nodes' peer lookups (from `from`, between `after` and
 * `until`): success share, p50 time (cache hits count 0 ms), and the cache hit rate.
 */
export const DiscoveryExpectation = Schema.Struct({
  from: Schema.optional(Selector),
  after: Schema.optional(Duration),
  until: Schema.optional(Duration),
  success: Schema.optional(Fraction),
  maxP50: Schema.optional(Duration),
  minCacheHitRate: Schema.optional(Fraction),
});
export type DiscoveryExpectation = typeof DiscoveryExpectation.Type;

/** `expect: - backboneBytes: {user: 0}`: bytes of user traffic a backbone node sent or received, at most `user` on every one. */
export const BackboneBytesExpectation = Schema.Struct({ user: Schema.Number.pipe(Schema.nonNegative()) });
