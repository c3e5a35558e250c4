import * as Schema from "effect/Schema";
import { Bandwidth, Count, Duration, Fraction, Name, Selector } from "./primitives.js";

export { Selector };
import { ProtocolsSchema } from "./protocols.js";
import { KadWorkload } from "../kademlia/workload.js";
import { LookupExpectation } from "../kademlia/expect.js";
import { SybilSpec } from "../sybil/sybil.js";
import { NatSpec } from "../nat/params.js";
import { ConnectivityExpectation } from "../nat/connectivity.js";
import { RereserveExpectation } from "../nat/rereserve.js";

const Position = Schema.Struct({
  x: Schema.Number,
  y: Schema.Number,
  /** Nodes of the group are scattered uniformly within this radius around (x, y). */
  spread: Schema.optional(Schema.Number),
});

/** A group of identical nodes: `<group>-0` … `<group>-(count-1)`. */
export const NodeGroup = Schema.Struct({
  group: Name,
  count: Count,
  /** Local broadcast domain (LAN segment) shared by the group's nodes; by default each node is alone on its link. */
  segment: Schema.optional(Name),
  /** `backbone` nodes are well connected servers; `light` nodes keep small caches. */
  role: Schema.optional(Schema.Literal("peer", "backbone", "light")),
  position: Schema.optional(Position),
  protocols: Schema.optional(ProtocolsSchema),
  /** Explicit node ids instead of `<group>-<i>` (one per node; Sybil ids chosen near a target). */
  ids: Schema.optional(Schema.Array(Schema.String)),
  /** When the group's nodes join. @default 0 (within the first second) */
  start: Schema.optional(Duration),
  /** The NAT the group's nodes sit behind (sim/nat); `none` (the default) makes them PUBLIC. */
  nat: Schema.optional(NatSpec),
});
export type NodeGroup = typeof NodeGroup.Type;

const LinkFields = {
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

const Sides = Schema.Array(Schema.Array(Selector));
const Between = Schema.Tuple(Selector, Selector);

/** One fault at a point in simulated time; exactly one verb per entry. */
export const TimelineEntry = Schema.Struct({
  at: Duration,
  partition: Schema.optional(Sides),
  heal: Schema.optional(Schema.Union(Schema.Boolean, Schema.Struct({}))),
  hold: Schema.optional(Between),
  release: Schema.optional(Schema.Union(Schema.Boolean, Schema.Struct({}))),
  degrade: Schema.optional(Schema.Struct({ between: Schema.optional(Between), ...LinkFields })),
  restore: Schema.optional(Schema.Union(Schema.Boolean, Schema.Struct({}))),
  crash: Schema.optional(Selector),
  restart: Schema.optional(Schema.Struct({ nodes: Selector, persisted: Schema.optional(Schema.Boolean) })),
  churn: Schema.optional(
    Schema.Struct({
      nodes: Schema.optional(Selector),
      /** Each interval, this share of the selected live nodes crashes… */
      fraction: Fraction,
      every: Duration,
      /** …and restarts after this long. */
      downtime: Duration,
      until: Schema.optional(Duration),
      persisted: Schema.optional(Schema.Boolean),
    }),
  ),
});
export type TimelineEntry = typeof TimelineEntry.Type;
export const timelineVerbs = [
  "partition",
  "heal",
  "hold",
  "release",
  "degrade",
  "restore",
  "crash",
  "restart",
  "churn",
] as const;

const Window = Schema.Struct({ from: Schema.optional(Duration), to: Schema.optional(Duration) });

/** Periodic commands to random nodes. */
export const WorkloadEntry = Schema.Struct({
  publish: Schema.optional(
    Schema.Struct({
      every: Duration,
      from: Schema.optional(Selector),
      start: Schema.optional(Duration),
      stop: Schema.optional(Duration),
    }),
  ),
  /** Kademlia operations (lookup, get, put, provide, findProviders) from random live nodes. */
  kad: Schema.optional(KadWorkload),
});
export type WorkloadEntry = typeof WorkloadEntry.Type;
export const workloadVerbs = ["publish", "kad"] as const;

/** What must hold for the run to pass; exactly one kind per entry. */
export const Expectation = Schema.Struct({
  /** Every target node has every message published in `published` within `within` of max(publish time, `after`). */
  delivery: Schema.optional(
    Schema.Struct({
      within: Duration,
      scope: Schema.optional(Schema.Literal("reachable", "all")),
      published: Schema.optional(Window),
      after: Schema.optional(Duration),
    }),
  ),
  /** The graph of live nodes' active views has `count` connected components at time `at`. */
  components: Schema.optional(Schema.Struct({ at: Duration, count: Count })),
  /** At time `at`, at least `atLeast` of live nodes are in discovery mode `mode`. */
  mode: Schema.optional(
    Schema.Struct({ at: Duration, mode: Schema.Literal("connected", "local", "bootstrap"), atLeast: Fraction }),
  ),
  /** Share of Kademlia workload operations that succeeded, hops, cache hit rate. */
  lookup: Schema.optional(LookupExpectation),
  /** Share of sampled node pairs that exchange a message by any path; no relay above its cap (sim/nat). */
  connectivity: Schema.optional(ConnectivityExpectation),
  /** Nodes whose relay went down hold a new reservation within `within` (sim/nat). */
  rereserve: Schema.optional(RereserveExpectation),
});
export type Expectation = typeof Expectation.Type;
export const expectationKinds = ["delivery", "components", "mode", "lookup", "connectivity", "rereserve"] as const;

export const Scenario = Schema.Struct({
  name: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  seed: Schema.optional(Schema.Union(Schema.Int, Schema.String)),
  duration: Duration,
  nodes: Schema.Array(NodeGroup).pipe(Schema.minItems(1, { message: () => "expected at least one node group" })),
  network: Schema.optional(Network),
  workload: Schema.optional(Schema.Array(WorkloadEntry)),
  timeline: Schema.optional(Schema.Array(TimelineEntry)),
  expect: Schema.optional(Schema.Array(Expectation)),
  /** Sybil attackers joining the DHT (see sim/sybil/sybil.ts). */
  sybil: Schema.optional(SybilSpec),
});
export type Scenario = typeof Scenario.Type;
