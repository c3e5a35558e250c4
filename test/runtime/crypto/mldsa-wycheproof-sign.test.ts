import { describe, expect, it } from "vitest";
import type { KeyPair, SignatureOptions } from "../../../runtime/crypto.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { hex, readJson, toHex } from "./vectors.js";
import type { Case, NoSeedSignGroup, SignGroup, WycheproofFile } from "./wycheproof.js";

const crypto = realCrypto();
const label = (t: Case) => `tc ${t.tcId} ${t.result} (${t.comment || t.flags.join(",")})`;

/**
 * Signs a case through our interface: the message with its context (pure ML-DSA), or, for
 * the "Internal" cases that give only μ, μ through the internal interface. Where a case gives
 * both, the μ path must give the same signature, and the signature must verify.
 */
function signCase(key: KeyPair, t: Case): Uint8Array {
  const entropy = t.rnd === undefined ? undefined : hex(t.rnd);
  if (t.msg === undefined) return crypto.sign(key, hex(t.mu!), entropy, { internal: "mu" });
  const options: SignatureOptions | undefined = t.ctx === undefined ? undefined : { context: hex(t.ctx) };
  const sig = crypto.sign(key, hex(t.msg), entropy, options);
  if (t.mu !== undefined) expect(toHex(crypto.sign(key, hex(t.mu), entropy, { internal: "mu" }))).toBe(toHex(sig));
  expect(crypto.verify("ml-dsa-87", key.publicKey, hex(t.msg), sig, options)).toBe(true);
  return sig;
}

describe("Wycheproof ML-DSA-87 sign from seed", () => {
  const file = readJson<WycheproofFile<SignGroup>>("wycheproof/mldsa_87_sign_seed_test.json");
  const cases = file.testGroups.flatMap((g) => g.tests.map((t) => ({ g, t })));
  // Groups share seeds; derive each key pair once.
  const keys = new Map<string, KeyPair>();
  const keyFor = (seed: Uint8Array) => {
    const id = toHex(seed);
    if (!keys.has(id)) keys.set(id, crypto.generateKeyPair("ml-dsa-87", seed));
    return keys.get(id)!;
  };

  it("covers the whole file, context and μ cases included", () => {
    expect(cases.length).toBe(96);
    expect(cases.filter((c) => c.t.ctx !== undefined).length).toBe(5);
  });

  it.each(cases.map((c) => [label(c.t), c] as const))("%s", (_, { g, t }) => {
    const sign = () => {
      const key = keyFor(hex(g.privateSeed));
      expect(toHex(key.publicKey)).toBe(g.publicKey);
      return signCase(key, t);
    };
    if (t.result === "valid") expect(toHex(sign())).toBe(t.sig);
    // Wrong seed lengths and over-long contexts are caller bugs: they throw, never sign.
    else expect(sign).toThrow(RangeError);
  });
});

describe("Wycheproof ML-DSA-87 sign from an expanded private key", () => {
  const file = readJson<WycheproofFile<NoSeedSignGroup>>("wycheproof/mldsa_87_sign_noseed_test.json");
  const cases = file.testGroups.flatMap((g) => g.tests.map((t) => ({ g, t })));

  it("covers the whole file", () => expect(cases.length).toBe(69));

  it.each(cases.map((c) => [label(c.t), c] as const))("%s", (_, { g, t }) => {
    const key: KeyPair = {
      scheme: "ml-dsa-87",
      secretKey: hex(g.privateKey ?? ""),
      publicKey: hex(g.publicKey ?? ""),
    };
    if (t.result === "valid") expect(toHex(signCase(key, t))).toBe(t.sig);
    // Wrong key lengths, out-of-range key coefficients and over-long contexts: refused, never signed.
    else expect(() => signCase(key, t)).toThrow(RangeError);
  });
});
