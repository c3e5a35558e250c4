/** Signature schemes the mesh uses: node requests (Ed25519), Nostr (BIP-340 Schnorr), backbone auth (ML-DSA-87). */
export type SignatureScheme = "ed25519" | "schnorr" | "ml-dsa-87";

/** Every scheme, in a fixed order (for tables, benches and exhaustive tests). */
export const signatureSchemes: readonly SignatureScheme[] = ["ed25519", "schnorr", "ml-dsa-87"];

/**
 * Hash functions HashML-DSA may pre-hash with (FIPS 204 §5.4, the names NIST ACVP uses).
 * SHAKE-128 and SHAKE-256 are fixed at 256 and 512 output bits.
 */
export type PreHash =
  | "SHA2-224"
  | "SHA2-256"
  | "SHA2-384"
  | "SHA2-512"
  | "SHA2-512/224"
  | "SHA2-512/256"
  | "SHA3-224"
  | "SHA3-256"
  | "SHA3-384"
  | "SHA3-512"
  | "SHAKE-128"
  | "SHAKE-256";

/**
 * How an ML-DSA-87 signature binds its message (FIPS 204). Other schemes accept only
 * the empty options: passing a context to Ed25519 or Schnorr is a caller bug (RangeError).
 */
export interface SignatureOptions {
  /**
   * FIPS 204 context string, 0–255 bytes: a signature made under one context never verifies
   * under another, so one key can sign for several purposes without cross-protocol replay.
   * Longer: sign throws a RangeError, verify returns false.
   * @default empty
   */
  readonly context?: Uint8Array;
  /** HashML-DSA (§5.4): sign `PH(message)` tagged with the hash's OID. @default pure ML-DSA */
  readonly preHash?: PreHash;
  /**
   * FIPS 204's internal interface (ML-DSA.Sign_internal / Verify_internal): `"message"` takes
   * `message` as M' itself, `"mu"` takes it as the 64-byte μ. Only for conformance tests and
   * callers that format M' themselves; `context` and `preHash` do not apply.
   * @default external interface
   */
  readonly internal?: "message" | "mu";
}

export interface KeyPair {
  readonly scheme: SignatureScheme;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/**
 * All cryptography behind one interface. Production and tests use the real primitives
 * (`runtime/crypto/real.ts`); the simulator may use a modelled crypto with the same
 * semantics (a signature verifies only if the key holder made it) and a modelled CPU
 * cost, because real ML-DSA-87 signing costs milliseconds (`runtime/crypto/modelled.ts`).
 */
export interface Crypto {
  readonly kind: "real" | "modelled";
  /** Deterministic: the same scheme and 32-byte seed always give the same key pair. */
  generateKeyPair(scheme: SignatureScheme, seed: Uint8Array): KeyPair;
  /**
   * Signs `message`. Without `entropy` signing is deterministic (a run stays a function of its
   * seed); pass 32 bytes (e.g. from the node's Rng) for BIP-340 aux randomness or ML-DSA hedging.
   * Ed25519 is deterministic by definition and ignores it. `options` (ML-DSA-87 only) add a
   * context string, pre-hashing or the internal interface; bad options throw a RangeError.
   */
  sign(key: KeyPair, message: Uint8Array, entropy?: Uint8Array, options?: SignatureOptions): Uint8Array;
  /**
   * False for a bad signature, for malformed keys or signatures and for unusable options (a
   * context over 255 bytes): a peer can send those. `options` must match the signer's.
   */
  verify(
    scheme: SignatureScheme,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    options?: SignatureOptions,
  ): boolean;
  sha256(data: Uint8Array): Uint8Array;
  blake2b(data: Uint8Array, outLen: number): Uint8Array;
  /** Nano-style proof-of-work difficulty: LE u64 of blake2b-64(nonce LE 8 B ‖ root 32 B). */
  powDifficulty(nonce: bigint, root: Uint8Array): bigint;
  /**
   * Modelled CPU time in ms of one sign / one verify on the reference machine, which the
   * simulator charges to the node's virtual clock. All zero for real crypto: its cost is real.
   */
  readonly costMs: { readonly sign: Record<SignatureScheme, number>; readonly verify: Record<SignatureScheme, number> };
}
