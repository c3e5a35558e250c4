import type { ActorDefinition } from "../../runtime/actor.js";
import { REGISTRANT_ACCEPTS, REGISTRY_PROTOCOL, RegistrantCommands, RegistryReplyShape } from "../registry/messages.js";
import { registrantConfig, type RegistrantInit } from "./config.js";
import { registrantMachine } from "./machine.js";

export { RegistrantParams, registrantConfig, type RegistrantInit } from "./config.js";
export { registrantMachine, type RegistrantContext, type RegistrantStatus } from "./machine.js";

/**
 * The registrant: a node's side of the coordination registry. It speaks the registry's
 * wire protocol, so its actor name is `registry` too (as kad's client mode is `kad`): its
 * log entries are `registry.*` on the node; observes `status {status}`, `peers {count}`, `error`.
 */
export function registrant(init: Partial<RegistrantInit> = {}): ActorDefinition<RegistrantInit, undefined> {
  return {
    name: REGISTRY_PROTOCOL,
    version: "1",
    accepts: REGISTRANT_ACCEPTS,
    messages: RegistryReplyShape,
    commands: RegistrantCommands,
    machine: registrantMachine,
    init: registrantConfig(init),
  };
}
