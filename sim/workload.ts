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
      const tick = (): void => {
        const live = world.select(from ?? { fraction: 1 }, world.workloadStream, true);
        if (live.length > 0) {
          const origin = world.workloadStream.pick(live);
          world.node(origin)!.host.command("gossip", { type: "publish" });
        }
        if (world.engine.now + every <= stop) world.engine.after(every, tick);
      };
      if (start <= stop) world.engine.at(start, tick);
    }
  }
}
