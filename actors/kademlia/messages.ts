import type { NodeId } from "../../runtime/driver.js";
import type { ValueRecord } from "./records.js";

/**
 * The actor's wire messages as plain, JSON-able objects (the simulator carries them as
 * is; `wire.ts` maps them to the libp2p protobuf). Requests carry `rid`, echoed by the
 * response, because datagram-style drivers have no stream to pair them; `client: true`
 * marks a light node, which servers answer but never add to their routing tables
 * (libp2p learns the same from identify).
 */
export interface FindNode {
  readonly type: "FIND_NODE";
  readonly rid: number;
  /** A node id or record key; the target is its sha256. */
  readonly key: string;
  /** A raw 256-bit target in hex (bucket refresh), used instead of sha256(key). */
  readonly target?: string;
  readonly client?: true;
}
export interface FindNodeResponse {
  readonly type: "FIND_NODE_RESPONSE";
  readonly rid: number;
  readonly closer: readonly NodeId[];
}
export interface GetValue {
  readonly type: "GET_VALUE";
  readonly rid: number;
  readonly key: string;
  readonly client?: true;
}
export interface GetValueResponse {
  readonly type: "GET_VALUE_RESPONSE";
  readonly rid: number;
  readonly key: string;
  readonly record?: ValueRecord;
  readonly closer: readonly NodeId[];
}
export interface PutValue {
  readonly type: "PUT_VALUE";
  readonly rid: number;
  readonly key: string;
  readonly record: ValueRecord;
  readonly client?: true;
}
export interface PutValueResponse {
  readonly type: "PUT_VALUE_RESPONSE";
  readonly rid: number;
  readonly key: string;
  readonly ok: boolean;
}
/** Announces that the sender provides `key`; unanswered, as in libp2p. */
export interface AddProvider {
  readonly type: "ADD_PROVIDER";
  readonly key: string;
  readonly client?: true;
}
export interface GetProviders {
  readonly type: "GET_PROVIDERS";
  readonly rid: number;
  readonly key: string;
  readonly client?: true;
}
export interface GetProvidersResponse {
  readonly type: "GET_PROVIDERS_RESPONSE";
  readonly rid: number;
  readonly key: string;
  readonly providers: readonly NodeId[];
  readonly closer: readonly NodeId[];
}
export interface Ping {
  readonly type: "PING";
  readonly rid: number;
}
export interface PingResponse {
  readonly type: "PING_RESPONSE";
  readonly rid: number;
}

export type KadRequest = FindNode | GetValue | PutValue | AddProvider | GetProviders | Ping;
export type KadResponse = FindNodeResponse | GetValueResponse | PutValueResponse | GetProvidersResponse | PingResponse;
export type KadMessage = KadRequest | KadResponse;

/** Request types a server-mode node answers. */
export const REQUEST_TYPES = ["FIND_NODE", "GET_VALUE", "PUT_VALUE", "ADD_PROVIDER", "GET_PROVIDERS", "PING"] as const;
/** Response types every node accepts. */
export const RESPONSE_TYPES = [
  "FIND_NODE_RESPONSE",
  "GET_VALUE_RESPONSE",
  "PUT_VALUE_RESPONSE",
  "GET_PROVIDERS_RESPONSE",
  "PING_RESPONSE",
] as const;

/** A network message as the machine receives it: the payload plus the sender. */
export type Inbound<M extends KadMessage = KadMessage> = M & { readonly from: NodeId };
