import type { NodeId } from "../runtime/driver.js";
import type { LinkParams } from "./network/link-params.js";
import type { TimelineEntry } from "./scenario/schema.js";
import type { World } from "./world.js";

/**
 * Schedules the scenario's fault timeline on the engine. Each fault is logged as
 * `fault.<verb>` (world-wide) or `node.crash` / `node.restart` (per node) when it
 * happens; random picks (crash a fraction, churn) come from the world's fault stream.
 */
export function scheduleTimeline(world: World, timeline: readonly TimelineEntry[]): void {
  for (const t of timeline) {
    // Churn is itself a schedule of crashes and restarts from `at` on.
    if (t.churn) churn(world, t.churn, t.at);
    else world.engine.at(t.at, () => apply(world, t));
  }
}

function apply(world: World, t: TimelineEntry): void {
  const faults = world.network.faults;
  if (t.partition) {
    const sides = t.partition.map((side) => [...new Set(side.flatMap((sel) => world.select(sel)))]);
    faults.partition(sides);
    world.record("fault", "fault.partition", { sides });
  } else if (t.heal !== undefined) {
    faults.heal();
    world.record("fault", "fault.heal", {});
  } else if (t.hold) {
    const [a, b] = t.hold.map((sel) => world.select(sel));
    faults.hold(new Set(a), new Set(b));
    world.record("fault", "fault.hold", { between: [a, b] });
  } else if (t.release !== undefined) {
    world.record("fault", "fault.release", {});
    world.network.release();
  } else if (t.degrade) {
    const { between, ...params } = t.degrade;
    const all = world.nodes.map((n) => n.id);
    const [a, b] = between ? between.map((sel) => world.select(sel)) : [all, all];
    const p = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Partial<LinkParams>;
    faults.degrade(new Set(a), new Set(b), p);
    world.record("fault", "fault.degrade", { between: between ? [a, b] : "all", params: p });
  } else if (t.restore !== undefined) {
    faults.restore();
    world.record("fault", "fault.restore", {});
  } else if (t.crash !== undefined) {
    for (const id of world.select(t.crash, undefined, true)) crash(world, id);
  } else if (t.restart) {
    for (const id of world.select(t.restart.nodes)) restart(world, id, t.restart.persisted ?? true);
  }
}

/** Stops a node's actors and driver; what they persist survives on the node's simulated disk. */
export function crash(world: World, id: NodeId): void {
  const node = world.node(id)!;
  if (!node.host.isRunning) return;
  world.record("node", "node.crash", {}, id);
  node.host.stop();
}

/** Starts a stopped node again, from its persisted state or from scratch. */
export function restart(world: World, id: NodeId, persisted: boolean): void {
  const node = world.node(id)!;
  if (node.host.isRunning) return;
  world.record("node", "node.restart", { persisted }, id);
  node.host.start(persisted);
}

function churn(world: World, c: NonNullable<TimelineEntry["churn"]>, start: number): void {
  const until = Math.min(c.until ?? world.scenario.duration, world.scenario.duration);
  world.repeat(start, c.every, until, () => {
    const live = world.select(c.nodes ?? { fraction: 1 }, undefined, true);
    const k = Math.round(c.fraction * live.length);
    for (const id of world.faultStream.sample(live, k)) {
      crash(world, id);
      world.engine.after(c.downtime, () => restart(world, id, c.persisted ?? true));
    }
  });
}
