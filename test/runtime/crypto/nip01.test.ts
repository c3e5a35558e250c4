import { verifyEvent, type Event } from "nostr-tools/pure";
import { describe, expect, it } from "vitest";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { hex, readJson, toHex } from "./vectors.js";

const events = readJson<Event[]>("nip01_events.json");
const crypto = realCrypto();

/** NIP-01: the id is sha256 of the UTF-8 JSON array [0, pubkey, created_at, kind, tags, content]. */
function eventId(e: Event): string {
  const serialized = JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content]);
  return toHex(crypto.sha256(new TextEncoder().encode(serialized)));
}

function ourVerify(e: Event): boolean {
  return eventId(e) === e.id && crypto.verify("schnorr", hex(e.pubkey), hex(e.id), hex(e.sig));
}

describe("NIP-01 events", () => {
  it("has events to check", () => expect(events.length).toBeGreaterThanOrEqual(5));

  it.each(events.map((e, i) => [i, e] as const))("event %i: id is sha256 of the serialization", (_, e) => {
    expect(eventId(e)).toBe(e.id);
  });

  it.each(events.map((e, i) => [i, e] as const))("event %i: our schnorr verify agrees with nostr-tools", (_, e) => {
    // verifyEvent caches its verdict on the object, so give it a fresh copy every time.
    expect(ourVerify(e)).toBe(true);
    expect(verifyEvent({ ...e })).toBe(true);
  });

  it.each(events.map((e, i) => [i, e] as const))("event %i: tampered content or signature fails in both", (_, e) => {
    const edited = { ...e, content: e.content + " " };
    expect(ourVerify(edited)).toBe(false);
    expect(verifyEvent({ ...edited })).toBe(false);
    const flipped = e.sig.slice(0, 126) + (e.sig[126] === "0" ? "1" : "0") + e.sig.slice(127);
    expect(ourVerify({ ...e, sig: flipped })).toBe(false);
    expect(verifyEvent({ ...e, sig: flipped })).toBe(false);
  });
});
