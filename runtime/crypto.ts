/** Signature schemes the mesh uses: node requests (Ed25519), Nostr (BIP-340 Schnorr), backbone auth (ML-DSA-87). */
export type SignatureScheme = "ed25519" | "schnorr" | "ml-dsa-87";

/** Every scheme, in a fixed order (for tables, benches and exhaustive tests). */
export const signatureSchemes: readonly SignatureScheme[] = ["ed25519", "schnorr", "ml-dsa-87"];

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
   * Ed25519 is deterministic by definition and ignores it.
   */
  sign(key: KeyPair, message: Uint8Array, entropy?: Uint8Array): Uint8Array;
  /** False for a bad signature and for malformed keys or signatures: a peer can send those. */
  verify(scheme: SignatureScheme, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
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
