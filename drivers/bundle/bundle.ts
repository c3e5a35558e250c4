import { gunzipSync, gzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { ml_kem1024 } from "@noble/post-quantum/ml-kem.js";

/**
 * A sneakernet bundle: what a node carries to nodes it cannot reach (messages, peers,
 * its peer card), compressed, encrypted once with a fresh content key (XChaCha20-Poly1305),
 * that key wrapped for each recipient with ML-KEM-1024, and the whole signed with the
 * sender's Ed25519 node key. Only the named recipients can open it; anyone can check who
 * made it and that nothing was changed.
 */
export interface BundleContents {
  /** Gossip items the sender holds (`{id, origin, hops, body}`). */
  readonly messages: readonly { readonly id: string; readonly [field: string]: unknown }[];
  /** Peers the sender knows: id → dialable addresses and when last seen. */
  readonly peers: Readonly<Record<string, { readonly addrs: readonly string[]; readonly seenAt: number }>>;
  /** The sender's own peer card text (`meshtwin:card:…`), when it has one. */
  readonly card?: string;
}

interface Sealed {
  readonly v: 1;
  readonly from: string;
  readonly created: number;
  readonly recipients: readonly { readonly kem: string; readonly key: string; readonly nonce: string }[];
  readonly nonce: string;
  readonly body: string;
  readonly sig: string;
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64"));
const te = new TextEncoder();

/** What the signature covers: every field but the signature, in a fixed order. */
const signed = (s: Omit<Sealed, "sig">): Uint8Array =>
  te.encode(JSON.stringify([s.v, s.from, s.created, s.recipients, s.nonce, s.body]));

/** Why a bundle was refused. */
export class BundleError extends Error {
  override readonly name = "BundleError";
}

/** A node's ML-KEM-1024 key pair for bundles (from a 64-byte seed kept in its data dir). */
export const bundleKeys = (seed: Uint8Array) => ml_kem1024.keygen(seed);

/** Seals `contents` from the node `from` (signing with `key`) for the recipients' ML-KEM public keys. */
export async function sealBundle(
  contents: BundleContents,
  from: { id: string; key: PrivateKey },
  recipients: readonly Uint8Array[],
  created: number,
): Promise<Uint8Array> {
  if (recipients.length === 0) throw new BundleError("a bundle needs at least one recipient key");
  const contentKey = randomBytes(32);
  const nonce = randomBytes(24);
  const body = xchacha20poly1305(contentKey, nonce).encrypt(gzipSync(JSON.stringify(contents)));
  const wrapped = recipients.map((pk) => {
    if (pk.length !== ml_kem1024.lengths.publicKey)
      throw new BundleError(
        `a recipient key must be an ML-KEM-1024 public key (${ml_kem1024.lengths.publicKey} bytes)`,
      );
    const { cipherText, sharedSecret } = ml_kem1024.encapsulate(pk);
    const n = randomBytes(24);
    return { kem: b64(cipherText), key: b64(xchacha20poly1305(sharedSecret, n).encrypt(contentKey)), nonce: b64(n) };
  });
  const unsigned = { v: 1 as const, from: from.id, created, recipients: wrapped, nonce: b64(nonce), body: b64(body) };
  const sig = b64(await from.key.sign(signed(unsigned)));
  return gzipSync(JSON.stringify({ ...unsigned, sig }));
}

/**
 * Opens a bundle with this node's ML-KEM secret key: checks the sender's signature, finds
 * the copy of the content key meant for us, decrypts. Throws a {@link BundleError} naming
 * the check that failed (damaged, forged or altered, not addressed to this node).
 */
export async function openBundle(
  bytes: Uint8Array,
  secretKey: Uint8Array,
): Promise<{ from: string; created: number; contents: BundleContents }> {
  let s: Sealed;
  try {
    s = JSON.parse(gunzipSync(bytes).toString("utf8")) as Sealed;
  } catch {
    throw new BundleError("not a meshtwin bundle (damaged, or another kind of file)");
  }
  if (s.v !== 1 || typeof s.from !== "string" || !Array.isArray(s.recipients) || typeof s.sig !== "string")
    throw new BundleError("not a meshtwin bundle (fields missing)");
  let publicKey;
  try {
    publicKey = peerIdFromString(s.from).publicKey;
  } catch {
    throw new BundleError(`the sender '${s.from}' is not a valid peer id`);
  }
  if (!publicKey || !(await publicKey.verify(signed(s), unb64(s.sig))))
    throw new BundleError("the bundle's signature does not match its sender (forged or altered)");
  for (const r of s.recipients) {
    try {
      const shared = ml_kem1024.decapsulate(unb64(r.kem), secretKey);
      const contentKey = xchacha20poly1305(shared, unb64(r.nonce)).decrypt(unb64(r.key));
      const plain = xchacha20poly1305(contentKey, unb64(s.nonce)).decrypt(unb64(s.body));
      return { from: s.from, created: s.created, contents: JSON.parse(gunzipSync(plain).toString("utf8")) };
    } catch {
      // Not our copy of the key (ML-KEM decapsulates anything; the AEAD tells): try the next.
    }
  }
  throw new BundleError("the bundle is not addressed to this node (no recipient key matches)");
}
