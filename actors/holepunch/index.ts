import type { ActorDefinition } from "../../runtime/actor.js";
import { holepunchConfig, type HolepunchInit } from "./config.js";
import { holepunchMachine } from "./machine.js";
import { HOLEPUNCH_ACCEPTS, HolepunchCommands, HolepunchWire } from "./messages.js";

export { HOLEPUNCH_DEFAULTS, type HolepunchInit } from "./config.js";
export type { HolepunchContext, Conn } from "./context.js";
export type { HolepunchEvent, HolepunchWire, Path, PeerAddrs } from "./messages.js";
export { holepunchMachine } from "./machine.js";

/**
 * The `holepunch` actor: connections to peers, direct > punched > relayed. Needs the
 * `relay` sibling for relayed traffic. Command `{type: "message", peer, id, addrs}`
 * sends a message to `peer` (whose peer record is `addrs`). Observes `holepunch.path
 * {peer, path, via?}` on every new or upgraded path, `holepunch.received {id, from, path}`,
 * `holepunch.acked {id, peer, path, ms}`, `holepunch.undelivered {id, peer, reason}`,
 * `holepunch.punch.ok`, `holepunch.punch.failed {attempt}`, `holepunch.punch.gaveup`.
 */
export function holepunch(init: Partial<HolepunchInit> = {}): ActorDefinition<HolepunchInit> {
  return {
    name: "holepunch",
    version: "1",
    accepts: HOLEPUNCH_ACCEPTS,
    messages: HolepunchWire,
    commands: HolepunchCommands,
    machine: holepunchMachine,
    init: holepunchConfig(init),
  };
}
