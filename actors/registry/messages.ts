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
