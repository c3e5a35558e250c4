import { blake2b } from "@noble/hashes/blake2.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { Crypto, KeyPair, SignatureOptions, SignatureScheme } from "../crypto.js";
import { checkOptions, isPlain } from "./ml-dsa.js";
import { powDifficulty } from "./pow.js";

/**
 * CPU ms per operation of the real primitives in `real.ts`, measured with
 * `npx tsx bench/crypto.ts` on the reference machine (Node 20.20, 2 cores; 256-byte messages;
 * stable to ~5% across runs). The simulator charges these to a node's virtual time.
 * ML-DSA-87 signing varies per message (rejection sampling); its figure is the mean. ML-DSA-87
 * re-measured with noble/post-quantum 0.7 (`npm run bench -- crypto` and `-- auth`, with and
 * without a context string, which costs nothing measurable): sign 8.6 ms, verify 2.7 ms
 * (was 14 and 4.0); noble's own figures on an Apple M2 are 26 ms and 4.4 ms.
 */
export const DEFAULT_COST_MS: {
  readonly sign: Readonly<Record<SignatureScheme, number>>;
  readonly verify: Readonly<Record<SignatureScheme, number>>;
} = Object.freeze({
  sign: Object.freeze({ ed25519: 0.8, schnorr: 2.9, "ml-dsa-87": 8.6 }),
  verify: Object.freeze({ ed25519: 1.6, schnorr: 1.8, "ml-dsa-87": 2.7 }),
});

/** Wire sizes of the real schemes (public key, signature), so bandwidth and airtime models see real byte counts. */
export const REAL_SIZES: Readonly<Record<SignatureScheme, { readonly publicKey: number; readonly signature: number }>> =
  Object.freeze({
    ed25519: { publicKey: 32, signature: 64 },
    schnorr: { publicKey: 32, signature: 64 },
    "ml-dsa-87": { publicKey: 2592, signature: 4627 },
  });

/** Configuration of {@link modelledCrypto}. */
export interface ModelledCryptoInit {
  /**
   * The world's MAC key. Signatures are HMACs under it, so only code holding the same
   * Crypto instance (or the same secret) can produce them; keep one per simulated world.
   * @default "meshtwin/modelled-crypto/v1"
   */
  readonly secret?: string | Uint8Array;
  /**
   * "real" pads public keys and signatures with zeros to the real schemes' lengths;
   * "compact" keeps them at 32 bytes, to save memory when sizes do not matter.
   * @default "real"
   */
  readonly sizes?: "real" | "compact";
  /** Per-scheme overrides of the modelled CPU cost in ms. @default DEFAULT_COST_MS */
  readonly costMs?: {
    readonly sign?: Partial<Record<SignatureScheme, number>>;
    readonly verify?: Partial<Record<SignatureScheme, number>>;
  };
}

const ID_LEN = 32;
const SCHEME_TAG: Record<SignatureScheme, number> = { ed25519: 1, schnorr: 2, "ml-dsa-87": 3 };
const encoder = new TextEncoder();

function withTag(tag: string, scheme: SignatureScheme, data: Uint8Array, extra?: Uint8Array): Uint8Array {
  const label = encoder.encode(tag);
  const out = new Uint8Array(label.length + 1 + data.length + (extra?.length ?? 0));
  out.set(label, 0);
  out[label.length] = SCHEME_TAG[scheme];
  out.set(data, label.length + 1);
  if (extra) out.set(extra, label.length + 1 + data.length);
  return out;
}

/**
 * The options as bytes bound into a modelled signature, so that (like real ML-DSA) a
 * signature made under one context or pre-hash does not verify under another. Throws a
 * RangeError for options the real crypto refuses.
 */
function optionBytes(scheme: SignatureScheme, options: SignatureOptions | undefined): Uint8Array {
  if (isPlain(options)) return new Uint8Array(0); // plain = pure with an empty context, as in FIPS 204
  if (scheme !== "ml-dsa-87")
    throw new RangeError(`${scheme} signatures take no context, pre-hash or internal options`);
  checkOptions(options!);
  const head = encoder.encode(`${options!.internal ?? ""}|${options!.preHash ?? ""}|`);
  const ctx = options!.context ?? new Uint8Array(0);
  const out = new Uint8Array(1 + head.length + ctx.length);
  out[0] = 1;
  out.set(head, 1);
  out.set(ctx, 1 + head.length);
  return out;
}

/** `bytes` must be exactly `length` long with only zeros after the first ID_LEN bytes. */
function wellFormed(bytes: Uint8Array, length: number): boolean {
  if (bytes.length !== length) return false;
  for (let i = ID_LEN; i < length; i++) if (bytes[i] !== 0) return false;
  return true;
}

