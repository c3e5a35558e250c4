import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import type { World } from "../world.js";

/** One finished workload operation, from a `kad.lookup.done` observation. */
export interface KadOp {
  readonly node: NodeId;
  readonly at: Millis;
  readonly op: string;
  readonly key: string;
  /** Lookup of a node id: the node was among the results; otherwise the operation's own `ok`. */
  readonly success: boolean;
  readonly hops: number;
  readonly ms: number;
  readonly msgs: number;
  readonly cache: "hit" | "miss" | undefined;
}

const WORKLOAD_OPS = new Set(["lookup", "get", "put", "provide", "findProviders"]);
const collectors = new WeakMap<World, KadOp[]>();

/**
 * The workload operations a world has finished so far (joins and refreshes excluded).
 * Subscribes on first use, so call it before the run starts.
 */
export function kadOps(world: World): KadOp[] {
  let ops = collectors.get(world);
  if (ops) return ops;
  const list: KadOp[] = [];
  collectors.set(world, list);
  world.log.entries$.subscribe((e) => {
    if (e.type !== "kad.lookup.done") return;
    const d = e.data as Record<string, unknown>;
    const op = String(d.op);
    if (!WORKLOAD_OPS.has(op)) return;
    const key = String(d.key);
    const success = op === "lookup" && world.node(key) ? d.found === true : d.ok === true;
    list.push({
      node: e.node,
      at: e.at,
      op,
      key,
      success,
      hops: Number(d.hops ?? 0),
      ms: Number(d.ms ?? 0),
      msgs: Number(d.msgs ?? 0),
      cache: d.cache as KadOp["cache"],
    });
  });
  ops = list;
  return ops;
}

/** The q-quantile (0..1) of `xs` by nearest rank; NaN for an empty list. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** Figures of a set of operations, for expectations and reports. */
export interface KadSummary {
  readonly count: number;
  readonly success: number;
  readonly hops: { readonly median: number; readonly p99: number };
  readonly ms: { readonly median: number; readonly p99: number };
  /** Light nodes: share of lookups answered from the cache, and latency of hits and misses. */
  readonly cache: { readonly hitRate: number; readonly hitMs: number; readonly missMs: number } | undefined;
}

/** Summarizes operations: success share, median and p99 of hops and latency, cache figures. */
export function summarize(ops: readonly KadOp[]): KadSummary {
  const ok = ops.filter((o) => o.success);
  const cached = ops.filter((o) => o.cache !== undefined);
  const hits = cached.filter((o) => o.cache === "hit");
  const misses = cached.filter((o) => o.cache === "miss");
  return {
    count: ops.length,
    success: ops.length ? ok.length / ops.length : NaN,
    hops: spread(ok.map((o) => o.hops)),
    ms: spread(ops.map((o) => o.ms)),
    cache: cached.length
      ? {
          hitRate: hits.length / cached.length,
          hitMs: quantile(
            hits.map((o) => o.ms),
            0.5,
          ),
          missMs: quantile(
            misses.map((o) => o.ms),
            0.5,
          ),
        }
      : undefined,
  };
}

/** Median and 99th percentile of a sample. */
function spread(xs: number[]): { median: number; p99: number } {
  return { median: quantile(xs, 0.5), p99: quantile(xs, 0.99) };
}
