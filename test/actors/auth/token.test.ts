import { SignJWT, importJWK, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { checkToken, issueToken, readClaims, type TokenClaims } from "../../../actors/auth/token.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { modelledCrypto } from "../../../runtime/crypto/modelled.js";

const crypto = realCrypto();
const issuer = crypto.generateKeyPair("ed25519", new Uint8Array(32).fill(1));
const other = crypto.generateKeyPair("ed25519", new Uint8Array(32).fill(2));
const claims: TokenClaims = {
  iss: "bb-eu-0",
  sub: "00".repeat(20),
  nid: "light-7",
  rgn: ["europe", "north_america", "asia_pacific"],
  pur: "backbone-session",
  iat: 1000,
  exp: 1000 + 86_400,
  jti: "0123456789abcdef",
};
const ctx = {
  issuers: new Map([["bb-eu-0", issuer.publicKey]]),
  region: "europe",
  now: 2_000_000,
  from: "light-7",
  purpose: "backbone-session",
};
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const publicJwk = { kty: "OKP", crv: "Ed25519", x: b64(issuer.publicKey) };

describe("session tokens: JWTs (JWS compact, EdDSA) made through the Crypto interface", () => {
  const token = issueToken(crypto, issuer, claims);

  it("jose verifies our token and reads our claims", async () => {
    const key = await importJWK(publicJwk, "EdDSA");
    const { payload, protectedHeader } = await jwtVerify(token, key, { currentDate: new Date(2_000_000) });
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", typ: "JWT", kid: "bb-eu-0" });
    expect(payload).toEqual(claims);
  });

  it("we verify a token jose signed with the same key", async () => {
    const key = await importJWK({ ...publicJwk, d: b64(issuer.secretKey) }, "EdDSA");
    const theirs = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: "bb-eu-0" })
      .sign(key);
    expect(checkToken(crypto, theirs, ctx)).toEqual({ ok: true, claims });
  });

  it("accepts its own token; refuses each kind of bad one with the reason", () => {
    expect(checkToken(crypto, token, ctx).ok).toBe(true);
    const reason = (t: unknown, c = ctx) => {
      const r = checkToken(crypto, t, c);
      return r.ok ? "accepted" : r.reason;
    };
    expect(reason(issueToken(crypto, other, claims))).toBe("forged"); // signed by a key that is not the issuer's
    const [h, , s] = token.split(".");
    const edited = `${h}.${b64(new TextEncoder().encode(JSON.stringify({ ...claims, exp: claims.exp + 1e6 })))}.${s}`;
    expect(reason(edited)).toBe("forged"); // claims edited after signing
    expect(reason(token, { ...ctx, now: claims.exp * 1000 })).toBe("expired");
    expect(reason(token, { ...ctx, region: "australia" })).toBe("region");
    expect(reason(token, { ...ctx, from: "light-8" })).toBe("replayed");
    expect(reason(token, { ...ctx, purpose: "other" })).toBe("purpose");
    expect(reason(token, { ...ctx, issuers: new Map() })).toBe("unknown-issuer");
    for (const junk of [undefined, 42, "", "a.b", "a.b.c", `${token}.x`, "x".repeat(5000)])
      expect(reason(junk)).toBe("malformed");
  });

  it("reads its claims without verifying (what a holder needs to schedule renewal)", () => {
    expect(readClaims(token)).toEqual(claims);
    expect(readClaims("e30.e30.AA")).toBeUndefined();
  });

  it("the simulator's modelled crypto gives the same verdicts", () => {
    const m = modelledCrypto();
    const k = m.generateKeyPair("ed25519", new Uint8Array(32).fill(1));
    const mctx = { ...ctx, issuers: new Map([["bb-eu-0", k.publicKey]]) };
    expect(checkToken(m, issueToken(m, k, claims), mctx).ok).toBe(true);
    const forged = issueToken(m, m.generateKeyPair("ed25519", new Uint8Array(32).fill(2)), claims);
    expect(checkToken(m, forged, mctx)).toEqual({ ok: false, reason: "forged" });
    expect(checkToken(m, token, mctx)).toEqual({ ok: false, reason: "forged" }); // a real signature is not a modelled one
  });
});
