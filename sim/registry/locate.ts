import type { NodeId } from "../../runtime/driver.js";
import type { NodeRecord, RegistryContext, RegistryState } from "../../actors/registry/index.js";
import type { World } from "../world.js";

/** Node ids of the groups that run protocol `key` (`registry`, `registrant`), in world order. */
export function nodesRunning(world: World, key: string): NodeId[] {
  const groups = world.scenario.nodes.filter((g) => g.protocols && key in g.protocols).map((g) => g.group);
  return groups.flatMap((g) => world.select(g));
}

/** The registry's node: the first node whose group runs the `registry` protocol. */
export function registryNode(world: World): NodeId {
  const id = nodesRunning(world, "registry")[0];
  if (id === undefined) throw new Error("the registry plug-in needs a group with protocols: { registry: … }");
  return id;
}

/** The registry's live records, or undefined while its node is down. */
export function registryState(world: World): RegistryState | undefined {
  const snap = world.node(registryNode(world))?.host.snapshot("registry");
  return (snap?.context as RegistryContext | undefined)?.state;
}

/** Node records by status. */
export function countByStatus(state: RegistryState | undefined): Record<NodeRecord["status"], number> {
  const counts = { pending: 0, active: 0, denied: 0, offline: 0 };
  for (const n of state?.nodes.values() ?? []) counts[n.status]++;
  return counts;
}
