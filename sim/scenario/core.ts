import * as Schema from "effect/Schema";
import { Bandwidth, Count, Duration, Fraction, Name } from "./primitives.js";

/**
 * The scenario fields the simulator itself reads: node groups, the network, the run's
 * name, seed and duration. Plug-ins add their fields, workload verbs, timeline verbs and
 * expectation kinds to these (`sim/scenario/schema.ts` assembles the whole grammar).
 */

const Position = Schema.Struct({
  x: Schema.Number,
  y: Schema.Number,
  /** Nodes of the group are scattered uniformly within this radius around (x, y). */
  spread: Schema.optional(Schema.Number.pipe(Schema.nonNegative())),
});

/** A group of identical nodes: `<group>-0` … `<group>-(count-1)`. */
export const GroupCoreFields = {
  group: Name,
  count: Count,
  /** Local broadcast domain (LAN segment) shared by the group's nodes; by default each node is alone on its link. */
  segment: Schema.optional(Name),
  /** `backbone` nodes are well connected servers; `light` nodes keep small caches. */
  role: Schema.optional(Schema.Literal("peer", "backbone", "light")),
  position: Schema.optional(Position),
  /** Explicit node ids instead of `<group>-<i>` (one per node; Sybil ids chosen near a target). */
  ids: Schema.optional(Schema.Array(Schema.String)),
  /** When the group's nodes join. @default 0 (within the first second) */
  start: Schema.optional(Duration),
};

export const LinkFields = {
  latency: Schema.optional(Duration),
  jitter: Schema.optional(Duration),
  loss: Schema.optional(Fraction),
  bandwidth: Schema.optional(Bandwidth),
  ordered: Schema.optional(Schema.Boolean),
};

/** Link parameters; `between: [a, b]` applies them to messages between groups a and b (both ways; [a, a] = within a). */
const LinkRule = Schema.Struct({
  between: Schema.Tuple(
    Schema.Union(Schema.String, Schema.Array(Schema.String)),
    Schema.Union(Schema.String, Schema.Array(Schema.String)),
  ),
  ...LinkFields,
});

export const Network = Schema.Struct({
  default: Schema.optional(Schema.Struct(LinkFields)),
  links: Schema.optional(Schema.Array(LinkRule)),
});

export const ScenarioCoreFields = {
  name: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  seed: Schema.optional(Schema.Union(Schema.Int, Schema.String)),
  duration: Duration,
  network: Schema.optional(Network),
};
