import type { ActorDefinition } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { decodeInit } from "../params.js";
import {
  nostrRelayMachine,
  type NostrRelayContext,
  type NostrRelayMachineInit,
  type NostrRelayPersisted,
} from "./machine.js";
import { NostrRelayParams, type NostrRelayInit } from "./params.js";
import { memoryOnly, type RelayStore } from "./store.js";

/** Wire message types the relay accepts from the network. */
export const NOSTR_RELAY_ACCEPTS: ReadonlySet<string> = new Set(["open", "close", "c", "r"]);

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
