import * as Schema from "effect/Schema";
import { Fraction, Interval } from "../../actors/params.js";
import type { LinkParams } from "../network/link-params.js";
import { timelineVerb, type Reference, type SimPlugin } from "../plugin.js";
import { LinkFields } from "../scenario/core.js";
import { Duration, Name, Selector } from "../scenario/primitives.js";
import { crash, restart } from "./node-faults.js";

const Sides = Schema.Array(Schema.Array(Selector)).pipe(
  Schema.minItems(2, { message: () => "expected at least two sides" }),
);
const Between = Schema.Tuple(Selector, Selector);
/** `true` (or `{}`) for every rule of the kind, or the name of one. */
const Which = Schema.Union(Schema.Boolean, Schema.Struct({}), Name);
const nameOf = (w: typeof Which.Type): string | undefined => (typeof w === "string" ? w : undefined);

const PartitionSpec = Schema.Union(
  Sides,
  Schema.Struct({
    /** Heal names it; a later partition of the same name replaces it. @default "partition" */
    name: Schema.optional(Name),
    sides: Sides,
    /** Only messages from the first side to the second are cut (an asymmetric partition). @default false */
    oneWay: Schema.optional(Schema.Boolean),
  }),
);
const HoldSpec = Schema.Union(Between, Schema.Struct({ name: Schema.optional(Name), between: Between }));
const DegradeSpec = Schema.Struct({ name: Schema.optional(Name), between: Schema.optional(Between), ...LinkFields });
const RestartSpec = Schema.Struct({ nodes: Selector, persisted: Schema.optional(Schema.Boolean) });
const ChurnSpec = Schema.Struct({
  nodes: Schema.optional(Selector),
  /** Each interval, this share of the selected live nodes crashes… */
  fraction: Fraction,
  every: Interval,
  /** …and restarts after this long. */
  downtime: Duration,
  until: Schema.optional(Duration),
  persisted: Schema.optional(Schema.Boolean),
});

type SidesT = typeof Sides.Type;
type BetweenT = typeof Between.Type;
/** The short form (`partition: [[a], [b]]`, `hold: [a, b]`) or the long one with a name. */
const partitionOf = (p: typeof PartitionSpec.Type): { sides: SidesT; name?: string; oneWay?: boolean } =>
  Array.isArray(p) ? { sides: p as SidesT } : (p as { sides: SidesT; name?: string; oneWay?: boolean });
const holdOf = (h: typeof HoldSpec.Type): { between: BetweenT; name?: string } =>
  Array.isArray(h) ? { between: h as BetweenT } : (h as { between: BetweenT; name?: string });

const sideSelectors = (sides: readonly (readonly Selector[])[], path: (string | number)[]): Reference[] =>
  sides.flatMap((side, j) => side.map((selector, k) => ({ path: [...path, j, k], selector })));
const pairSelectors = (pair: readonly Selector[], path: (string | number)[]): Reference[] =>
  pair.map((selector, j) => ({ path: [...path, j], selector }));

/**
 * The fault verbs of a scenario's timeline. Link faults install and remove rules of the
 * network's ordered rule list (`sim/network/faults.ts`) by name; node faults stop and start
 * hosts. Each is logged as `fault.<verb>` or `node.crash` / `node.restart` when it happens;
 * random picks come from the world's fault stream.
 */
export const faultsPlugin: SimPlugin = {
  name: "faults",
  timeline: {
    partition: timelineVerb({
      schema: PartitionSpec,
      references: (p) => sideSelectors(partitionOf(p).sides, Array.isArray(p) ? [] : ["sides"]),
      schedule: (world, p, at) =>
        world.engine.at(at, () => {
          const spec = partitionOf(p);
          const sides = spec.sides.map((side) => [...new Set(side.flatMap((sel) => world.select(sel)))]);
          world.network.faults.partition(sides, spec);
          world.record("fault", "fault.partition", {
            sides,
            ...(spec.name ? { name: spec.name } : {}),
            ...(spec.oneWay ? { oneWay: true } : {}),
          });
        }),
    }),
    heal: timelineVerb({
      schema: Which,
      schedule: (world, w, at) =>
        world.engine.at(at, () => {
          const name = nameOf(w);
          world.network.faults.heal(name);
          world.record("fault", "fault.heal", name ? { name } : {});
        }),
    }),
    hold: timelineVerb({
      schema: HoldSpec,
      references: (h) => pairSelectors(holdOf(h).between, Array.isArray(h) ? [] : ["between"]),
      schedule: (world, h, at) =>
        world.engine.at(at, () => {
          const spec = holdOf(h);
          const [a, b] = spec.between.map((sel) => world.select(sel));
          world.network.faults.hold(new Set(a), new Set(b), spec.name);
          world.record("fault", "fault.hold", { between: [a, b], ...(spec.name ? { name: spec.name } : {}) });
        }),
    }),
    release: timelineVerb({
      schema: Which,
      schedule: (world, w, at) =>
        world.engine.at(at, () => {
          const name = nameOf(w);
          world.record("fault", "fault.release", name ? { name } : {});
          world.network.release(name);
        }),
    }),
    degrade: timelineVerb({
      schema: DegradeSpec,
      references: (d) => (d.between ? pairSelectors(d.between, ["between"]) : []),
      schedule: (world, d, at) =>
        world.engine.at(at, () => {
          const { between, name: given, ...params } = d;
          const all = world.nodes.map((n) => n.id);
          const [a, b] = between ? between.map((sel) => world.select(sel)) : [all, all];
          const p = Object.fromEntries(
            Object.entries(params).filter(([, v]) => v !== undefined),
          ) as Partial<LinkParams>;
          world.network.faults.degrade(new Set(a), new Set(b), p, given);
          world.record("fault", "fault.degrade", {
            between: between ? [a, b] : "all",
            params: p,
            ...(given ? { name: given } : {}),
          });
        }),
    }),
    restore: timelineVerb({
      schema: Which,
      schedule: (world, w, at) =>
        world.engine.at(at, () => {
          const name = nameOf(w);
          world.network.faults.restore(name);
          world.record("fault", "fault.restore", name ? { name } : {});
        }),
    }),
    crash: timelineVerb({
      schema: Selector,
      references: (selector) => [{ path: [], selector }],
      schedule: (world, sel, at) =>
        world.engine.at(at, () => {
          for (const id of world.select(sel, undefined, true)) crash(world, id);
        }),
    }),
    restart: timelineVerb({
      schema: RestartSpec,
      references: (r) => [{ path: ["nodes"], selector: r.nodes }],
      schedule: (world, r, at) =>
        world.engine.at(at, () => {
          for (const id of world.select(r.nodes)) restart(world, id, r.persisted ?? true);
        }),
    }),
    churn: timelineVerb({
      schema: ChurnSpec,
      references: (c) => [
        ...(c.nodes !== undefined ? [{ path: ["nodes"], selector: c.nodes }] : []),
        ...(c.until !== undefined ? [{ path: ["until"], at: c.until }] : []),
      ],
      // Churn is itself a schedule of crashes and restarts from `at` on.
      schedule: (world, c, start) => {
        const until = Math.min(c.until ?? world.scenario.duration, world.scenario.duration);
        world.repeat(start, c.every, until, () => {
          const live = world.select(c.nodes ?? { fraction: 1 }, undefined, true);
          const k = Math.round(c.fraction * live.length);
          for (const id of world.faultStream.sample(live, k)) {
            crash(world, id);
            world.engine.after(c.downtime, () => restart(world, id, c.persisted ?? true));
          }
        });
      },
    }),
  },
};
