import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import type { Crypto, KeyPair } from "../../runtime/crypto.js";
import { modelledCrypto } from "../../runtime/crypto/modelled.js";
import { realCrypto } from "../../runtime/crypto/real.js";

/**
 * The signed strings of the registry API, byte for byte as the seed's clients sign them,
 * and the keys that sign them. Keys and signatures travel as lowercase hex.
 */

/** `real`: Ed25519 as in production; `modelled`: the simulator's cheap stand-in with the same semantics. */
export type SignatureKind = "ed25519" | "modelled";

const encoder = new TextEncoder();
const real = realCrypto();
// Compact sizes: a modelled key is 32 bytes like an Ed25519 one, so the same validation applies.
const modelled = modelledCrypto({ sizes: "compact" });
const cryptoOf = (kind: SignatureKind): Crypto => (kind === "ed25519" ? real : modelled);

/** What a registration signs: `JSON.stringify({nodeId, publicKey, tailscaleHostname})` in that key order. */
export const registerMessage = (nodeId: string, publicKey: string, tailscaleHostname: string): string =>
  JSON.stringify({ nodeId, publicKey, tailscaleHostname });
/** What a heartbeat signs; `timestamp` in ms since the epoch. */
export const heartbeatMessage = (nodeId: string, timestamp: number): string => `heartbeat:${nodeId}:${timestamp}`;
/** What a sovereign signs to approve or deny a node. */
export const decisionMessage = (decision: "approve" | "deny", nodeId: string): string => `${decision}:${nodeId}`;
/** What an existing sovereign signs to add another sovereign key. */
export const sovereignAddMessage = (publicKey: string): string => `sovereign-add:${publicKey}`;

/** Lowercase hex of exactly `bytes` bytes. */
export const isHex = (value: unknown, bytes: number): value is string =>
  typeof value === "string" && value.length === bytes * 2 && /^[0-9a-f]*$/.test(value);

/** True when `signature` (hex) is `publicKey`'s (hex) signature of `message`; false for anything malformed. */
export function verifyHex(kind: SignatureKind, publicKey: string, message: string, signature: string): boolean {
  if (!isHex(publicKey, 32) || !isHex(signature, kind === "ed25519" ? 64 : 32)) return false;
  return cryptoOf(kind).verify("ed25519", hexToBytes(publicKey), encoder.encode(message), hexToBytes(signature));
}

/** A key that signs registry messages. */
export interface Signer {
  /** Lowercase hex public key. */
  readonly publicKey: string;
  /** Lowercase hex signature of `message`. */
  sign(message: string): string;
}

/** A signer from a 32-byte seed (for Ed25519, the RFC 8032 secret key itself). */
export function signerFromSeed(kind: SignatureKind, seed: Uint8Array): Signer {
  const crypto = cryptoOf(kind);
  const key: KeyPair = crypto.generateKeyPair("ed25519", seed);
  return {
    publicKey: bytesToHex(key.publicKey),
    sign: (message) => bytesToHex(crypto.sign(key, encoder.encode(message))),
  };
}

/** A deterministic signer for a simulated node: its seed is the sha256 of a label (the node id). */
export function signerForLabel(kind: SignatureKind, label: string): Signer {
  return signerFromSeed(kind, real.sha256(encoder.encode(`meshtwin/registry-key/${label}`)));
}
