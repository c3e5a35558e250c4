import { hexToBytes } from "@noble/hashes/utils.js";
import { nip44 } from "nostr-tools";

/**
 * NIP-44 v2 as the Nostr transport uses it, through nostr-tools: a conversation key per
 * peer pair (ECDH + HKDF), then ChaCha20 + HMAC-SHA256 with padding per frame.
 */
export const seal = {
  /** The shared key of our secret key and a peer's x-only public key (hex). Throws on an invalid key. */
  conversationKey(secretKey: Uint8Array | string, peerPubkey: string): Uint8Array {
    const sk = typeof secretKey === "string" ? hexToBytes(secretKey) : secretKey;
    return nip44.v2.utils.getConversationKey(sk, peerPubkey);
  },
  /** Encrypts; `nonce` (32 bytes) only for test vectors — normally random. */
  encrypt(plaintext: string, conversationKey: Uint8Array, nonce?: Uint8Array): string {
    return nip44.v2.encrypt(plaintext, conversationKey, nonce);
  },
  /** Decrypts and authenticates; throws on a bad MAC, padding, version or length. */
  decrypt(payload: string, conversationKey: Uint8Array): string {
    return nip44.v2.decrypt(payload, conversationKey);
  },
  /** Padded plaintext length (NIP-44's power-of-two chunks). */
  paddedLength(len: number): number {
    return nip44.v2.utils.calcPaddedLen(len);
  },
};
