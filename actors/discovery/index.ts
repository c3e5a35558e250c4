import type { ActorDefinition } from "../../runtime/actor.js";
import { discoveryConfig, type DiscoveryInit } from "./config.js";
import { discoveryMachine, type DiscoveryPersisted } from "./machine.js";
import { DISCOVERY_ACCEPTS, DiscoveryCommands, DiscoveryWire } from "./messages.js";
import type { DiscoveryContext } from "./peers.js";

export { DISCOVERY_DEFAULTS, type DiscoveryInit } from "./config.js";
export type { DiscoveryPersisted } from "./machine.js";
export type { DiscoveryContext } from "./peers.js";
export type { DiscoveryEvent, DiscoveryMode, DiscoveryWire } from "./messages.js";
export { DISCOVERY_ACCEPTS } from "./messages.js";
export { discoveryMachine } from "./machine.js";

/**
 * The `discovery` actor: multi-method bootstrap with graceful fallback (seeds, cached
 * peers, local broadcast, peer exchange) and the node's mode.
 *
 * Tells each actor in `init.notify` `{type: "peers.discovered", peers}` about peers it
 * learns; observes `mode {mode}` whenever the mode changes. Persists its peer cache.
 */
export function discovery(init: Partial<DiscoveryInit> = {}): ActorDefinition<DiscoveryInit, DiscoveryPersisted> {
  const cfg = discoveryConfig(init);
  return {
    name: "discovery",
    version: "1",
    accepts: DISCOVERY_ACCEPTS,
    messages: DiscoveryWire,
    commands: DiscoveryCommands,
    machine: discoveryMachine,
    init: cfg,
    persist: (context) => ({ cache: (context as DiscoveryContext).known.slice(0, cfg.cacheSize) }),
  };
}
