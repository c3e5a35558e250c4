import { discovery } from "../../../actors/discovery/index.js";
import { gossip } from "../../../actors/gossip/index.js";
import { membership } from "../../../actors/membership/index.js";
import type { DiscoveryInit, GossipContext, GossipInit, MembershipInit } from "../../../actors/index.js";
import type { NodeSpec } from "./mesh.js";
import type { Mesh } from "./mesh.js";

/** Options of {@link stackNodes}. */
export interface StackOptions {
  readonly discovery?: Partial<DiscoveryInit>;
  readonly membership?: Partial<MembershipInit>;
  readonly gossip?: Partial<GossipInit>;
  /** Segment of node i. @default "lan" */
  readonly segment?: (i: number) => string;
}

/** `count` nodes `n0…` running discovery + membership + gossip. */
export function stackNodes(count: number, opts: StackOptions = {}): NodeSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    segment: opts.segment?.(i) ?? "lan",
    actors: [discovery(opts.discovery), membership(opts.membership), gossip(opts.gossip)],
  }));
}

/** Ids of nodes whose gossip store lacks any of `ids`. */
export function missing(mesh: Mesh, nodes: readonly string[], ids: readonly string[]): string[] {
  return nodes.filter((n) => {
    const store = mesh.context<GossipContext>(n, "gossip").store;
    return ids.some((id) => !store.has(id));
  });
}

/** Publishes from `node` and returns the new message id. */
export function publish(mesh: Mesh, node: string, body?: unknown): string {
  const before = mesh.observed("gossip.published").length;
  mesh.host(node).command("gossip", { type: "publish", body });
  const entry = mesh.observed("gossip.published")[before];
  if (!entry || entry.node !== node) throw new Error(`publish on ${node} was not observed`);
  return (entry.data as { id: string }).id;
}
