import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { describe, expect, it } from "vitest";
import { cardUri, openCard, signCard, type PeerCard } from "../../../drivers/card/peer-card.js";

const DAY = 86_400_000;

async function given(expiresIn = DAY) {
  const key = await generateKeyPair("Ed25519");
  const id = peerIdFromPrivateKey(key).toString();
  const card = await signCard(key, {
    id,
    addrs: ["/ip4/127.0.0.1/tcp/4001"],
    caps: ["discovery", "gossip"],
    issued: 1_000_000,
    expires: 1_000_000 + expiresIn,
  });
  return { key, id, card };
}

/** The card's text with one field changed (the signature left as it was). */
const altered = (card: PeerCard, change: Partial<PeerCard>) => cardUri({ ...card, ...change });

describe("peer cards", () => {
  it("round trip: the text form opens to the same card", async () => {
    const { card } = await given();
    expect(await openCard(cardUri(card), 1_000_001)).toEqual(card);
  });

  it("an altered address, capability or expiry breaks the signature", async () => {
    const { card } = await given();
    for (const change of [{ addrs: ["/ip4/10.9.9.9/tcp/1"] }, { caps: ["relay"] }, { expires: card.expires + DAY }])
      await expect(openCard(altered(card, change), 1_000_001)).rejects.toThrow(/signature does not match/);
  });

  it("a card signed by another key under this peer id is refused", async () => {
    const { card } = await given();
    const other = await given();
    await expect(openCard(altered(card, { sig: other.card.sig }), 1_000_001)).rejects.toThrow(/signature/);
    await expect(openCard(altered(other.card, { id: card.id }), 1_000_001)).rejects.toThrow(/signature/);
  });

  it("an expired card is refused; one valid until later is accepted", async () => {
    const { card } = await given(DAY);
    await expect(openCard(cardUri(card), card.expires)).rejects.toThrow(/expired/);
    expect((await openCard(cardUri(card), card.expires - 1)).id).toBe(card.id);
  });

  it("garbage is refused with what is wrong, never a crash", async () => {
    await expect(openCard("hello", 0)).rejects.toThrow(/not a meshtwin peer card/);
    await expect(openCard("meshtwin:card:%%%", 0)).rejects.toThrow(/damaged|lacks/);
    await expect(openCard("meshtwin:card:" + Buffer.from('{"v":1}').toString("base64url"), 0)).rejects.toThrow(
      /lacks a field/,
    );
  });
});
