import type { ActorDefinition } from "../../runtime/actor.js";
import { decodeInit } from "../params.js";
import { AuthParams } from "./config.js";
import { authMachine } from "./machine.js";
import { NoCommands } from "../message-shapes.js";
import { AuthWire, BACKBONE_TYPES, LIGHT_TYPES } from "./messages.js";
import type { AuthInit, RosterNode } from "./state.js";

/** Actor and protocol name; log entries are `auth.in`, `auth.send`, `auth.session`, `auth.refused`. */
export const AUTH_PROTOCOL = "auth";

/**
 * The auth actor, both sides. A backbone node answers `CHALLENGE_REQUEST` with 32 random
 * bytes (from the node's Rng: a seeded stream in the simulator, a CSPRNG-seeded one in
 * production), checks the ML-DSA-87 signature over (challenge, its own id, the sender's id)
 * under the purpose's context, and returns a session token (see `token.ts`) and the
 * backbone nodes of its region and the neighbouring ones. A light node authenticates at
 * start, fails over to the next backbone node (home region first, then neighbours) on a
 * timeout, renews `renewBefore` its token's end, and tells its `kad` sibling every token.
 *
 * Observations: `auth.identity {peerId}`, `auth.session {backbone, expires, renewal}`,
 * `auth.failover {from, reason}`, `auth.refused {…, reason}`, `auth.issued {to, sub, expires}`.
 */
export function auth(init: AuthInit): ActorDefinition<AuthInit, never> {
  return {
    name: AUTH_PROTOCOL,
    version: "1.0.0",
    accepts: new Set<string>(init.role === "backbone" ? BACKBONE_TYPES : LIGHT_TYPES),
    messages: AuthWire,
    commands: NoCommands,
    machine: authMachine,
    init,
  };
}

/** Decodes parameters (defaults, bounds) and builds the actor: for tests and hand-built nodes. */
export function authFrom(
  params: unknown,
  role: "backbone" | "light",
  roster: readonly RosterNode[],
): ActorDefinition<AuthInit, never> {
  const { backbone: _, ...p } = decodeInit("auth", AuthParams, params);
  return auth({ ...p, role, roster });
}

export { AuthParams, RosterEntry, RegionName } from "./config.js";
export type { AuthInit, RosterNode, AuthState, AuthStats } from "./state.js";
export { peerIdOf, PEER_ID_BYTES } from "./peer-id.js";
export { REGIONS, NEIGHBOURS, tokenRegions, type Region } from "./regions.js";
export { issueToken, checkToken, readClaims, type TokenClaims, type TokenCheck, type TokenRefusal } from "./token.js";
export { identityFrom, tokenKeyFrom, saltedSeed, challengeContext, challengeStatement, type Identity } from "./keys.js";
export type * from "./messages.js";
