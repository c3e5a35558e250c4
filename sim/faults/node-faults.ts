import type { NodeId } from "../../runtime/driver.js";
import type { World } from "../world.js";

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
