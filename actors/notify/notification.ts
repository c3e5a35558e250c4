import { blake2b } from "@noble/hashes/blake2.js";
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { base32 } from "multiformats/bases/base32";
import { fromString } from "uint8arrays";
import type { Crypto, KeyPair } from "../../runtime/crypto.js";
import { realCrypto } from "../../runtime/crypto/real.js";
import { HASH_DOMAIN, MAX_PAYLOAD, SIGN_DOMAIN, VERSION } from "./constants.js";
import { workDifficulty } from "./work.js";

/**
 * A sealed notification as it travels and is stored (the seed's structure). `payload` is
 * base64 of `R (32 B) ‖ nonce (24 B) ‖ ciphertext`, readable only by the recipient;
 * `work` is the Nano-style nonce for the root `hash`, 16 hex digits big-endian as Nano
 * writes it; `signer`/`signature` are the Ed25519 key and signature of the relay that
 * first stored it (absent until a relay accepts it).
 */
export interface Notification {
  readonly version: number;
  /** blake2b-256 of the fields below, hex. */
  readonly hash: string;
  /** Sender's clock, ms since the epoch. */
  readonly timestamp: number;
  /** Lifetime in ms from `timestamp`. */
  readonly ttl: number;
  /** The recipient's X25519 public key, hex. */
  readonly recipient: string;
  readonly payload: string;
  readonly work: string;
  readonly signer?: string;
  readonly signature?: string;
}

/** Why a notification was refused (a short word a peer and a log can carry). */
export type Refusal =
  | "malformed"
  | "bad-hash"
  | "expired"
  | "bad-time"
  | "low-work"
  | "bad-signature"
  | "duplicate"
  | "stale"
  | "rate-limited";

const u64le = (n: number): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
};

/**
 * The notification's hash: blake2b-256 over a domain tag, the version, recipient,
 * timestamp, ttl and payload (whose header carries the AEAD nonce). Binding recipient and
 * ttl means work done for one notification cannot be re-aimed or made to live longer.
 */
export function notificationHash(n: Omit<Notification, "hash" | "work" | "signer" | "signature">): string {
  const bytes = concatBytes(
    utf8ToBytes(HASH_DOMAIN),
    Uint8Array.of(n.version),
    hexToBytes(n.recipient),
    u64le(n.timestamp),
    u64le(n.ttl),
    fromString(n.payload, "base64"),
  );
  return bytesToHex(blake2b(bytes, { dkLen: 32 }));
}

/** The address a notification is known by: `nr_` + base32 (RFC 4648, lower case) of its hash. */
export const address = (hash: string): string => `nr_${base32.baseEncode(hexToBytes(hash))}`;

/** The message a storing relay signs: a domain tag and the hash. */
export const signedBytes = (hash: string): Uint8Array => concatBytes(utf8ToBytes(SIGN_DOMAIN), hexToBytes(hash));

/** The u64 work nonce of a notification. */
export const workNonce = (n: Pick<Notification, "work">): bigint => BigInt(`0x${n.work}`);

/** The difficulty the notification's work reaches. */
export const difficultyOf = (n: Pick<Notification, "work" | "hash">): bigint =>
  workDifficulty(workNonce(n), hexToBytes(n.hash));

const HEX64 = /^[0-9a-f]{64}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const HEX128 = /^[0-9a-f]{128}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const isInt = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;

/**
 * Checks the shape of a notification that came from outside (a peer, an HTTP body): every
 * field of the right type and size, nothing else. Returns a clean copy, or undefined.
 */
export function parseNotification(x: unknown): Notification | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const o = x as Record<string, unknown>;
  if (o.version !== VERSION || !isInt(o.timestamp) || !isInt(o.ttl) || o.ttl === 0) return undefined;
  for (const [f, re] of [
    ["hash", HEX64],
    ["recipient", HEX64],
    ["work", HEX16],
  ] as const)
    if (typeof o[f] !== "string" || !re.test(o[f])) return undefined;
  if (typeof o.payload !== "string" || !BASE64.test(o.payload) || o.payload.length > (MAX_PAYLOAD * 4) / 3 + 4)
    return undefined;
  if (fromString(o.payload, "base64").length < 56 + 16) return undefined; // R, nonce and a tag at least
  const signed = o.signer !== undefined || o.signature !== undefined;
  if (signed && !(typeof o.signer === "string" && HEX64.test(o.signer))) return undefined;
  if (signed && !(typeof o.signature === "string" && HEX128.test(o.signature))) return undefined;
  const n: Notification = {
    version: VERSION,
    hash: o.hash as string,
    timestamp: o.timestamp,
    ttl: o.ttl,
    recipient: o.recipient as string,
    payload: o.payload,
    work: o.work as string,
  };
  return signed ? { ...n, signer: o.signer as string, signature: o.signature as string } : n;
}

/** What {@link checkNotification} requires. */
export interface CheckOptions {
  readonly now: number;
  /** Work must reach this threshold. */
  readonly threshold: bigint;
  readonly maxTtl: number;
  readonly maxSkew: number;
  /** Require a valid storing relay's signature. */
  readonly signed: boolean;
  /** Checks the signature (the simulator may pass its modelled crypto). @default real */
  readonly crypto?: Crypto;
}

/**
 * Every check on a notification's content, cheapest first: hash, time, work, signature.
 * Returns why it fails, or undefined when it is valid.
 */
export function checkNotification(n: Notification, o: CheckOptions): Refusal | undefined {
  if (notificationHash(n) !== n.hash) return "bad-hash";
  if (n.ttl > o.maxTtl || n.timestamp > o.now + o.maxSkew) return "bad-time";
  if (n.timestamp + n.ttl <= o.now) return "expired";
  if (difficultyOf(n) < o.threshold) return "low-work";
  if (o.signed && !verifySignature(n, o.crypto)) return "bad-signature";
  return undefined;
}

const REAL = realCrypto();

/** True when the notification carries a valid Ed25519 signature of its hash by `signer`. */
export function verifySignature(n: Notification, crypto: Crypto = REAL): boolean {
  if (!n.signer || !n.signature) return false;
  return crypto.verify("ed25519", hexToBytes(n.signer), signedBytes(n.hash), hexToBytes(n.signature));
}

/** The notification signed by a relay with Ed25519 key pair `key`. */
export function signNotification(n: Notification, key: KeyPair, crypto: Crypto = REAL): Notification {
  return { ...n, signer: bytesToHex(key.publicKey), signature: bytesToHex(crypto.sign(key, signedBytes(n.hash))) };
}

/** Wire size of a notification as stored (its JSON), for reports and the benchmark. */
export const storedBytes = (n: Notification): number => JSON.stringify(n).length;
