import type { ActorDefinition } from "../../runtime/actor.js";
import { registryConfig, type RegistryInit } from "./config.js";
import { registryMachine, type RegistryContext } from "./machine.js";
import { REGISTRY_ACCEPTS, REGISTRY_PROTOCOL, RegistryCommands, RegistryRequestShape } from "./messages.js";
import { snapshotOf, type RegistrySnapshot } from "./records.js";

export { serve, sweep } from "./api.js";
export type { Outcome, RegistryChange } from "./changes.js";
export { RegistryParams, registryConfig, PublicKeyHex, type RegistryInit } from "./config.js";
export type { RegistryContext } from "./machine.js";
export * from "./messages.js";
export * from "./records.js";
export * from "./signing.js";

/**
 * The `registry` actor: the coordination service of a validator mesh. Answers `request`
 * messages (the HTTP API, see `api.ts`) with `reply`; observes `change` (what a durable
 * store must write) and `event` (registered, approved, denied, offline, online,
 * sovereign-added). Persists every record and sovereign key.
 */
export function registry(init: Partial<RegistryInit> = {}): ActorDefinition<RegistryInit, RegistrySnapshot> {
  return {
    name: REGISTRY_PROTOCOL,
    version: "1",
    accepts: REGISTRY_ACCEPTS,
    messages: RegistryRequestShape,
    commands: RegistryCommands,
    machine: registryMachine,
    init: registryConfig(init),
    persist: (context) => snapshotOf((context as RegistryContext).state),
  };
}
