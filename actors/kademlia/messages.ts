import * as Schema from "effect/Schema";
import type { NodeId } from "../../runtime/driver.js";
import { Id, Ids, Whole } from "../message-shapes.js";

/**
 * The actor's wire messages as plain, JSON-able objects (the simulator carries them as
 * is; `wire.ts` maps them to the libp2p protobuf). Requests carry `rid`, echoed by the
 * response, because datagram-style drivers have no stream to pair them; `client: true`
 * marks a light node, which servers answer but never add to their routing tables
 * (libp2p learns the same from identify).
 */
const Rid = Whole;
/** Marks a light node: servers answer it but never add it to their routing tables. */
const Client = Schema.optional(Schema.Literal(true));
/** A light node's session token for the authenticated backbone (`actors/auth`); servers with an authorizer check it. */
const Token = Schema.optional(Schema.String);
const Record_ = Schema.Struct({ value: Schema.String, published: Schema.Number });

export const FindNode = Schema.Struct({
  type: Schema.Literal("FIND_NODE"),
  rid: Rid,
  /** A node id or record key; the target is its sha256. */
  key: Id,
  /** A raw 256-bit target in hex (bucket refresh), used instead of sha256(key). */
  target: Schema.optional(Schema.String),
  client: Client,
  token: Token,
});
export type FindNode = typeof FindNode.Type;
export const FindNodeResponse = Schema.Struct({ type: Schema.Literal("FIND_NODE_RESPONSE"), rid: Rid, closer: Ids });
export type FindNodeResponse = typeof FindNodeResponse.Type;
export const GetValue = Schema.Struct({
  type: Schema.Literal("GET_VALUE"),
  rid: Rid,
  key: Id,
  client: Client,
  token: Token,
});
export type GetValue = typeof GetValue.Type;
export const GetValueResponse = Schema.Struct({
  type: Schema.Literal("GET_VALUE_RESPONSE"),
  rid: Rid,
  key: Id,
  record: Schema.optional(Record_),
  closer: Ids,
});
export type GetValueResponse = typeof GetValueResponse.Type;
export const PutValue = Schema.Struct({
  type: Schema.Literal("PUT_VALUE"),
  rid: Rid,
  key: Id,
  record: Record_,
  client: Client,
  token: Token,
});
export type PutValue = typeof PutValue.Type;
export const PutValueResponse = Schema.Struct({
  type: Schema.Literal("PUT_VALUE_RESPONSE"),
  rid: Rid,
  key: Id,
  ok: Schema.Boolean,
});
export type PutValueResponse = typeof PutValueResponse.Type;
/** Announces that the sender provides `key`; unanswered, as in libp2p. */
export const AddProvider = Schema.Struct({
  type: Schema.Literal("ADD_PROVIDER"),
  key: Id,
  client: Client,
  token: Token,
});
export type AddProvider = typeof AddProvider.Type;
export const GetProviders = Schema.Struct({
  type: Schema.Literal("GET_PROVIDERS"),
  rid: Rid,
  key: Id,
  client: Client,
  token: Token,
});
export type GetProviders = typeof GetProviders.Type;
export const GetProvidersResponse = Schema.Struct({
  type: Schema.Literal("GET_PROVIDERS_RESPONSE"),
  rid: Rid,
  key: Id,
  providers: Ids,
  closer: Ids,
});
export type GetProvidersResponse = typeof GetProvidersResponse.Type;
export const Ping = Schema.Struct({ type: Schema.Literal("PING"), rid: Rid, client: Client });
export type Ping = typeof Ping.Type;
export const PingResponse = Schema.Struct({ type: Schema.Literal("PING_RESPONSE"), rid: Rid });
export type PingResponse = typeof PingResponse.Type;

export type KadRequest = FindNode | GetValue | PutValue | AddProvider | GetProviders | Ping;
export type KadResponse = FindNodeResponse | GetValueResponse | PutValueResponse | GetProvidersResponse | PingResponse;
export type KadMessage = KadRequest | KadResponse;

/** Every kad wire message: what the host checks a frame against. */
export const KadWire = Schema.Union(
  FindNode,
  FindNodeResponse,
  GetValue,
  GetValueResponse,
  PutValue,
  PutValueResponse,
  AddProvider,
  GetProviders,
  GetProvidersResponse,
  Ping,
  PingResponse,
  // An authorizer's refusal (see authorize.ts): not in KadMessage, since kad-dht has no such frame.
  Schema.Struct({ type: Schema.Literal("REFUSED"), rid: Rid, reason: Schema.String }),
);

/** Operations an operator may start: each names a key; `put` stores `value`. */
export const KadCommands = Schema.Union(
  Schema.Struct({ type: Schema.Literal("lookup", "get", "provide", "findProviders"), key: Id }),
  Schema.Struct({ type: Schema.Literal("put"), key: Id, value: Schema.String }),
);

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
