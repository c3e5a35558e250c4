import type { NodeId } from "../../runtime/driver.js";
import type { World } from "../world.js";

/** What a byte through a backbone node was for. */
export type Purpose = "auth" | "lookup" | "dht" | "user";

/** Bytes one backbone node sent and received, by purpose. */
export type ByteCounters = Record<Purpose, { sent: number; received: number }>;

const fresh = (): ByteCounters => ({
  auth: { sent: 0, received: 0 },
  lookup: { sent: 0, received: 0 },
  dht: { sent: 0, received: 0 },
  user: { sent: 0, received: 0 },
});

/**
 * Counts every byte a backbone node sends or receives, by purpose, from the log (every
 * send is logged as `<actor>.send {to, msg}`, every frame from the network as `<actor>.in`
 * with `from`): the auth actor's messages are `auth`; Kademlia between backbone nodes is
 * `dht` (maintenance), Kademlia with anyone else is `lookup`; anything else is `user`.
 * Sizes are JSON lengths, as the simulated network measures them.
 */
export function countBackboneBytes(world: World): Map<NodeId, ByteCounters> {
  const backbone = new Set(world.nodes.filter((n) => n.role === "backbone").map((n) => n.id));
  const counters = new Map<NodeId, ByteCounters>([...backbone].map((id) => [id, fresh()]));
  const purpose = (actor: string, peer: unknown): Purpose => {
    if (actor === "auth") return "auth";
    if (actor === "kad") return typeof peer === "string" && backbone.has(peer) ? "dht" : "lookup";
    return "user";
  };
  world.log.entries$.subscribe((e) => {
    const c = counters.get(e.node);
    if (!c) return;
    const send = e.type.endsWith(".send");
    if (!send && !e.type.endsWith(".in")) return;
    const data = e.data as { to?: unknown; msg?: unknown; from?: unknown };
    if (send) c[purpose(e.actor, data.to)].sent += JSON.stringify(data.msg).length;
    else if (typeof data.from === "string") {
      const { from: _, ...payload } = data;
      c[purpose(e.actor, data.from)].received += JSON.stringify(payload).length;
    }
  });
  return counters;
}
