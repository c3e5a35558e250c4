import type { Crypto, KeyPair } from "../../runtime/crypto.js";

/**
 * Session tokens are JWTs (RFC 7519) in JWS compact serialization (RFC 7515), signed by
 * the issuing backbone node with Ed25519 (`alg: EdDSA`, RFC 8037). They are made and
 * checked here through the project's Crypto interface, synchronously, so the same code runs
 * in the deterministic simulator (modelled crypto) and in production (real crypto);
 * `test/actors/auth/token.test.ts` shows `jose` verifying ours and ours verifying `jose`'s.
 *
 * Ed25519 rather than ML-DSA-87 for tokens: a token rides on every lookup, and a 64-byte
 * signature keeps it ~400 bytes where ML-DSA-87's 4,627 would make it ~6.5 kB.
 */
export interface TokenClaims {
  /** The issuing backbone node's id. */
  readonly iss: string;
  /** The holder's PeerID (first 20 bytes of sha256 of its ML-DSA-87 public key, hex). */
  readonly sub: string;
  /** The holder's transport node id: a token presented by another node is a replay. */
  readonly nid: string;
  /** Regions whose backbone honours the token: the issuer's, then its neighbours. */
  readonly rgn: readonly string[];
  /** What the session is for; the challenge signature was bound to the same string. */
  readonly pur: string;
  /** Issued at, expires at: seconds (JWT NumericDate). */
  readonly iat: number;
  readonly exp: number;
  /** Unique token id. */
  readonly jti: string;
}

/** Why a token was refused. */
export type TokenRefusal = "malformed" | "unknown-issuer" | "forged" | "expired" | "region" | "replayed" | "purpose";

/** Outcome of {@link checkToken}. */
export type TokenCheck =
  { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly reason: TokenRefusal };

/** What a verifier knows: issuers' token keys, its own region, the clock, who presents the token. */
export interface TokenContext {
  /** Backbone node id → its Ed25519 token public key. */
  readonly issuers: ReadonlyMap<string, Uint8Array>;
  readonly region: string;
  /** Now in ms (virtual in the simulator). */
  readonly now: number;
  /** The node presenting the token. */
  readonly from: string;
  /** The purpose the token must carry. */
  readonly purpose: string;
}

const HEADER = { alg: "EdDSA", typ: "JWT" } as const;
const enc = new TextEncoder();
const b64 = (data: string | Uint8Array): string => Buffer.from(data).toString("base64url");
const B64URL = /^[A-Za-z0-9_-]*$/;

/** Signs `claims` with the issuer's Ed25519 token key. */
export function issueToken(crypto: Crypto, key: KeyPair, claims: TokenClaims): string {
  if (key.scheme !== "ed25519") throw new RangeError(`token keys are Ed25519, got ${key.scheme}`);
  const signingInput = `${b64(JSON.stringify({ ...HEADER, kid: claims.iss }))}.${b64(JSON.stringify(claims))}`;
  return `${signingInput}.${b64(crypto.sign(key, enc.encode(signingInput)))}`;
}

/** The claims of a structurally valid token, unverified (for a holder reading its own expiry). */
export function readClaims(token: unknown): TokenClaims | undefined {
  if (typeof token !== "string" || token.length > 4096) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as Record<string, unknown>;
    const c = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
    if (header.alg !== "EdDSA" || header.kid !== c.iss) return undefined;
    const strings = ["iss", "sub", "nid", "pur", "jti"].every((f) => typeof c[f] === "string");
    const numbers = typeof c.iat === "number" && typeof c.exp === "number";
    const regions = Array.isArray(c.rgn) && c.rgn.every((r) => typeof r === "string");
    return strings && numbers && regions ? (c as unknown as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a token presented by `ctx.from`: well-formed, signed by a known issuer, not
 * expired, honoured in this region, for this purpose, and presented by the node it was
 * issued to. A peer can send anything here: every failure is a reason, never a throw.
 */
export function checkToken(crypto: Crypto, token: unknown, ctx: TokenContext): TokenCheck {
  const claims = readClaims(token);
  if (!claims) return { ok: false, reason: "malformed" };
  const issuerKey = ctx.issuers.get(claims.iss);
  if (!issuerKey) return { ok: false, reason: "unknown-issuer" };
  const [h, p, s] = (token as string).split(".") as [string, string, string];
  if (!crypto.verify("ed25519", issuerKey, enc.encode(`${h}.${p}`), Buffer.from(s, "base64url")))
    return { ok: false, reason: "forged" };
  if (ctx.now >= claims.exp * 1000) return { ok: false, reason: "expired" };
  if (!claims.rgn.includes(ctx.region)) return { ok: false, reason: "region" };
  if (claims.pur !== ctx.purpose) return { ok: false, reason: "purpose" };
  if (claims.nid !== ctx.from) return { ok: false, reason: "replayed" };
  return { ok: true, claims };
}
