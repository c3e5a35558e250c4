import * as Schema from "effect/Schema";
import type { ActorDefinition } from "../../runtime/actor.js";
import { kademlia, type KademliaInit } from "../../actors/kademlia/index.js";
import { Count, Duration } from "../scenario/primitives.js";
import type { ProtocolContext } from "../scenario/protocols.js";

/**
 * `protocols: { kademlia: … }` of a node group. Durations accept `2s`, `10m`; every field
 * is optional and defaults as documented on {@link KademliaInit}. Nodes of a `light`
 * group run in client mode unless `mode` says otherwise.
 */
export const KademliaParams = Schema.Struct({
  mode: Schema.optional(Schema.Literal("server", "client")),
  /** Node ids or group names to join through (every node of a group). @default [] (wait for discovery) */
  bootstrap: Schema.optional(Schema.Array(Schema.String)),
  k: Schema.optional(Count),
  alpha: Schema.optional(Count),
  /** S/Kademlia disjoint lookup paths. @default 1 */
  disjointPaths: Schema.optional(Count),
  requestTimeout: Schema.optional(Duration),
  pingTimeout: Schema.optional(Duration),
  operationTimeout: Schema.optional(Duration),
  recordTtl: Schema.optional(Duration),
  providerTtl: Schema.optional(Duration),
  providerRepublish: Schema.optional(Duration),
  /** 0 turns bucket refresh off. @default 10m */
  refreshInterval: Schema.optional(Duration),
  sweepInterval: Schema.optional(Duration),
  peerCacheSize: Schema.optional(Count),
  maxProviders: Schema.optional(Count),
  /** Per-bucket diversity limit (a Sybil defence). */
  diversity: Schema.optional(
    Schema.Struct({
      max: Count,
      by: Schema.optional(Schema.Literal("prefix", "group")),
      prefixBits: Schema.optional(Count),
    }),
  ),
  selfLookup: Schema.optional(Schema.Boolean),
  /** Buckets just farther than the nearest neighbour refreshed after joining; 0 = off. @default 3 */
  joinRefreshBuckets: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  /** First repeat of the self-lookup after joining; 0s turns repeats off. @default 10s */
  initialSelfLookup: Schema.optional(Duration),
  selfLookupInterval: Schema.optional(Duration),
  /** Put the k result ids in every lookup observation (needed by no expectation; costs log space). @default false */
  observeClosest: Schema.optional(Schema.Boolean),
});
export type KademliaParams = typeof KademliaParams.Type;

/** Scenario parameters to the actor's init: renamed durations, resolved bootstrap selectors. */
export function kademliaInit(p: KademliaParams, ctx: Pick<ProtocolContext, "role" | "resolve">): KademliaInit {
  const init: Record<string, unknown> = {
    mode: p.mode ?? (ctx.role === "light" ? "client" : "server"),
    bootstrap: (p.bootstrap ?? []).flatMap((s) => ctx.resolve(s)),
    k: p.k,
    alpha: p.alpha,
    disjointPaths: p.disjointPaths,
    requestTimeoutMs: p.requestTimeout,
    pingTimeoutMs: p.pingTimeout,
    operationTimeoutMs: p.operationTimeout,
    recordTtlMs: p.recordTtl,
    providerTtlMs: p.providerTtl,
    providerRepublishMs: p.providerRepublish,
    refreshIntervalMs: p.refreshInterval,
    sweepIntervalMs: p.sweepInterval,
    peerCacheSize: p.peerCacheSize,
    maxProviders: p.maxProviders,
    diversity: p.diversity,
    selfLookup: p.selfLookup,
    joinRefreshBuckets: p.joinRefreshBuckets,
    initialSelfLookupMs: p.initialSelfLookup,
    selfLookupIntervalMs: p.selfLookupInterval,
    observeClosest: p.observeClosest ?? false,
  };
  return Object.fromEntries(Object.entries(init).filter(([, v]) => v !== undefined)) as KademliaInit;
}

/** The registry entry's factory: one definition per group (the actor ignores itself in `bootstrap`). */
export function createKademlia(p: KademliaParams, ctx: ProtocolContext): ActorDefinition {
  return kademlia(kademliaInit(p, ctx)) as ActorDefinition;
}
