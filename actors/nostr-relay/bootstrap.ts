import { signEvent } from "./crypto.js";
import { checkEvent, tagValue, type NostrEvent } from "./event.js";

/** NIP-78 application data (addressable): the kind of a meshtwin peer card. */
export const PEER_CARD_KIND = 30078;
/** The `d` tag that names a peer card among a key's NIP-78 events. */
export const PEER_CARD_D = "meshtwin/peer-card";
/** NIP-65 relay list metadata. */
export const RELAY_LIST_KIND = 10002;

/** What a node tells the world about itself: how to reach it and which relays it uses. */
export interface PeerCard {
  /** The node's id on the mesh (a libp2p peer id, or its Nostr public key). */
  readonly id: string;
  /** Dialable addresses (multiaddrs). */
  readonly addrs: readonly string[];
  /** Relays where its messages and cards can be found. */
  readonly relays: readonly string[];
}

/** A peer card as read from a relay: the card plus the Nostr key that signed it. */
export interface SignedPeerCard extends PeerCard {
  readonly pubkey: string;
  readonly createdAt: number;
}

const isRelayUrl = (u: unknown): u is string => typeof u === "string" && /^wss?:\/\/[^\s]+$/.test(u) && u.length < 256;

/** The signed peer card (addressable, so a newer card replaces the old one on every relay). */
export function peerCardEvent(card: PeerCard, secretKey: Uint8Array, createdAt: number): NostrEvent {
  return signEvent(
    {
      kind: PEER_CARD_KIND,
      created_at: createdAt,
      tags: [["d", PEER_CARD_D], ...card.relays.map((r) => ["r", r])],
      content: JSON.stringify({ id: card.id, addrs: card.addrs, relays: card.relays }),
    },
    secretKey,
  );
}

/** The NIP-65 relay list (`r` tags; no marker = read and write). */
export function relayListEvent(relays: readonly string[], secretKey: Uint8Array, createdAt: number): NostrEvent {
  return signEvent(
    { kind: RELAY_LIST_KIND, created_at: createdAt, tags: relays.map((r) => ["r", r]), content: "" },
    secretKey,
  );
}

/** A peer card from an event, or undefined if the event is not a valid, well-formed, correctly signed card. */
export function readPeerCard(raw: unknown): SignedPeerCard | undefined {
  if (checkEvent(raw) !== undefined) return undefined;
  const ev = raw as NostrEvent;
  if (ev.kind !== PEER_CARD_KIND || tagValue(ev, "d") !== PEER_CARD_D) return undefined;
  let c: { id?: unknown; addrs?: unknown; relays?: unknown };
  try {
    c = JSON.parse(ev.content) as typeof c;
  } catch {
    return undefined;
  }
  if (typeof c.id !== "string" || c.id.length === 0 || c.id.length > 200) return undefined;
  const addrs = Array.isArray(c.addrs) ? c.addrs.filter((a): a is string => typeof a === "string").slice(0, 16) : [];
  const relays = Array.isArray(c.relays) ? c.relays.filter(isRelayUrl).slice(0, 16) : [];
  return { id: c.id, addrs, relays, pubkey: ev.pubkey, createdAt: ev.created_at };
}

/** Relay URLs of a NIP-65 list (read or unmarked: where the author can be found). */
export function readRelayList(raw: unknown): string[] {
  if (checkEvent(raw) !== undefined) return [];
  const ev = raw as NostrEvent;
  if (ev.kind !== RELAY_LIST_KIND) return [];
  return ev.tags.filter((t) => t[0] === "r" && isRelayUrl(t[1]) && t[2] !== "write").map((t) => t[1]!);
}
