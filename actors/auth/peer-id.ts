import type { Crypto } from "../../runtime/crypto.js";

/** Bytes of a PeerID: the first 20 of sha256 of the ML-DSA-87 public key (160 bits, as an Ethereum address). */
export const PEER_ID_BYTES = 20;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/**
 * A node's PeerID in the authenticated backbone: the first 20 bytes of sha256 of its
 * 2,592-byte ML-DSA-87 public key, as 40 lowercase hex characters. Short enough for every
 * token and log line, and bound to the key: claiming another node's PeerID needs a key
 * whose hash collides with it in 160 bits.
 */
export function peerIdOf(crypto: Crypto, publicKey: Uint8Array): string {
  return hex(crypto.sha256(publicKey).subarray(0, PEER_ID_BYTES));
}
