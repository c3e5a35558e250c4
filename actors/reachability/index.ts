import type { ActorDefinition } from "../../runtime/actor.js";
import { reachabilityConfig, type ReachabilityInit } from "./config.js";
import { reachabilityMachine } from "./machine.js";
import { REACHABILITY_ACCEPTS, ReachabilityCommands, ReachabilityWire } from "./messages.js";

export { REACHABILITY_DEFAULTS, type ReachabilityInit } from "./config.js";
export type { ReachabilityContext } from "./machine.js";
export type { Reachability, ReachabilityWire } from "./messages.js";
export { reachabilityMachine } from "./machine.js";

/**
 * The `reachability` actor (AutoNAT-like): learns whether this node can be dialled by
 * strangers from at least `confirmations` agreeing dial-back results. Observes
 * `reachability.status {status}` and tells `init.notify` `{type: "reachability", status}`
 * on every change. Also serves other nodes' requests.
 */
export function reachability(init: Partial<ReachabilityInit> = {}): ActorDefinition<ReachabilityInit> {
  return {
    name: "reachability",
    version: "1",
    accepts: REACHABILITY_ACCEPTS,
    messages: ReachabilityWire,
    commands: ReachabilityCommands,
    machine: reachabilityMachine,
    init: reachabilityConfig(init),
  };
}
