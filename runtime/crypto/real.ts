import { ed25519 } from "@noble/curves/ed25519.js";
import { schnorr } from "@noble/curves/secp256k1.js";
import { blake2b } from "@noble/hashes/blake2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import type { Crypto, KeyPair, SignatureOptions, SignatureScheme } from "../crypto.js";
import { isPlain, mlDsaSign, mlDsaVerify } from "./ml-dsa.js";
import { powDifficulty } from "./pow.js";

/** Order of the secp256k1 group: BIP-340 secret keys are scalars in [1, n). */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** BIP-340 allows all-zero aux randomness; it keeps runs reproducible when no entropy is given. */
const ZERO_AUX = new Uint8Array(32);
const ZERO_COSTS: Record<SignatureScheme, number> = Object.freeze({ ed25519: 0, schnorr: 0, "ml-dsa-87": 0 });

function checkSeed(seed: Uint8Array): void {
  if (seed.length !== 32) throw new RangeError(`key seed must be 32 bytes, got ${seed.length}`);
}

function checkEntropy(entropy: Uint8Array | undefined): void {
  if (entropy !== undefined && entropy.length !== 32)
    throw new RangeError(`signing entropy must be 32 bytes, got ${entropy.length}`);
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function generateKeyPair(scheme: SignatureScheme, seed: Uint8Array): KeyPair {
  checkSeed(seed);
  switch (scheme) {
    case "ed25519": {
      // RFC 8032: the 32-byte seed is the secret key.
      const secretKey = Uint8Array.from(seed);
      return { scheme, secretKey, publicKey: ed25519.getPublicKey(secretKey) };
    }
    case "schnorr": {
      // The seed is the scalar itself, as in BIP-340 vectors and Nostr keys; invalid with probability ~2^-128.
      const d = bytesToBigInt(seed);
      if (d === 0n || d >= SECP256K1_N) throw new RangeError("schnorr seed is not a valid secp256k1 secret key");
      const secretKey = Uint8Array.from(seed);
      return { scheme, secretKey, publicKey: schnorr.getPublicKey(secretKey) };
    }
    case "ml-dsa-87": {
      // FIPS 204 ML-DSA.KeyGen_internal(ξ): the expanded 4896-byte secret key, 2592-byte public key.
      const { secretKey, publicKey } = ml_dsa87.keygen(seed);
      return { scheme, secretKey, publicKey };
    }
  }
}

function checkPlain(scheme: SignatureScheme, options: SignatureOptions | undefined): void {
  if (scheme !== "ml-dsa-87" && !isPlain(options))
    throw new RangeError(`${scheme} signatures take no context, pre-hash or internal options`);
}

function sign(key: KeyPair, message: Uint8Array, entropy?: Uint8Array, options: SignatureOptions = {}): Uint8Array {
  checkEntropy(entropy);
  checkPlain(key.scheme, options);
  switch (key.scheme) {
    case "ed25519":
      return ed25519.sign(message, key.secretKey);
    case "schnorr":
      return schnorr.sign(message, key.secretKey, entropy ?? ZERO_AUX);
    case "ml-dsa-87":
      // extraEntropy false = FIPS 204 deterministic variant (rnd = 0^32); with entropy = hedged.
      return mlDsaSign(message, key.secretKey, entropy ?? false, options);
  }
}

function verify(
  scheme: SignatureScheme,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  options: SignatureOptions = {},
): boolean {
  // noble throws on wrong lengths and some malformed encodings, checkOptions on a context over
  // 255 bytes; for a verifier those are just bad signatures.
  try {
    checkPlain(scheme, options);
    switch (scheme) {
      case "ed25519":
        // zip215: false = strict RFC 8032 (canonical encodings only), so signatures are not malleable.
        return ed25519.verify(signature, message, publicKey, { zip215: false });
      case "schnorr":
        return schnorr.verify(signature, message, publicKey);
      case "ml-dsa-87":
        return mlDsaVerify(signature, message, publicKey, options);
    }
  } catch {
    return false;
  }
}

/**
 * The real primitives: Ed25519 and BIP-340 Schnorr from `@noble/curves`, ML-DSA-87
 * (FIPS 204: pure with a context string, HashML-DSA, internal) from `@noble/post-quantum`, sha256 and blake2b from
 * `@noble/hashes`. Stateless; one instance can be shared by every node.
 */
export function realCrypto(): Crypto {
  return {
    kind: "real",
    generateKeyPair,
    sign,
    verify,
    sha256: (data) => sha256(data),
    blake2b: (data, outLen) => blake2b(data, { dkLen: outLen }),
    powDifficulty,
    costMs: { sign: ZERO_COSTS, verify: ZERO_COSTS },
  };
}
