import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { describe, expect, it } from "vitest";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { hex, readJson } from "./vectors.js";
import type { Case, VerifyGroup, WycheproofFile } from "./wycheproof.js";

const crypto = realCrypto();
const label = (t: Case) => `tc ${t.tcId} ${t.result} (${t.comment || t.flags.join(",")})`;

describe("Wycheproof ML-DSA-87 verify", () => {
  const file = readJson<WycheproofFile<VerifyGroup>>("wycheproof/mldsa_87_verify_test.json");
  const cases = file.testGroups.flatMap((g) => g.tests.map((t) => ({ pk: g.publicKey, t })));

  it("covers the whole file", () => {
    expect(file.algorithm).toBe("ML-DSA-87");
    expect(cases.length).toBe(241);
  });

  // Cases without a context go through our interface (pure ML-DSA, empty context);
  // the few with one use noble directly, since our interface has no context parameter.
  it.each(cases.map((c) => [label(c.t), c] as const))("%s", (_, { pk, t }) => {
    const msg = hex(t.msg!);
    let ok: boolean;
    if (t.ctx === undefined) ok = crypto.verify("ml-dsa-87", hex(pk), msg, hex(t.sig));
    else {
      try {
        ok = ml_dsa87.verify(hex(t.sig), msg, hex(pk), { context: hex(t.ctx) });
      } catch {
        ok = false;
      }
    }
    expect(ok).toBe(t.result === "valid");
  });
});
