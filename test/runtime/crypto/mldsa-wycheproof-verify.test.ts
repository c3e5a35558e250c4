import { describe, expect, it } from "vitest";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { hex, readJson } from "./vectors.js";
import type { Case, VerifyGroup, WycheproofFile } from "./wycheproof.js";

const crypto = realCrypto();
const label = (t: Case) => `tc ${t.tcId} ${t.result} (${t.comment || t.flags.join(",")})`;

describe("Wycheproof ML-DSA-87 verify", () => {
  const file = readJson<WycheproofFile<VerifyGroup>>("wycheproof/mldsa_87_verify_test.json");
  const cases = file.testGroups.flatMap((g) => g.tests.map((t) => ({ pk: g.publicKey, t })));

  it("covers the whole file, context cases included", () => {
    expect(file.algorithm).toBe("ML-DSA-87");
    expect(cases.length).toBe(241);
    expect(cases.filter((c) => c.t.ctx !== undefined).length).toBe(8);
  });

  // Every case goes through our interface; a context (up to 255 bytes, or an over-long one
  // that must be refused) is passed as the interface's context option.
  it.each(cases.map((c) => [label(c.t), c] as const))("%s", (_, { pk, t }) => {
    const options = t.ctx === undefined ? undefined : { context: hex(t.ctx) };
    const ok = crypto.verify("ml-dsa-87", hex(pk), hex(t.msg!), hex(t.sig), options);
    expect(ok).toBe(t.result === "valid");
  });
});
