import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import type { World } from "../world.js";

/** A message a client sent, and when each copy first arrived at its recipient. */
export interface SentMessage {
  readonly id: string;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly at: Millis;
  receivedAt?: Millis;
}

/** What the nostr plug-in reads from the log of one run. */
export interface NostrFacts {
  readonly sent: Map<string, SentMessage>;
  /** Refusals seen by clients: node → relay → reasons (OK false / CLOSED). */
  readonly refused: { node: NodeId; relay: NodeId; message: string; at: Millis }[];
  readonly syncs: { node: NodeId; at: Millis; data: Record<string, number | string> }[];
}

const facts = new WeakMap<World, NostrFacts>();

/** The facts of a world, gathered from its log from the first call on (the plug-in calls it at install). */
export function nostrFacts(world: World): NostrFacts {
  const f = facts.get(world);
  if (f) return f;
  const made: NostrFacts = { sent: new Map(), refused: [], syncs: [] };
  facts.set(world, made);
  world.log.entries$.subscribe((e) => {
    if (e.type === "nostr-relay.sent") {
      const d = e.data as { id: string; to: NodeId };
      made.sent.set(d.id, { id: d.id, from: e.node, to: d.to, at: e.at });
    } else if (e.type === "nostr-relay.received") {
      const m = made.sent.get((e.data as { id: string }).id);
      if (m && m.to === e.node && m.receivedAt === undefined) m.receivedAt = e.at;
    } else if (e.type === "nostr-relay.refused") {
      const d = e.data as { relay: NodeId; message: string };
      made.refused.push({ node: e.node, relay: d.relay, message: String(d.message), at: e.at });
    } else if (e.type === "nostr-relay.sync") {
      made.syncs.push({ node: e.node, at: e.at, data: e.data as Record<string, number | string> });
    }
  });
  return made;
}
