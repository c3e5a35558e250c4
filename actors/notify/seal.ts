import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { fromString, toString } from "uint8arrays";
import { TTL_MS, VERSION } from "./constants.js";
import { notificationHash, type Notification } from "./notification.js";

/**
 * Sealing (wallet side): the payload is encrypted to the recipient's X25519 key with an
 * ephemeral key R (ECIES): key = HKDF-SHA256(x25519(r, recipient), salt R ‖ recipient),
 * AEAD XChaCha20-Poly1305 (@noble/ciphers) with a random 24-byte nonce. Only the
 * recipient can open it; relays see a recipient key, a time and opaque bytes.
 */

/** What a payment notification tells the recipient. */
export interface NotificationBody {
  /** The payment's transaction (block) hash. */
  readonly txHash: string;
  /** Amount in raw units, as a decimal string (Nano amounts exceed 2^53). */
  readonly amountRaw: string;
}

const INFO = utf8ToBytes("meshtwin/notify/seal/1");
const HEADER = 32 + 24;

function sharedKey(secret: Uint8Array, pub: Uint8Array, R: Uint8Array, recipient: Uint8Array): Uint8Array {
  return hkdf(sha256, x25519.getSharedSecret(secret, pub), concatBytes(R, recipient), INFO, 32);
}

/** A recipient key pair from a 32-byte seed (X25519 clamps it). */
export function recipientKeys(seed: Uint8Array): { secretKey: Uint8Array; publicKey: string } {
  return { secretKey: seed, publicKey: bytesToHex(x25519.getPublicKey(seed)) };
}

/** Inputs of {@link seal}; the randomness is passed in so actors and tests stay deterministic. */
export interface SealInput {
  readonly recipient: string;
  readonly body: NotificationBody;
  readonly timestamp: number;
  /** @default 90 days */
  readonly ttl?: number;
  /** 32 bytes for the ephemeral key, 24 for the AEAD nonce. */
  readonly ephemeral: Uint8Array;
  readonly nonce: Uint8Array;
}

/** Seals a notification without work (`work` all zero): {@link withWork} adds it. */
export function seal(i: SealInput): Notification {
  const recipient = hexToBytes(i.recipient);
  const R = x25519.getPublicKey(i.ephemeral);
  const key = sharedKey(i.ephemeral, recipient, R, recipient);
  const plain = utf8ToBytes(JSON.stringify({ txHash: i.body.txHash, amountRaw: i.body.amountRaw }));
  const ct = xchacha20poly1305(key, i.nonce, R).encrypt(plain); // R as associated data
  const payload = toString(concatBytes(R, i.nonce, ct), "base64");
  const base = { version: VERSION, timestamp: i.timestamp, ttl: i.ttl ?? TTL_MS, recipient: i.recipient, payload };
  return { ...base, hash: notificationHash(base), work: "0000000000000000" };
}

/** The notification with work `nonce` (a u64). */
export const withWork = (n: Notification, nonce: bigint): Notification => ({
  ...n,
  work: nonce.toString(16).padStart(16, "0"),
});

/**
 * Opens a notification with the recipient's secret key. Undefined when it is not for this
 * key, or when anything was altered (the AEAD tag fails).
 */
export function open(n: Notification, secretKey: Uint8Array): NotificationBody | undefined {
  try {
    const bytes = fromString(n.payload, "base64");
    if (bytes.length <= HEADER) return undefined;
    const R = bytes.subarray(0, 32);
    const nonce = bytes.subarray(32, HEADER);
    const recipient = hexToBytes(n.recipient);
    const key = sharedKey(secretKey, R, R, recipient);
    const plain = xchacha20poly1305(key, nonce, R).decrypt(bytes.subarray(HEADER));
    const body = JSON.parse(new TextDecoder().decode(plain)) as Record<string, unknown>;
    if (typeof body.txHash !== "string" || typeof body.amountRaw !== "string") return undefined;
    return { txHash: body.txHash, amountRaw: body.amountRaw };
  } catch {
    return undefined; // wrong key, tampered bytes or a bad point: not ours to read
  }
}
