import type { ActorDefinition } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { protocolModule } from "../../runtime/protocol.js";
import { decodeInit } from "../params.js";
import {
  nostrRelayMachine,
  type NostrRelayContext,
  type NostrRelayMachineInit,
  type NostrRelayPersisted,
} from "./machine.js";
import { NostrRelayParams, type NostrRelayInit } from "./params.js";
import { memoryOnly, type RelayStore } from "./store.js";

export { NostrRelayParams, Team, TeamMember, type NostrRelayInit } from "./params.js";
export type { NostrRelayContext, NostrRelayEvent, NostrRelayPersisted } from "./machine.js";
export type { RelayStore } from "./store.js";
export type { NostrEvent } from "./event.js";
export { checkEvent, kindClass } from "./event.js";
export { setSignatureVerifier, signEvent, useWasmSignatures } from "./crypto.js";
export { simPubkey, simSecretKey } from "./sim-keys.js";
export * from "./bootstrap.js";
export { relayInformation } from "./nip11.js";
export type { SyncReport } from "./peer-sync.js";

/** Wire message types the relay accepts from the network. */
export const NOSTR_RELAY_ACCEPTS: ReadonlySet<string> = new Set(["open", "close", "c", "r"]);
export { NostrClientParams, type NostrClientInit } from "./client/params.js";

/** Components of the relay actor: what the host injects. */
export interface NostrRelayComponents {
  /** Durable home of accepted events. @default memoryOnly (the simulator) */
  readonly store?: RelayStore;
  /** Peer relays resolved to node ids or URLs. @default params.peers as written */
  readonly peers?: readonly NodeId[];
  /** The client role's relays resolved. @default params.client.relays as written */
  readonly clientRelays?: readonly NodeId[];
}

/**
 * The `nostr-relay` actor: a NIP-01 relay with NIP-09, 11, 40, 42, 45 and 77, optional
 * team-only access and resource limits. Wire: clients send `{type: "open"}`, `{type: "c",
 * text}` (one client→relay frame) and `{type: "close"}`; the relay answers `{type: "r",
 * text}` and may send `{type: "close"}`. Peer relays are synced by negentropy.
 * Observations: `event`, `auth`, `sync`, `sync.failed`, `swept`, `malformed`.
 */
export function nostrRelay(
  init: Partial<NostrRelayInit> | unknown = {},
  components: NostrRelayComponents = {},
): ActorDefinition<NostrRelayMachineInit, NostrRelayPersisted> {
  const params = decodeInit("nostr-relay", NostrRelayParams, init);
  return {
    name: "nostr-relay",
    version: "1",
    accepts: NOSTR_RELAY_ACCEPTS,
    machine: nostrRelayMachine,
    init: {
      params,
      peers: components.peers ?? params.peers,
      clientRelays: components.clientRelays ?? params.client?.relays ?? [],
      store: components.store ?? memoryOnly,
    },
    persist: (context) => ({ events: [...(context as NostrRelayContext).core.ingest.index.values()] }),
  };
}

/** The protocol module (`protocols: { nostr-relay: … }`). */
export const nostrRelayModule = protocolModule<NostrRelayInit>({
  key: "nostr-relay",
  params: NostrRelayParams,
  summary: "An embedded Nostr relay (NIP-01/09/11/40/42/45/77), optionally team-only, synced with peer relays",
  create: (params, ctx) =>
    nostrRelay(params, {
      peers: params.peers.flatMap((p) => (p.includes("://") ? [p] : ctx.resolve(p))),
      clientRelays: (params.client?.relays ?? []).flatMap((p) => ctx.resolve(p)),
    }),
  references: (params) =>
    params.peers.flatMap((name, i) =>
      name.includes("://") ? [] : [{ path: ["peers", i] as (string | number)[], name }],
    ),
});
