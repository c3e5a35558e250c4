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