function padded(id: Uint8Array, length: number): Uint8Array {
  if (length === ID_LEN) return id;
  const out = new Uint8Array(length);
  out.set(id);
  return out;
}

/**
 * Cheap crypto with the real semantics, for simulations with thousands of nodes.
 *
 * - A secret key is sha256(seed) under a scheme tag; the public key's 32-byte identity
 *   is sha256 of the secret key (one-way: the public key does not reveal the secret).
 * - A signature's first 32 bytes are HMAC-SHA256(world secret, scheme ‖ identity ‖ message),
 *   where the identity is recomputed from the signer's secret key. Verifying recomputes
 *   the HMAC for the claimed public key. Forging therefore needs either the key holder's
 *   secret (a sha256 preimage) or the world secret, which never leaves this closure;
 *   signing with another node's public key and one's own secret yields a signature that
 *   is bound to one's own key and fails for the other.
 * - Everything is deterministic; `entropy` is ignored. Hashes and PoW are the real ones.
 *
 * Instances with the same secret agree with each other. Signatures do not verify under a
 * different secret or with the real crypto, and vice versa, so a simulation gives all of its
 * nodes the same kind of Crypto.
 */
export function modelledCrypto(init: ModelledCryptoInit = {}): Crypto {
  const secret = init.secret ?? "meshtwin/modelled-crypto/v1";
  const macKey = sha256(typeof secret === "string" ? encoder.encode(secret) : secret);
  const sizes = init.sizes ?? "real";
  const lengths = (scheme: SignatureScheme) =>
    sizes === "real" ? REAL_SIZES[scheme] : { publicKey: ID_LEN, signature: ID_LEN };
  const identity = (scheme: SignatureScheme, secretKey: Uint8Array) => sha256(withTag("pk", scheme, secretKey));
  const tag = (scheme: SignatureScheme, id: Uint8Array, message: Uint8Array, options: Uint8Array) =>
    hmac
      .create(sha256, macKey)
      .update(Uint8Array.of(options.length >>> 8, options.length & 0xff)) // length first: no message/option ambiguity
      .update(options)
      .update(withTag("sig", scheme, id, message))
      .digest();

  const costMs = {
    sign: Object.freeze({ ...DEFAULT_COST_MS.sign, ...init.costMs?.sign }),
    verify: Object.freeze({ ...DEFAULT_COST_MS.verify, ...init.costMs?.verify }),
  };
  for (const [op, table] of Object.entries(costMs))
    for (const [scheme, ms] of Object.entries(table))
      if (!(ms >= 0)) throw new RangeError(`costMs.${op}.${scheme} must be a number ≥ 0, got ${ms}`);

  return {
    kind: "modelled",
    generateKeyPair(scheme: SignatureScheme, seed: Uint8Array): KeyPair {
      if (seed.length !== 32) throw new RangeError(`key seed must be 32 bytes, got ${seed.length}`);
      const secretKey = sha256(withTag("sk", scheme, seed));
      return { scheme, secretKey, publicKey: padded(identity(scheme, secretKey), lengths(scheme).publicKey) };
    },
    sign(key: KeyPair, message: Uint8Array, entropy?: Uint8Array, options?: SignatureOptions): Uint8Array {
      if (entropy !== undefined && entropy.length !== 32)
        throw new RangeError(`signing entropy must be 32 bytes, got ${entropy.length}`);
      const bound = optionBytes(key.scheme, options);
      const id = identity(key.scheme, key.secretKey);
      return padded(tag(key.scheme, id, message, bound), lengths(key.scheme).signature);
    },
    verify(
      scheme: SignatureScheme,
      publicKey: Uint8Array,
      message: Uint8Array,
      signature: Uint8Array,
      options?: SignatureOptions,
    ): boolean {
      const size = lengths(scheme);
      if (!wellFormed(publicKey, size.publicKey) || !wellFormed(signature, size.signature)) return false;
      let bound: Uint8Array;
      try {
        bound = optionBytes(scheme, options);
      } catch {
        return false; // a peer's over-long context is a bad signature, not a crash
      }
      const expected = tag(scheme, publicKey.subarray(0, ID_LEN), message, bound);
      let diff = 0;
      for (let i = 0; i < ID_LEN; i++) diff |= expected[i]! ^ signature[i]!;
      return diff === 0;
    },
    sha256: (data) => sha256(data),
    blake2b: (data, outLen) => blake2b(data, { dkLen: outLen }),
    powDifficulty,
    costMs,
  };
}
