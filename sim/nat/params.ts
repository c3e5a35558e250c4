import * as Schema from "effect/Schema";
import type { ActorDefinition } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { holepunch } from "../../actors/holepunch/index.js";
import { reachability } from "../../actors/reachability/index.js";
import { relay } from "../../actors/relay/index.js";
import { Count, Duration } from "../scenario/primitives.js";

/** What the protocol factories need from the world (a subset of ProtocolContext). */
interface Ctx {
  resolve(selector: string): readonly NodeId[];
}

/** `nat:` of a node group: a type, or a type with a shared device count and a mapping timeout. */
export const NatSpec = Schema.Union(
  Schema.Literal("none", "full-cone", "restricted", "port-restricted", "symmetric"),
  Schema.Struct({
    type: Schema.Literal("none", "full-cone", "restricted", "port-restricted", "symmetric"),
    /** The group's nodes share this many NAT devices (carrier-grade NAT); default one per node. */
    devices: Schema.optional(Count),
    /** Mapping timeout. @default 2m */
    timeout: Schema.optional(Duration),
  }),
);
export type NatSpec = typeof NatSpec.Type;

export const ReachabilityParams = Schema.Struct({
  /** Node ids or group names asked for dial-backs. */
  servers: Schema.optional(Schema.Array(Schema.String)),
  confirmations: Schema.optional(Count),
  timeout: Schema.optional(Duration),
  interval: Schema.optional(Duration),
  retry: Schema.optional(Duration),
});

export const RelayParams = Schema.Struct({
  /** Node ids or group names a private node may reserve a slot on. */
  servers: Schema.optional(Schema.Array(Schema.String)),
  slots: Schema.optional(Count),
  /** Messages per second a relay forwards at most. */
  share: Schema.optional(Count),
  refresh: Schema.optional(Duration),
  timeout: Schema.optional(Duration),
  ttl: Schema.optional(Duration),
  maxHops: Schema.optional(Count),
});

export const HolepunchParams = Schema.Struct({
  dialTimeout: Schema.optional(Duration),
  punchTimeout: Schema.optional(Duration),
  retries: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  backoff: Schema.optional(Duration),
  ackTimeout: Schema.optional(Duration),
  attempts: Schema.optional(Count),
  idle: Schema.optional(Duration),
});

const resolveAll = (ctx: Ctx, names: readonly string[] | undefined): NodeId[] => [
  ...new Set((names ?? []).flatMap((n) => ctx.resolve(n))),
];

/** Protocol registry entries (see sim/scenario/protocols.ts). */
export const natProtocols = {
  reachability: {
    params: ReachabilityParams,
    create: ({ servers, ...p }: typeof ReachabilityParams.Type, ctx: Ctx): ActorDefinition =>
      reachability({ ...p, servers: resolveAll(ctx, servers) }) as ActorDefinition,
  },
  relay: {
    params: RelayParams,
    create: ({ servers, ...p }: typeof RelayParams.Type, ctx: Ctx): ActorDefinition =>
      relay({ ...p, servers: resolveAll(ctx, servers) }) as ActorDefinition,
  },
  holepunch: {
    params: HolepunchParams,
    create: (p: typeof HolepunchParams.Type): ActorDefinition => holepunch(p) as ActorDefinition,
  },
};
