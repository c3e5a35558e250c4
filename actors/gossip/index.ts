import type { ActorDefinition } from "../../runtime/actor.js";
import { gossipConfig, type GossipInit } from "./config.js";
import { gossipMachine, type GossipContext, type GossipPersisted } from "./machine.js";
import { GOSSIP_ACCEPTS, GossipCommands, GossipWire } from "./messages.js";

export { GOSSIP_DEFAULTS, type GossipInit } from "./config.js";
export type { GossipContext, GossipPersisted } from "./machine.js";
export type { GossipItem, GossipEvent, GossipWire } from "./messages.js";
export { GOSSIP_ACCEPTS } from "./messages.js";
export { gossipMachine } from "./machine.js";
export { hash32 } from "./store.js";

/**
 * The `gossip` actor: epidemic push plus periodic push-pull anti-entropy.
 *
 * Commands: `{type: "publish", body?}`. Sibling events: `{type: "view", peers}` from
 * `membership`. Observations: `published {id}` at the origin, `delivered {id, origin,
 * via, hops}` on the first receipt at each node. Persists its store.
 */
export function gossip(init: Partial<GossipInit> = {}): ActorDefinition<GossipInit, GossipPersisted> {
  const cfg = gossipConfig(init);
  return {
    name: "gossip",
    version: "1",
    accepts: GOSSIP_ACCEPTS,
    messages: GossipWire,
    commands: GossipCommands,
    machine: gossipMachine,
    init: cfg,
    persist: (context) => ({ items: [...(context as GossipContext).store.items.values()] }),
  };
}
