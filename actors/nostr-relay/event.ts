import { getEventHash } from "nostr-tools/pure";
import { verifySignature, type SignatureScheme } from "./crypto.js";

export type { NostrEvent } from "./nostr-event.js";
import type { NostrEvent } from "./nostr-event.js";

/** How a relay keeps an event of a kind (NIP-01 kind ranges). */
export type KindClass = "regular" | "replaceable" | "ephemeral" | "addressable";

/** NIP-01: 0, 3 and 10000–19999 replaceable; 20000–29999 ephemeral; 30000–39999 addressable. */
export function kindClass(kind: number): KindClass {
  if (kind === 0 || kind === 3 || (kind >= 10000 && kind < 20000)) return "replaceable";
  if (kind >= 20000 && kind < 30000) return "ephemeral";
  if (kind >= 30000 && kind < 40000) return "addressable";
  return "regular";
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

/** True for a lowercase 32-byte hex string (ids, pubkeys). */
export const isHex64 = (s: unknown): s is string => typeof s === "string" && HEX64.test(s);

/** Why an event's shape is wrong, or undefined when every field has the NIP-01 type. */
export function shapeError(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null || Array.isArray(e)) return "event is not an object";
  const ev = e as Record<string, unknown>;
  if (!isHex64(ev.id)) return "id is not 64 lowercase hex characters";
  if (!isHex64(ev.pubkey)) return "pubkey is not 64 lowercase hex characters";
  if (typeof ev.sig !== "string" || !HEX128.test(ev.sig)) return "sig is not 128 lowercase hex characters";
  if (!Number.isSafeInteger(ev.created_at) || (ev.created_at as number) < 0) return "created_at is not a timestamp";
  if (!Number.isInteger(ev.kind) || (ev.kind as number) < 0 || (ev.kind as number) > 65535)
    return "kind is not an integer in 0..65535";
  if (typeof ev.content !== "string") return "content is not a string";
  if (!Array.isArray(ev.tags)) return "tags is not an array";
  for (const t of ev.tags) {
    if (!Array.isArray(t) || t.some((x) => typeof x !== "string")) return "a tag is not an array of strings";
  }
  return undefined;
}

/**
 * Checks an event completely: shape, id (sha256 of the NIP-01 serialization) and
 * signature (BIP-340 with nostr-tools, or the simulator's model). Returns the OK message
 * (`invalid: …`) or undefined when valid.
 */
export function checkEvent(e: unknown, scheme: SignatureScheme = "bip340"): string | undefined {
  const shape = shapeError(e);
  if (shape) return `invalid: ${shape}`;
  const ev = e as NostrEvent & Parameters<typeof getEventHash>[0];
  if (getEventHash(ev) !== ev.id) return "invalid: event id does not match its content";
  if (!verifySignature(ev, scheme)) return "invalid: bad signature";
  return undefined;
}

/** The first value of the first tag named `name`. */
export function tagValue(ev: NostrEvent, name: string): string | undefined {
  for (const t of ev.tags) if (t[0] === name) return t[1];
  return undefined;
}

/** NIP-40: the `expiration` tag as a unix time, if present and numeric. */
export function expiresAt(ev: NostrEvent): number | undefined {
  const v = tagValue(ev, "expiration");
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** Key of the slot a replaceable/addressable event occupies (`kind:pubkey[:d]`), else undefined. */
export function slotKey(ev: NostrEvent): string | undefined {
  const c = kindClass(ev.kind);
  if (c === "replaceable") return `${ev.kind}:${ev.pubkey}`;
  if (c === "addressable") return `${ev.kind}:${ev.pubkey}:${tagValue(ev, "d") ?? ""}`;
  return undefined;
}

/** NIP-01 order for replaceable slots: newer wins; equal timestamps → the lowest id wins. */
export function supersedes(a: NostrEvent, b: NostrEvent): boolean {
  return a.created_at > b.created_at || (a.created_at === b.created_at && a.id < b.id);
}

/** Query order: newest first, then by id (a total order). */
export function newestFirst(a: NostrEvent, b: NostrEvent): number {
  return b.created_at - a.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
