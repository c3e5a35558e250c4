import * as Schema from "effect/Schema";
import { Duration, Fraction } from "../scenario/primitives.js";
import type { ExpectationResult } from "../expect/result.js";
import { fmtTime, MAX_OFFENDERS } from "../expect/result.js";
import type { World } from "../world.js";
import { kadOps, summarize, type KadSummary } from "./stats.js";

/**
 * `expect: - lookup: …`: of the workload operations `op` started by nodes of `from`
 * (default: every group but the Sybils) that finished after `after`, at least `success`
 * succeeded (a node lookup must name the node; others must report ok); optionally
 * bounds on median/p99 hops and a minimum light-node cache hit rate. `target: true`
 * judges only operations on the Sybil target's id, `target: false` only the others, so
 * an eclipsed node's lookups are not diluted by everyone else's.
 */
export const LookupExpectation = Schema.Struct({
  op: Schema.optional(Schema.Literal("lookup", "get", "put", "provide", "findProviders")),
  success: Fraction,
  from: Schema.optional(Schema.String),
  after: Schema.optional(Duration),
  maxMedianHops: Schema.optional(Schema.Number),
  maxP99Hops: Schema.optional(Schema.Number),
  minCacheHitRate: Schema.optional(Fraction),
  target: Schema.optional(Schema.Boolean),
});
export type LookupExpectation = typeof LookupExpectation.Type;

const pct = (x: number) => (Number.isNaN(x) ? "n/a" : `${(x * 100).toFixed(1)}%`);

/** One line of figures: success, hops, latency, cache. */
export function describeSummary(s: KadSummary): string {
  const cache = s.cache
    ? `; cache hit ${pct(s.cache.hitRate)} (median ${fmtTime(s.cache.hitMs || 0)} on a hit, ${fmtTime(s.cache.missMs || 0)} on a miss)`
    : "";
  return `${pct(s.success)} of ${s.count} succeeded; hops median ${s.hops.median} p99 ${s.hops.p99}; latency median ${fmtTime(s.ms.median || 0)} p99 ${fmtTime(s.ms.p99 || 0)}${cache}`;
}

/** Starts collecting now; the returned function judges at the end of the run. */
export function armLookupExpectation(
  world: World,
  index: number,
  spec: LookupExpectation,
  sybilGroup?: string,
  sybilTarget?: string,
) {
  const ops = kadOps(world);
  return (): ExpectationResult => {
    const op = spec.op ?? "lookup";
    const mine = ops.filter(
      (o) =>
        o.op === op &&
        o.at >= (spec.after ?? 0) &&
        (spec.target === undefined || (o.key === sybilTarget) === spec.target) &&
        (spec.from ? world.node(o.node)?.group === spec.from : world.node(o.node)?.group !== sybilGroup),
    );
    const s = summarize(mine);
    const failures: string[] = [];
    if (spec.target !== undefined && sybilTarget === undefined) failures.push("the scenario has no sybil: target");
    if (!(s.success >= spec.success)) failures.push(`success ${pct(s.success)} < ${pct(spec.success)}`);
    if (spec.maxMedianHops !== undefined && !(s.hops.median <= spec.maxMedianHops))
      failures.push(`median hops ${s.hops.median} > ${spec.maxMedianHops}`);
    if (spec.maxP99Hops !== undefined && !(s.hops.p99 <= spec.maxP99Hops))
      failures.push(`p99 hops ${s.hops.p99} > ${spec.maxP99Hops}`);
    if (spec.minCacheHitRate !== undefined && !((s.cache?.hitRate ?? 0) >= spec.minCacheHitRate))
      failures.push(`cache hit rate ${pct(s.cache?.hitRate ?? 0)} < ${pct(spec.minCacheHitRate)}`);
    const bounds = [
      spec.maxMedianHops !== undefined ? `median hops ≤ ${spec.maxMedianHops}` : "",
      spec.maxP99Hops !== undefined ? `p99 hops ≤ ${spec.maxP99Hops}` : "",
      spec.minCacheHitRate !== undefined ? `cache hits ≥ ${pct(spec.minCacheHitRate)}` : "",
    ].filter(Boolean);
    return {
      index,
      kind: "lookup",
      description: `${op}${spec.target === undefined ? "" : spec.target ? ` of the Sybil target ${sybilTarget}` : " of other keys"} success ≥ ${pct(spec.success)}${spec.from ? ` from ${spec.from}` : ""}${spec.after ? ` after ${fmtTime(spec.after)}` : ""}${bounds.length ? `, ${bounds.join(", ")}` : ""}`,
      ok: failures.length === 0,
      detail: describeSummary(s) + (failures.length ? ` — ${failures.join("; ")}` : ""),
      offenders: mine
        .filter((o) => !o.success)
        .slice(0, MAX_OFFENDERS)
        .map((o) => ({ node: o.node, why: `${o.op} ${o.key} failed at ${fmtTime(o.at)} after ${o.hops} hops` })),
    };
  };
}
