/** Signature schemes the mesh uses: node requests (Ed25519), Nostr (BIP-340 Schnorr), backbone auth (ML-DSA-87). */
export type SignatureScheme = "ed25519" | "schnorr" | "ml-dsa-87";

export interface KeyPair {
  readonly scheme: SignatureScheme;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/**
 * All cryptography behind one interface. Production and tests use the real primitives
 * (`runtime/crypto/real.ts`); the simulator may use a modelled crypto with the same
 * semantics (a signature verifies only if the key holder made it) and a modelled CPU
 * cost, because real ML-DSA-87 signing costs ~14 ms.
 */
export interface Crypto {
  readonly kind: "real" | "modelled";
  generateKeyPair(scheme: SignatureScheme, seed: Uint8Array): KeyPair;
  sign(key: KeyPair, message: Uint8Array): Uint8Array;
  verify(scheme: SignatureScheme, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  sha256(data: Uint8Array): Uint8Array;
  blake2b(data: Uint8Array, outLen: number): Uint8Array;
  /** Nano-style proof-of-work difficulty: LE u64 of blake2b-64(nonce LE 8 B ‖ root 32 B). */
  powDifficulty(nonce: bigint, root: Uint8Array): bigint;
  /** Modelled CPU time in ms the last operations would cost on real hardware (0 for real crypto). */
  readonly costMs: { readonly sign: Record<SignatureScheme, number>; readonly verify: Record<SignatureScheme, number> };
}
