import { peerIdFromString } from "@libp2p/peer-id";
import type { PrivateKey } from "@libp2p/interface";

/**
 * A signed peer card (the mesh-net design's QR codes exchanged by hand): who a node is,
 * where to reach it, what it offers, and until when. Signed with the node's own Ed25519
 * key, so the peer id on the card proves the signature: no key travels separately.
 */
export interface PeerCard {
  readonly v: 1;
  /** libp2p peer id (Ed25519: the public key is inside it). */
  readonly id: string;
  /** Multiaddrs to dial, without the `/p2p/` suffix. */
  readonly addrs: readonly string[];
  /** What the node offers: the protocols it runs (`gossip`, `kademlia`, `relay`, …). */
  readonly caps: readonly string[];
  /** ms since the epoch. */
  readonly issued: number;
  readonly expires: number;
  /** base64url Ed25519 signature over {@link signedBytes}. */
  readonly sig: string;
}

const PREFIX = "meshtwin:card:";

/** The bytes a card's signature covers: its fields in a fixed order, as JSON. */
function signedBytes(c: Omit<PeerCard, "sig">): Uint8Array {
  const { v, id, addrs, caps, issued, expires } = c;
  return new TextEncoder().encode(JSON.stringify({ v, id, addrs, caps, issued, expires }));
}

/** Signs a card for the node whose key is `key`. */
export async function signCard(
  key: PrivateKey,
  fields: { id: string; addrs: readonly string[]; caps: readonly string[]; issued: number; expires: number },
): Promise<PeerCard> {
  const unsigned = { v: 1 as const, ...fields };
  const sig = Buffer.from(await key.sign(signedBytes(unsigned))).toString("base64url");
  return { ...unsigned, sig };
}

/** The card's text form, the string a QR code carries: `meshtwin:card:<base64url JSON>`. */
export const cardUri = (c: PeerCard): string => PREFIX + Buffer.from(JSON.stringify(c)).toString("base64url");

/** Why a card was refused. */
export class CardError extends Error {
  override readonly name = "CardError";
}

const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");

/**
 * Reads and verifies a card's text form: well-formed, signed by the key inside its peer
 * id, not expired at `now`. Throws a {@link CardError} saying which check failed.
 */
export async function openCard(uri: string, now: number): Promise<PeerCard> {
  const text = uri.trim();
  if (!text.startsWith(PREFIX)) throw new CardError(`not a meshtwin peer card (expected text starting ${PREFIX})`);
  let c: Partial<PeerCard>;
  try {
    c = JSON.parse(Buffer.from(text.slice(PREFIX.length), "base64url").toString("utf8")) as Partial<PeerCard>;
  } catch {
    throw new CardError("the card's text is damaged (not base64url JSON)");
  }
  if (
    c.v !== 1 ||
    typeof c.id !== "string" ||
    !isStrings(c.addrs) ||
    !isStrings(c.caps) ||
    typeof c.issued !== "number" ||
    typeof c.expires !== "number" ||
    typeof c.sig !== "string"
  )
    throw new CardError(
      "the card lacks a field or has one of the wrong type (v, id, addrs, caps, issued, expires, sig)",
    );
  const card = c as PeerCard;
  let publicKey;
  try {
    publicKey = peerIdFromString(card.id).publicKey;
  } catch {
    throw new CardError(`the card's peer id '${card.id}' is not a valid peer id`);
  }
  if (!publicKey || publicKey.type !== "Ed25519") throw new CardError("the card's peer id carries no Ed25519 key");
  const ok = await publicKey.verify(signedBytes(card), Buffer.from(card.sig, "base64url"));
  if (!ok) throw new CardError("the card's signature does not match its peer id (forged or altered)");
  if (card.expires <= now) throw new CardError(`the card expired at ${new Date(card.expires).toISOString()}`);
  if (card.issued > now + 5 * 60_000) throw new CardError("the card was issued in the future (check the clock)");
  return card;
}
