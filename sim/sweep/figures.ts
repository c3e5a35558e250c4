import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import type { World } from "../world.js";

/** The figures a sweep compares across seeds, for one run. */
export interface SeedFigures {
  /** Time of the last `heal`, or null when the scenario never heals. */
  readonly healAt: Millis | null;
  /**
   * Simulated ms from the last heal until the graph of live nodes' active views is one
   * component again (sampled every {@link CONVERGE_STEP_MS}); null when there was no heal
   * or it never reconverged before the end of the run.
   */
  readonly reconvergeMs: Millis | null;
  /** Median and 99th percentile of first-delivery latency over (message, receiver) pairs; null without deliveries. */
  readonly latencyP50Ms: Millis | null;
  readonly latencyP99Ms: Millis | null;
  /** Network messages sent per node over the run. */
  readonly messagesPerNode: number;
}

/** Resolution of the reconvergence time. @default 100 ms of simulated time */
export const CONVERGE_STEP_MS = 100;

type Change = { at: Millis; node: NodeId; peers: readonly NodeId[] | null; up?: boolean };

/**
 * Watches a world's log for what {@link SeedFigures} needs; call the returned function
 * once the world has run. It only listens (no engine events), so the log and its
 * fingerprint are the same as without it.
 */
export function watchFigures(world: World): () => SeedFigures {
  const obs = world.observations;
  let healAt: Millis | null = null;
  // The views and liveness at the last heal, then every change after it, replayed at the end.
  let atHeal: { views: Map<NodeId, readonly NodeId[]>; down: Set<NodeId> } | undefined;
  let changes: Change[] = [];
  const down = new Set<NodeId>();
  world.log.entries$.subscribe((e) => {
    if (e.type === "node.crash") down.add(e.node);
    else if (e.type === "node.restart") down.delete(e.node);
    if (e.type === "fault.heal") {
      healAt = e.at;
      // Observations has already applied entries before this one: its views are current.
      atHeal = { views: new Map(obs.views), down: new Set(down) };
      changes = [];
    } else if (atHeal) {
      if (e.type === "membership.view")
        changes.push({ at: e.at, node: e.node, peers: (e.data as { peers: NodeId[] }).peers });
      else if (e.type === "node.crash") changes.push({ at: e.at, node: e.node, peers: null, up: false });
      else if (e.type === "node.restart") changes.push({ at: e.at, node: e.node, peers: null, up: true });
    }
  });
  return () => {
    const latencies: number[] = [];
    for (const [id, pub] of obs.publications) {
      for (const [node, at] of obs.deliveries.get(id) ?? []) if (node !== pub.origin) latencies.push(at - pub.at);
    }
    latencies.sort((a, b) => a - b);
    const all = world.nodes.map((n) => n.id);
    return {
      healAt,
      reconvergeMs: atHeal && healAt !== null ? reconvergence(all, atHeal, changes, healAt) : null,
      latencyP50Ms: round1(quantile(latencies, 0.5)),
      latencyP99Ms: round1(quantile(latencies, 0.99)),
      messagesPerNode: all.length ? round1(world.network.stats.sent / all.length) : 0,
    };
  };
}

/** Replays view changes after the heal; the first sample time the graph is connected, minus the heal. */
function reconvergence(
  all: readonly NodeId[],
  start: { views: Map<NodeId, readonly NodeId[]>; down: Set<NodeId> },
  changes: readonly Change[],
  healAt: Millis,
): Millis | null {
  const views = new Map(start.views);
  const down = new Set(start.down);
  let i = 0;
  let dirty = true;
  for (let t = healAt; ; t += CONVERGE_STEP_MS) {
    while (i < changes.length && changes[i]!.at <= t) {
      dirty = true;
      const c = changes[i++]!;
      if (c.peers) views.set(c.node, c.peers);
      else if (c.up === false) {
        down.add(c.node);
        views.delete(c.node);
      } else down.delete(c.node);
    }
    // Only a change can connect the graph: skip the check for steps without one.
    if (
      dirty &&
      connected(
        all.filter((n) => !down.has(n)),
        views,
      )
    )
      return t - healAt;
    dirty = false;
    if (i >= changes.length) return null;
  }
}

/** True when the undirected graph of `live` nodes' views (edges to down nodes ignored) is one component. */
export function connected(live: readonly NodeId[], views: ReadonlyMap<NodeId, readonly NodeId[]>): boolean {
  if (live.length <= 1) return true;
  const parent = new Map<NodeId, NodeId>(live.map((n) => [n, n]));
  const find = (x: NodeId): NodeId => {
    while (parent.get(x) !== x) {
      const p = parent.get(parent.get(x)!)!;
      parent.set(x, p);
      x = p;
    }
    return x;
  };
  let components = live.length;
  for (const n of live)
    for (const p of views.get(n) ?? []) {
      if (!parent.has(p)) continue;
      const a = find(n);
      const b = find(p);
      if (a !== b) {
        parent.set(a, b);
        components--;
      }
    }
  return components === 1;
}

/** Nearest-rank quantile of sorted values; null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function round1<T extends number | null>(x: T): T {
  return (x === null ? null : Math.round(x * 10) / 10) as T;
}
