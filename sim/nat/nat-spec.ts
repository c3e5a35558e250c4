import * as Schema from "effect/Schema";
import { Count, Interval } from "../../actors/params.js";

const NatType = Schema.Literal("none", "full-cone", "restricted", "port-restricted", "symmetric");

/** `nat:` of a node group: a type, or a type with a shared device count and a mapping timeout. */
export const NatSpec = Schema.Union(
  NatType,
  Schema.Struct({
    type: NatType,
    /** The group's nodes share this many NAT devices (carrier-grade NAT); default one per node. */
    devices: Schema.optional(Count),
    /** Mapping timeout. @default 2m */
    timeout: Schema.optional(Interval),
  }),
);
export type NatSpec = typeof NatSpec.Type;
