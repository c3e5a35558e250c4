import type { Crypto, KeyPair } from "../../runtime/crypto.js";
import type { NodeId } from "../../runtime/driver.js";
import type { Rng } from "../../runtime/rng.js";
import { peerIdOf } from "./peer-id.js";

const enc = new TextEncoder();

/** A node's keys: the ML-DSA-87 identity, its PeerID, and (backbone) the Ed25519 key that signs tokens. */
export interface Identity {
  readonly mldsa: KeyPair;
  readonly peerId: string;
  readonly token: KeyPair;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The token key's seed: a one-way function of the identity seed, so one key file holds both. */
export function tokenSeed(crypto: Crypto, seed: Uint8Array): Uint8Array {
  return crypto.sha256(concat(enc.encode("meshtwin/auth/token-key/v1"), seed));
}

/** The simulator's key seed for `id`: anyone with the salt can derive a roster's token keys. */
export function saltedSeed(crypto: Crypto, salt: string, id: NodeId): Uint8Array {
  return crypto.sha256(enc.encode(`meshtwin/auth/sim-key/v1/${salt}/${id}`));
}

/** 32 bytes from a seeded stream. */
export function rngBytes(rng: Rng, n = 32): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) new DataView(out.buffer).setUint32(i, rng.u32());
  return out;
}

/** A node's keys from its 32-byte seed: the ML-DSA-87 identity, its PeerID and the Ed25519 token key. */
export function identityFrom(crypto: Crypto, seed: Uint8Array): Identity {
  const mldsa = crypto.generateKeyPair("ml-dsa-87", seed);
  return { mldsa, peerId: peerIdOf(crypto, mldsa.publicKey), token: tokenKeyFrom(crypto, seed) };
}

/** Only the Ed25519 token key of a seed (what a roster needs of the other backbone nodes). */
export function tokenKeyFrom(crypto: Crypto, seed: Uint8Array): KeyPair {
  return crypto.generateKeyPair("ed25519", tokenSeed(crypto, seed));
}

/**
 * The FIPS 204 context of a challenge signature: the protocol and the purpose, so a
 * signature made for one purpose never verifies for another.
 */
export function challengeContext(purpose: string): Uint8Array {
  const ctx = enc.encode(`meshtwin/auth/1.0.0:${purpose}`);
  if (ctx.length > 255) throw new RangeError(`auth purpose too long for an ML-DSA context: ${purpose.length} bytes`);
  return ctx;
}

/**
 * What a light node signs: the challenge, the backbone node's id and its own, each
 * length-prefixed. Bound to the backbone's id, a signature given to one backbone node is
 * useless at another (and a relayed challenge names the wrong node).
 */
export function challengeStatement(nonce: Uint8Array, backbone: NodeId, self: NodeId): Uint8Array {
  const field = (b: Uint8Array) => concat(Uint8Array.of(b.length >>> 8, b.length & 0xff), b);
  return concat(
    enc.encode("meshtwin-auth-challenge"),
    field(nonce),
    field(enc.encode(backbone)),
    field(enc.encode(self)),
  );
}
