import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { describe, expect, it } from "vitest";
import type { KeyPair } from "../../../runtime/crypto.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { hex, readJson, toHex } from "./vectors.js";
import type { Case, SignGroup, WycheproofFile } from "./wycheproof.js";

const crypto = realCrypto();
const label = (t: Case) => `tc ${t.tcId} ${t.result} (${t.comment || t.flags.join(",")})`;

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

  it("covers the whole file", () => expect(cases.length).toBe(96));

  it.each(cases.map((c) => [label(c.t), c] as const))("%s", (_, { g, t }) => {
    const seed = hex(g.privateSeed);
    const sign = () => {
      const key = keyFor(seed);
      expect(toHex(key.publicKey)).toBe(g.publicKey);
      const entropy = t.rnd === undefined ? undefined : hex(t.rnd);
      if (t.mu !== undefined && t.msg === undefined)
        return ml_dsa87.internal.sign(hex(t.mu), key.secretKey, { externalMu: true, extraEntropy: entropy ?? false });
      if (t.ctx !== undefined)
        return ml_dsa87.sign(hex(t.msg!), key.secretKey, { context: hex(t.ctx), extraEntropy: entropy ?? false });
      const sig = crypto.sign(key, hex(t.msg!), entropy);
      expect(crypto.verify("ml-dsa-87", key.publicKey, hex(t.msg!), sig)).toBe(true);
      return sig;
    };
    if (t.result === "valid") expect(toHex(sign())).toBe(t.sig);
    // Wrong seed lengths and over-long contexts are caller bugs: they throw, never sign.
    else expect(sign).toThrow(RangeError);
  });
});
