import type { ActorDefinition } from "../../runtime/actor.js";
import { membershipConfig, type MembershipInit } from "./config.js";
import { membershipMachine, type MembershipPersisted } from "./machine.js";
import { MEMBERSHIP_ACCEPTS, MembershipCommands, MembershipWire } from "./messages.js";
import type { MembershipContext } from "./views.js";

export { MEMBERSHIP_DEFAULTS, type MembershipInit } from "./config.js";
export type { MembershipPersisted } from "./machine.js";
export type { MembershipContext } from "./views.js";
export type { MembershipEvent, MembershipWire } from "./messages.js";
export { MEMBERSHIP_ACCEPTS } from "./messages.js";
export { membershipMachine } from "./machine.js";

/**
 * The `membership` actor: a bounded partial view with liveness and shuffling.
 *
 * Sibling events: `{type: "peers.discovered", peers}` (from `discovery`). Tells each
 * actor in `init.notify` `{type: "view", peers}` and observes `view {peers}` whenever
 * the active view changes. Persists both views.
 */
export function membership(init: Partial<MembershipInit> = {}): ActorDefinition<MembershipInit, MembershipPersisted> {
  const cfg = membershipConfig(init);
  return {
    name: "membership",
    version: "1",
    accepts: MEMBERSHIP_ACCEPTS,
    messages: MembershipWire,
    commands: MembershipCommands,
    machine: membershipMachine,
    init: cfg,
    persist: (context) => {
      const ctx = context as MembershipContext;
      return { active: ctx.active.slice(), passive: ctx.passive.slice() };
    },
  };
}
