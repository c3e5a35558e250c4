import * as Schema from "effect/Schema";
import { Count, Fraction, Interval } from "../../actors/params.js";
import { expectationKind, workloadKind, type Reference, type SimPlugin } from "../plugin.js";
import { Duration, Selector } from "../scenario/primitives.js";
import type { World } from "../world.js";
import { judgeComponents, judgeLinks, judgeMode, notJudged } from "./point-in-time.js";
import { judgeDelivery } from "./delivery.js";
import type { ExpectationResult } from "./result.js";

const Window = Schema.Struct({ from: Schema.optional(Duration), to: Schema.optional(Duration) });

const PublishSpec = Schema.Struct({
  every: Interval,
  from: Schema.optional(Selector),
  start: Schema.optional(Duration),
  stop: Schema.optional(Duration),
});

const DeliverySpec = Schema.Struct({
  within: Interval,
  scope: Schema.optional(Schema.Literal("reachable", "all")),
  published: Schema.optional(Window),
  after: Schema.optional(Duration),
});

const ComponentsSpec = Schema.Struct({ at: Duration, count: Count });
const Names = Schema.Union(Schema.String, Schema.Array(Schema.String)).pipe(
  Schema.transform(Schema.Array(Schema.String), {
    strict: true,
    decode: (x) => (typeof x === "string" ? [x] : x),
    encode: (x) => x,
  }),
);
const LinksSpec = Schema.Struct({
  at: Duration,
  /** Two groups or node ids (or lists of them). */
  between: Schema.Tuple(Names, Names),
  atLeast: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  atMost: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  /** `from-first`: count only views of the first set naming the second. @default both */
  direction: Schema.optional(Schema.Literal("both", "from-first")),
});
const ModeSpec = Schema.Struct({
  at: Duration,
  mode: Schema.Literal("connected", "local", "bootstrap"),
  atLeast: Fraction,
});

/** Judged at `at` as an engine event; a time after the run is a file error (checked up front). */
const atPoint =
  <S extends { at: number }>(kind: string, judge: (world: World, index: number, spec: S) => ExpectationResult) =>
  (world: World, spec: S, index: number) => {
    let result: ExpectationResult | undefined;
    world.engine.at(spec.at, () => (result = judge(world, index, spec)));
    return () => result ?? notJudged(index, kind);
  };

/**
 * The base mesh protocols in the simulator: `publish` (gossip a message from a random live
 * node), `delivery` (gossip reached its targets in time), `components` (of the membership
 * view graph), `links` (view links between two sets of nodes) and `mode` (discovery).
 */
export const meshPlugin: SimPlugin = {
  name: "mesh",
  workloads: {
    publish: workloadKind({
      schema: PublishSpec,
      references: (p) => [
        ...(p.from !== undefined ? [{ path: ["from"], selector: p.from }] : []),
        ...(p.start !== undefined ? [{ path: ["start"], at: p.start }] : []),
      ],
      schedule: (world, w) => {
        const { every, from, start = every, stop = world.scenario.duration } = w;
        world.repeat(start, every, stop, () => {
          const origin = world.pickLive(from, world.workloadStream);
          if (origin !== undefined) world.node(origin)!.host.command("gossip", { type: "publish" });
        });
      },
    }),
  },
  expectations: {
    delivery: expectationKind({
      schema: DeliverySpec,
      references: (d): Reference[] => (d.after !== undefined ? [{ path: ["after"], at: d.after }] : []),
      arm: (world, spec, index) => () =>
        judgeDelivery(
          index,
          spec,
          world.observations,
          world.nodes.map((n) => n.id),
          world.scenario.duration,
        ),
    }),
    components: expectationKind({
      schema: ComponentsSpec,
      references: (c) => [{ path: ["at"], at: c.at }],
      arm: atPoint("components", judgeComponents),
    }),
    /** Active-view links between two sets of nodes at a time: 0 while a partition between them holds. */
    links: expectationKind({
      schema: LinksSpec,
      references: (l) => [
        { path: ["at"], at: l.at },
        ...l.between.flatMap((names, j) => names.map((selector, k) => ({ path: ["between", j, k], selector }))),
      ],
      arm: atPoint("links", judgeLinks),
    }),
    mode: expectationKind({
      schema: ModeSpec,
      references: (m) => [{ path: ["at"], at: m.at }],
      arm: atPoint("mode", judgeMode),
    }),
  },
};
