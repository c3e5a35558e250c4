import type { ActorDefinition } from "../../runtime/actor.js";
import { relayConfig, type RelayInit } from "./config.js";
import { relayMachine } from "./machine.js";
import { RELAY_ACCEPTS, RelayCommands, RelayWire } from "./messages.js";

export { RELAY_DEFAULTS, type RelayInit } from "./config.js";
export type { RelayContext } from "./machine.js";
export type { RelayEvent, RelayWire } from "./messages.js";
export { relayMachine } from "./machine.js";

/**
 * The `relay` actor. Needs the `reachability` sibling (it tells `{type: "reachability",
 * status}`). Sibling events: `send.via {to, via, actor, msg}` sends `msg` to `actor` on
 * `to` across the relays `via`; relayed messages reach the named sibling as
 * `{...msg, from, via: route}`. Observes `relay.serving`, `relay.reservations {count,
 * slots}` (public) and `relay.reserved {relay}`, `relay.lost {relay, reason}` (private).
 */
export function relay(init: Partial<RelayInit> = {}): ActorDefinition<RelayInit> {
  return {
    name: "relay",
    version: "1",
    accepts: RELAY_ACCEPTS,
    messages: RelayWire,
    commands: RelayCommands,
    machine: relayMachine,
    init: relayConfig(init),
  };
}
