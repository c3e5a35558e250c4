import { SimplePool, useWebSocketImplementation } from "nostr-tools/pool";
import type { Event } from "nostr-tools/pure";
import WebSocket from "ws";
import {
  PEER_CARD_KIND,
  RELAY_LIST_KIND,
  peerCardEvent,
  readPeerCard,
  readRelayList,
  relayListEvent,
  type PeerCard,
  type SignedPeerCard,
} from "../../actors/nostr-relay/index.js";

useWebSocketImplementation(WebSocket);

/** Options of {@link discoverViaRelays}. */
export interface InternetRelaysOptions {
  /** The node's Nostr key (signs its card and relay list). */
  readonly secretKey: Uint8Array;
  /** Relays the node already knows (at least one). */
  readonly relays: readonly string[];
  /** The node's own card; its `relays` are published as its NIP-65 list. */
  readonly card: PeerCard;
  /** Relays asked in all (known ones first, then learned ones). @default 8 */
  readonly maxRelays?: number;
  /** Wait for each relay's answers (ms). @default 3000 */
  readonly timeout?: number;
}

/** What the method found. */
export interface InternetRelaysResult {
  /** Other nodes' verified cards, newest per key. */
  readonly peers: readonly SignedPeerCard[];
  /** Every relay known now: the configured ones plus those learned from cards and NIP-65 lists. */
  readonly relays: readonly string[];
}

/**
 * The `internet-relays` bootstrap method (mesh-net seed): publish our signed peer card
 * and NIP-65 relay list to the relays we know, read everyone else's, and follow the relay
 * lists one hop, so that a node that knows one relay finds peers and more relays. Hand the
 * result to discovery as `{type: "bootstrap.peers", method: "internet-relays", peers}`.
 */
export async function discoverViaRelays(opts: InternetRelaysOptions): Promise<InternetRelaysResult> {
  const pool = new SimplePool();
  const maxRelays = opts.maxRelays ?? 8;
  const timeout = opts.timeout ?? 3000;
  const now = Math.floor(Date.now() / 1000);
  // nostr-tools' types want mutable tags; the events are plain JSON either way.
  const card = peerCardEvent(opts.card, opts.secretKey, now) as unknown as Event;
  const list = relayListEvent(opts.card.relays, opts.secretKey, now) as unknown as Event;
  const known = [...new Set(opts.relays)];
  const asked = new Set<string>();
  const cards = new Map<string, SignedPeerCard>();
  try {
    for (let round = 0; round < 2; round++) {
      const batch = known.filter((r) => !asked.has(r)).slice(0, maxRelays - asked.size);
      if (batch.length === 0) break;
      for (const r of batch) asked.add(r);
      if (round === 0) await Promise.allSettled([...pool.publish(batch, card), ...pool.publish(batch, list)]);
      const events = await pool.querySync(
        batch,
        { kinds: [PEER_CARD_KIND, RELAY_LIST_KIND], limit: 500 },
        { maxWait: timeout },
      );
      for (const ev of events) {
        if (ev.pubkey === card.pubkey) continue;
        const c = readPeerCard(ev);
        if (c && c.id !== opts.card.id && (cards.get(c.pubkey)?.createdAt ?? -1) < c.createdAt) cards.set(c.pubkey, c);
        for (const r of [...(c?.relays ?? []), ...readRelayList(ev)]) if (!known.includes(r)) known.push(r);
      }
    }
  } finally {
    pool.destroy();
  }
  return { peers: [...cards.values()], relays: known };
}
