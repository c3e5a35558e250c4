import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from "@noble/hashes/sha2.js";
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128_32, shake256_64 } from "@noble/hashes/sha3.js";
import type { CHash } from "@noble/hashes/utils.js";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { getMessage, getMessagePrehash } from "@noble/post-quantum/utils.js";
import type { PreHash, SignatureOptions } from "../crypto.js";

/** FIPS 204: a context string is at most 255 bytes (its length is one byte of M'). */
export const MAX_CONTEXT_BYTES = 255;

// SHAKE prehashes have fixed lengths in FIPS 204 §5.4 (256 and 512 bits).
const PRE_HASHES: Readonly<Record<PreHash, CHash>> = {
  "SHA2-224": sha224,
  "SHA2-256": sha256,
  "SHA2-384": sha384,
  "SHA2-512": sha512,
  "SHA2-512/224": sha512_224,
  "SHA2-512/256": sha512_256,
  "SHA3-224": sha3_224,
  "SHA3-256": sha3_256,
  "SHA3-384": sha3_384,
  "SHA3-512": sha3_512,
  "SHAKE-128": shake128_32,
  "SHAKE-256": shake256_64,
};

const EMPTY = new Uint8Array(0);

/** Throws a RangeError for options no ML-DSA call can honour (signing with them is a caller bug). */
export function checkOptions(options: SignatureOptions): void {
  const ctx = options.context ?? EMPTY;
  if (ctx.length > MAX_CONTEXT_BYTES)
    throw new RangeError(`ML-DSA context must be at most ${MAX_CONTEXT_BYTES} bytes, got ${ctx.length}`);
  if (options.preHash !== undefined && !(options.preHash in PRE_HASHES))
    throw new RangeError(`unknown ML-DSA pre-hash ${JSON.stringify(options.preHash)}`);
  if (options.internal !== undefined) {
    if (options.internal !== "message" && options.internal !== "mu")
      throw new RangeError(`ML-DSA internal must be "message" or "mu", got ${JSON.stringify(options.internal)}`);
    if (options.context !== undefined || options.preHash !== undefined)
      throw new RangeError("ML-DSA internal signing takes M' or μ as formatted: no context or pre-hash");
  }
}

/**
 * M' of FIPS 204 Algorithm 2/4: `0 ‖ |ctx| ‖ ctx ‖ M` (pure) or `1 ‖ |ctx| ‖ ctx ‖ OID ‖ PH(M)`
 * (HashML-DSA). noble's own `prehash()` refuses hashes weaker than the parameter set (SHA2-224
 * for ML-DSA-87), which FIPS 204 permits and ACVP tests, so the formatting is done here and
 * the signature made with the internal interface, which is the same computation.
 */
function formatted(message: Uint8Array, options: SignatureOptions): Uint8Array {
  const ctx = options.context ?? EMPTY;
  return options.preHash === undefined
    ? getMessage(message, ctx)
    : getMessagePrehash(PRE_HASHES[options.preHash], message, ctx);
}

/** ML-DSA-87 signing with every FIPS 204 interface. `extraEntropy` false = deterministic. */
export function mlDsaSign(
  message: Uint8Array,
  secretKey: Uint8Array,
  extraEntropy: Uint8Array | false,
  options: SignatureOptions,
): Uint8Array {
  checkOptions(options);
  const input = options.internal !== undefined ? message : formatted(message, options);
  try {
    return ml_dsa87.internal.sign(input, secretKey, { externalMu: options.internal === "mu", extraEntropy });
  } catch (error) {
    // A secret key of the wrong length or with out-of-range coefficients is the caller's bug.
    throw new RangeError(`ML-DSA-87 secret key rejected: ${(error as Error).message}`);
  }
}

/** ML-DSA-87 verification; throws on malformed input (the caller maps that to false). */
export function mlDsaVerify(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
  options: SignatureOptions,
): boolean {
  checkOptions(options);
  if (options.internal !== undefined)
    return ml_dsa87.internal.verify(signature, message, publicKey, { externalMu: options.internal === "mu" });
  return ml_dsa87.internal.verify(signature, formatted(message, options), publicKey);
}

/**
 * True when `options` asks for nothing beyond plain signing (what non-ML-DSA schemes accept):
 * no pre-hash, no internal interface, an absent or empty context (FIPS 204: the same thing).
 */
export function isPlain(options: SignatureOptions | undefined): boolean {
  return (
    options === undefined ||
    ((options.context === undefined || options.context.length === 0) &&
      options.preHash === undefined &&
      options.internal === undefined)
  );
}
