import * as Schema from "effect/Schema";
import type { Notification } from "./notification.js";

/**
 * Wire messages between relays (and from a wallet or an attacker that speaks the protocol).
 * Plain JSON objects; every field is checked on arrival, because the host checks only `type`.
 *
 * - `SUBMIT {rid, notification}` → `SUBMIT_RESULT {rid, ok, address?, reason?, required?}`:
 *   a new notification, held to the current difficulty.
 * - `STORE {notification}`: a replica copy from the relay that accepted it (signed).
 * - `DIGEST {recipient, hashes}` → `WANT {recipient, hashes}` → `ITEMS {recipient, notifications}`:
 *   anti-entropy, hashes first, then only what the receiver lacks.
 * - `QUERY {rid, recipient, since}` → `RESULT {rid, notifications}`: a wallet's fetch.
 */
export type NotifyMessage =
  | { readonly type: "SUBMIT"; readonly rid: number; readonly notification: Notification }
  | {
      readonly type: "SUBMIT_RESULT";
      readonly rid: number;
      readonly ok: boolean;
      readonly address?: string;
      readonly reason?: string;
      readonly required?: string;
    }
  | { readonly type: "STORE"; readonly notification: Notification }
  | { readonly type: "DIGEST"; readonly recipient: string; readonly hashes: readonly string[] }
  | { readonly type: "WANT"; readonly recipient: string; readonly hashes: readonly string[] }
  | { readonly type: "ITEMS"; readonly recipient: string; readonly notifications: readonly Notification[] }
  | { readonly type: "QUERY"; readonly rid: number; readonly recipient: string; readonly since: number }
  | { readonly type: "RESULT"; readonly rid: number; readonly notifications: readonly Notification[] };

/** Every wire type the actor accepts. */
export const MESSAGE_TYPES = [
  "SUBMIT",
  "SUBMIT_RESULT",
  "STORE",
  "DIGEST",
  "WANT",
  "ITEMS",
  "QUERY",
  "RESULT",
] as const;

/** Most hashes or notifications one message carries (the per-recipient cap). */
export const MAX_BATCH = 1000;

const Hex = Schema.String.pipe(Schema.pattern(/^[0-9a-f]+$/));
const Rid = Schema.Int.pipe(Schema.nonNegative());

/**
 * A notification's shape on the wire: field types and hex/base64 alphabets. What the values
 * mean (hash, work, signature, time) is checked by the actor (`checkNotification`).
 */
export const NotificationShape = Schema.Struct({
  version: Schema.Number,
  hash: Hex,
  timestamp: Schema.Number,
  ttl: Schema.Number,
  recipient: Hex,
  payload: Schema.String,
  work: Hex,
  signer: Schema.optional(Hex),
  signature: Schema.optional(Hex),
});
const Notifications = Schema.Array(NotificationShape).pipe(Schema.maxItems(MAX_BATCH));
const Hashes = Schema.Array(Hex).pipe(Schema.maxItems(MAX_BATCH));

/**
 * Every wire message's shape, checked by the host before the machine sees it. A SUBMIT's
 * notification is left `Unknown` so a malformed one is refused with a reason (and its
 * sender told), not silently dropped.
 */
export const NotifyWire = Schema.Union(
  Schema.Struct({ type: Schema.Literal("SUBMIT"), rid: Rid, notification: Schema.Unknown }),
  Schema.Struct({
    type: Schema.Literal("SUBMIT_RESULT"),
    rid: Rid,
    ok: Schema.Boolean,
    hash: Schema.optional(Schema.String),
    address: Schema.optional(Schema.String),
    reason: Schema.optional(Schema.String),
    required: Schema.optional(Schema.String),
  }),
  Schema.Struct({ type: Schema.Literal("STORE"), notification: NotificationShape }),
  Schema.Struct({ type: Schema.Literal("DIGEST", "WANT"), recipient: Hex, hashes: Hashes }),
  Schema.Struct({ type: Schema.Literal("ITEMS"), recipient: Hex, notifications: Notifications }),
  Schema.Struct({ type: Schema.Literal("QUERY"), rid: Rid, recipient: Hex, since: Schema.Number }),
  Schema.Struct({ type: Schema.Literal("RESULT"), rid: Rid, notifications: Notifications }),
);

/** What the node itself may command: a wallet's submission (HTTP API, workload) and a fetch. */
export const NotifyCommands = Schema.Union(
  Schema.Struct({
    type: Schema.Literal("submit"),
    notification: Schema.Unknown,
    ref: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  }),
  Schema.Struct({
    type: Schema.Literal("fetch"),
    recipient: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/)),
    since: Schema.optional(Schema.Number),
    ref: Schema.String,
  }),
);
