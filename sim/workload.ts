import type { WorkloadEntry } from "./scenario/schema.js";
import type { World } from "./world.js";
import { scheduleKadWorkload } from "./kademlia/workload.js";

/**
 * Schedules the scenario's workload: periodic commands sent to a random live node
 * (from the world's workload stream) as logged inputs, like any other.
 */
export function scheduleWorkload(world: World, workload: readonly WorkloadEntry[]): void {
  const duration = world.scenario.duration;
  for (const w of workload) {
    if (w.kad) scheduleKadWorkload(world, w.kad, world.scenario.sybil?.target);
    if (w.publish) {
      const { every, from, start = every, stop = duration } = w.publish;
      world.repeat(start, every, stop, () => {
        const origin = world.pickLive(from, world.workloadStream);
        if (origin !== undefined) world.node(origin)!.host.command("gossip", { type: "publish" });
      });
    }
  }
}
