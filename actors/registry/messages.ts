import * as Schema from "effect/Schema";
import { NoCommands, Whole } from "../message-shapes.js";

/**
 * The registry speaks its HTTP API as messages, in both worlds: a `request` is an HTTP
 * request (the production service passes requests through unchanged, the simulator carries
 * them over the simulated network) and a `reply` is the HTTP response.
 */

/** An API request. `rid` pairs it with its reply. */
export interface RegistryRequest {
  readonly type: "request";
  readonly rid: number;
  readonly method: "GET" | "POST";
  /** Path without the query, e.g. `/nodes/abc`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** The parsed JSON body of a POST. */
  readonly body?: unknown;
}

/** The answer: an HTTP status and a JSON body (`{error}` for every status ≥ 400). */
export interface RegistryReply {
  readonly type: "reply";
  readonly rid: number;
  readonly status: number;
  readonly body: unknown;
}

/** What the registry actor accepts from the network. */
export const REGISTRY_ACCEPTS: ReadonlySet<string> = new Set(["request"]);
/** What the registrant accepts from the network. */
export const REGISTRANT_ACCEPTS: ReadonlySet<string> = new Set(["reply"]);

/** Kinds of change the registry announces (`registry.event`, the `/events` stream). */
export type RegistryEventKind = "registered" | "approved" | "denied" | "offline" | "online" | "sovereign-added";

/** One announced change. */
export interface RegistryEvent {
  readonly kind: RegistryEventKind;
  readonly nodeId?: string;
  readonly publicKey?: string;
  readonly at: number;
}

/** The registry's wire protocol name (the `meshtwin/registry` libp2p id, the log namespace). */
export const REGISTRY_PROTOCOL = "registry";

/** The shape the host checks a `request` frame against (fields are then the API's business: 400s name them). */
export const RegistryRequestShape = Schema.Struct({
  type: Schema.Literal("request"),
  rid: Whole,
  method: Schema.Literal("GET", "POST"),
  path: Schema.String.pipe(Schema.maxLength(2048)),
  query: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  body: Schema.optional(Schema.Unknown),
});

/** The shape the host checks a `reply` frame against. */
export const RegistryReplyShape = Schema.Struct({
  type: Schema.Literal("reply"),
  rid: Whole,
  status: Schema.Int.pipe(Schema.between(100, 599)),
  body: Schema.Unknown,
});

/** Operators (the simulator's sovereign) command the registry with requests, as a client would. */
export const RegistryCommands = RegistryRequestShape;
/** The registrant takes no commands: it acts on its timers and the registry's replies. */
export const RegistrantCommands = NoCommands;
