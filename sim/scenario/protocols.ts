import * as Schema from "effect/Schema";
import type { ActorDefinition } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { discovery, gossip, membership } from "../../actors/index.js";
import { Count, Duration } from "./primitives.js";
import { createKademlia, KademliaParams, kademliaInit } from "../kademlia/params.js";
import { sybilFilter } from "../sybil/behaviour.js";
import { kademlia } from "../../actors/kademlia/index.js";
import { HolepunchParams, natProtocols, ReachabilityParams, RelayParams } from "../nat/params.js";

/** What a protocol factory learns about the node it runs on. */
export interface ProtocolContext {
  readonly id: NodeId;
  readonly group: string;
  readonly role: "peer" | "backbone" | "light";
  /** Resolves a selector string (group name or node id) to node ids, in world order. */
  resolve(selector: string): readonly NodeId[];
}

/** A protocol a scenario may put on a node group: its parameter schema and how to build the actor. */
export interface ProtocolEntry<P> {
  readonly params: Schema.Schema<P, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  create(params: P, ctx: ProtocolContext): ActorDefinition;
}

const DiscoveryParams = Schema.Struct({
  /** Seed peers: node ids or group names (every node of the group). */
  seeds: Schema.optional(Schema.Array(Schema.String)),
  localBroadcast: Schema.optional(Schema.Boolean),
  retryInterval: Schema.optional(Duration),
  refreshInterval: Schema.optional(Duration),
  timeout: Schema.optional(Duration),
});

const MembershipParams = Schema.Struct({
  viewSize: Schema.optional(Count),
  passiveSize: Schema.optional(Count),
  pingInterval: Schema.optional(Duration),
  pingTimeout: Schema.optional(Duration),
  maxMisses: Schema.optional(Count),
  shuffleInterval: Schema.optional(Duration),
  shuffleLength: Schema.optional(Count),
  probeInterval: Schema.optional(Duration),
});

const GossipParams = Schema.Struct({
  fanout: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  pullInterval: Schema.optional(Duration),
  push: Schema.optional(Schema.Boolean),
});

/** A Sybil's Kademlia: honest parameters plus what it does to requests and who its colluders are (a group). */
const KademliaSybilParams = Schema.Struct({
  ...KademliaParams.fields,
  behaviour: Schema.Literal("drop", "misroute", "eclipse"),
  colluders: Schema.String,
});

const entry = <P>(e: ProtocolEntry<P>): ProtocolEntry<P> => e;

/**
 * Every protocol a scenario can name, by the key used under `protocols:`. A new actor
 * registers here; its schema is the documentation of its parameters.
 */
export const protocolRegistry = {
  discovery: entry({
    params: DiscoveryParams,
    create: ({ seeds, ...rest }, ctx) =>
      discovery({ ...rest, seeds: (seeds ?? []).flatMap((s) => ctx.resolve(s)).filter((id) => id !== ctx.id) }),
  }),
  membership: entry({ params: MembershipParams, create: (p) => membership(p) }),
  gossip: entry({ params: GossipParams, create: (p) => gossip(p) }),
  kademlia: entry({ params: KademliaParams, create: createKademlia }),
  kademliaSybil: entry({
    params: KademliaSybilParams,
    create: ({ behaviour, colluders, ...p }, ctx) =>
      kademlia({
        ...kademliaInit(p, ctx),
        answerFilter: sybilFilter(behaviour, ctx.resolve(colluders)),
      }) as ActorDefinition,
  }),
  reachability: entry(natProtocols.reachability),
  relay: entry(natProtocols.relay),
  holepunch: entry(natProtocols.holepunch),
} as const;

export type ProtocolName = keyof typeof protocolRegistry;

/** `protocols:` of a node group: each registered protocol's parameters, all optional. */
export const ProtocolsSchema = Schema.Struct({
  discovery: Schema.optional(DiscoveryParams),
  membership: Schema.optional(MembershipParams),
  gossip: Schema.optional(GossipParams),
  kademlia: Schema.optional(KademliaParams),
  kademliaSybil: Schema.optional(KademliaSybilParams),
  reachability: Schema.optional(ReachabilityParams),
  relay: Schema.optional(RelayParams),
  holepunch: Schema.optional(HolepunchParams),
});

/** Protocols a group runs when its `protocols:` is absent. */
export const defaultProtocols = { discovery: {}, membership: {}, gossip: {} } as const;
