import type { ActorDefinition } from "../../runtime/actor.js";
import { knownIds } from "./contacts.js";
import { resolveConfig, type KademliaInit } from "./config.js";
import { kademliaMachine, type KadContext, type KadPersisted } from "./machine.js";
import { KadCommands, KadWire, REQUEST_TYPES, RESPONSE_TYPES } from "./messages.js";

/** Actor and protocol name; log entries are `kad.in`, `kad.send`, `kad.lookup.done`. */
export const KAD_PROTOCOL = "kad";

/**
 * The Kademlia DHT actor. Server-mode nodes (the backbone) answer every request and keep
 * k-buckets; client-mode light nodes accept only answers and keep an LRU peer cache.
 *
 * Commands: `{type: "lookup" | "get" | "provide" | "findProviders", key}`,
 * `{type: "put", key, value}`. A sibling may tell `{type: "peers.discovered", peers}`.
 * Every finished operation is observed as `kad.lookup.done` with
 * `{op, key, ok, hops, ms, msgs, …}` (`closest` and `found` for lookups, `cache:
 * "hit" | "miss"` on light nodes, `providers`, `stored`, `value`).
 *
 * @param init configuration; see {@link KademliaInit} for every default. Validated here.
 */
export function kademlia(init: KademliaInit = {}): ActorDefinition<KademliaInit, KadPersisted> {
  const cfg = resolveConfig(init);
  const accepts = new Set<string>(cfg.mode === "server" ? [...REQUEST_TYPES, ...RESPONSE_TYPES] : RESPONSE_TYPES);
  accepts.add("REFUSED");
  return {
    name: KAD_PROTOCOL,
    version: "1.0.0",
    accepts,
    messages: KadWire,
    commands: KadCommands,
    machine: kademliaMachine,
    init,
    persist(context: unknown): KadPersisted {
      const { kad } = context as KadContext;
      return { contacts: knownIds(kad), provided: [...kad.provided] };
    },
  };
}

export type { Authorizer, AuthorizeRequest, Refused } from "./authorize.js";
export type { KademliaInit, KadConfig, AnswerFilter, Answer, FilteredRequest } from "./config.js";
export { resolveConfig } from "./config.js";
export type { KadContext, KadPersisted } from "./machine.js";
export { kademliaMachine } from "./machine.js";
export type { Contact } from "./closest.js";
export { closestK, byDistance } from "./closest.js";
export { kadKey, xor, distance, compareDistance, commonPrefixLength, toHex, fromHex, type KadKey } from "./distance.js";
export { RoutingTable, idGroup, type DiversityLimit, type UpdateResult } from "./routing-table.js";
export { RecordStore, ProviderStore, acceptAll, type ValueRecord, type RecordValidator } from "./records.js";
export { PeerCache } from "./peer-cache.js";
export { Lookup } from "./lookup.js";
export type * from "./messages.js";
export { REQUEST_TYPES, RESPONSE_TYPES } from "./messages.js";
export { encode, decode, wireStats, type DecodeResult, type WireError, type WireStats } from "./wire.js";
export { keyToBytes, bytesToKey } from "./key-bytes.js";
export type { KadState, KadStats, Op } from "./state.js";
export * as constants from "./constants.js";
