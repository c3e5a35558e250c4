import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { getPublicKey } from "nostr-tools/pure";
import { describe, expect, it } from "vitest";
import { seal } from "../../../drivers/nostr/seal.js";
import { readJson } from "../../runtime/crypto/vectors.js";

const v2 = readJson<{ v2: { valid: Record<string, unknown>; invalid: Record<string, unknown> } }>(
  "nip44.vectors.canonical.json",
).v2;
type Row = Record<string, string>;
const valid = v2.valid as {
  get_conversation_key: Row[];
  encrypt_decrypt: Row[];
  calc_padded_len: [number, number][];
  encrypt_decrypt_long_msg: (Row & { repeat: number })[];
};
const invalid = v2.invalid as { get_conversation_key: Row[]; decrypt: Row[] };

describe("NIP-44 v2 vectors through the transport's seal", () => {
  it.each(valid.get_conversation_key.map((r) => [r.pub2!.slice(0, 8), r] as const))("conversation key %s", (_, r) => {
    expect(bytesToHex(seal.conversationKey(r.sec1!, r.pub2!))).toBe(r.conversation_key);
  });

  it.each(valid.encrypt_decrypt.map((r) => [r.plaintext!.slice(0, 12), r] as const))(
    "encrypt with the given nonce gives the payload, and it decrypts back: %s",
    (_, r) => {
      const key = seal.conversationKey(r.sec1!, pub(r.sec2!));
      expect(bytesToHex(key)).toBe(r.conversation_key);
      expect(seal.encrypt(r.plaintext!, key, hexToBytes(r.nonce!))).toBe(r.payload);
      expect(seal.decrypt(r.payload!, key)).toBe(r.plaintext);
    },
  );

  it("long messages", () => {
    for (const r of valid.encrypt_decrypt_long_msg) {
      const plaintext = r.pattern!.repeat(r.repeat);
      expect(bytesToHex(sha256(new TextEncoder().encode(plaintext)))).toBe(r.plaintext_sha256);
      const payload = seal.encrypt(plaintext, hexToBytes(r.conversation_key!), hexToBytes(r.nonce!));
      expect(bytesToHex(sha256(new TextEncoder().encode(payload)))).toBe(r.payload_sha256);
    }
  });

  it("padded lengths", () => {
    for (const [len, padded] of valid.calc_padded_len) expect(seal.paddedLength(len)).toBe(padded);
  });

  it.each(invalid.get_conversation_key.map((r) => [r.note!, r] as const))("refuses a conversation key: %s", (_, r) => {
    expect(() => seal.conversationKey(r.sec1!, r.pub2!)).toThrow();
  });

  it.each(invalid.decrypt.map((r) => [r.note!, r] as const))("refuses to decrypt: %s", (_, r) => {
    expect(() => seal.decrypt(r.payload!, hexToBytes(r.conversation_key!))).toThrow();
  });
});

/** The x-only public key (hex) of a secret key (hex). */
function pub(secHex: string): string {
  return getPublicKey(hexToBytes(secHex));
}
