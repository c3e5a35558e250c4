import { describe, expect, it } from "vitest";
import type { PreHash, SignatureOptions } from "../../../runtime/crypto.js";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { hex, readJson, toHex } from "./vectors.js";

// NIST ACVP ML-DSA (FIPS 204) vector sets: a prompt file and an expected-results file per mode.
// Only ML-DSA-87 is used by meshtwin, so only its cases are run, every one through our Crypto
// interface (pure with and without a context, HashML-DSA, and the internal interface).
type Fields = Record<string, string | boolean | number | undefined>;
type Group = Fields & { tgId: number; parameterSet?: string; tests: (Fields & { tcId: number })[] };

/** Joins the prompt and its expected results by tcId, keeping each test's group fields; ML-DSA-87 only. */
function load(mode: string) {
  const prompt = readJson<{ testGroups: Group[] }>(`acvp/ML-DSA-${mode}-prompt.json.gz`);
  const results = readJson<{ testGroups: Group[] }>(`acvp/ML-DSA-${mode}-expectedResults.json.gz`);
  const expected = new Map(results.testGroups.flatMap((g) => g.tests.map((t) => [t.tcId, t] as const)));
  return prompt.testGroups
    .filter((g) => g.parameterSet === "ML-DSA-87")
    .flatMap(({ tests, ...group }) => tests.map((t) => ({ group, t, want: expected.get(t.tcId)! })));
}

const crypto = realCrypto();
const str = (v: unknown) => String(v ?? "");

/** The signature options an ACVP group asks for, and the bytes it signs. */
function request(group: Fields, t: Fields): { input: Uint8Array; options: SignatureOptions } {
  if (group.signatureInterface === "internal")
    return group.externalMu
      ? { input: hex(str(t.mu)), options: { internal: "mu" } }
      : { input: hex(str(t.message)), options: { internal: "message" } };
  const options: SignatureOptions = { context: hex(str(t.context)) };
  if (group.preHash === "preHash")
    return { input: hex(str(t.message)), options: { ...options, preHash: str(t.hashAlg) as PreHash } };
  return { input: hex(str(t.message)), options };
}

describe("ACVP ML-DSA-87 keyGen", () => {
  const cases = load("keyGen");
  it("runs all 25 ML-DSA-87 cases", () => expect(cases.length).toBe(25));

  it.each(cases.map((c) => [c.t.tcId, c] as const))("tc %i", (_, { t, want }) => {
    const key = crypto.generateKeyPair("ml-dsa-87", hex(str(t.seed)));
    expect(toHex(key.publicKey)).toBe(str(want.pk).toLowerCase());
    expect(toHex(key.secretKey)).toBe(str(want.sk).toLowerCase());
  });
});

describe("ACVP ML-DSA-87 sigGen", () => {
  const cases = load("sigGen");
  it("runs all 120 ML-DSA-87 cases (pure with contexts, preHash, internal; deterministic and hedged)", () => {
    expect(cases.length).toBe(120);
    expect(cases.filter((c) => str(c.t.context) !== "").length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.t.tcId, c] as const))("tc %i", (_, { group, t, want }) => {
    const key = { scheme: "ml-dsa-87" as const, secretKey: hex(str(t.sk)), publicKey: new Uint8Array(0) };
    const entropy = group.deterministic ? undefined : hex(str(t.rnd));
    const { input, options } = request(group, t);
    expect(toHex(crypto.sign(key, input, entropy, options))).toBe(str(want.signature).toLowerCase());
  });
});

describe("ACVP ML-DSA-87 sigVer", () => {
  const cases = load("sigVer");
  it("runs all 60 ML-DSA-87 cases, with both outcomes", () => {
    expect(cases.length).toBe(60);
    expect(cases.some((c) => c.want.testPassed === true)).toBe(true);
    expect(cases.some((c) => c.want.testPassed === false)).toBe(true);
  });

  it.each(cases.map((c) => [c.t.tcId, c.want.testPassed, c] as const))("tc %i → %s", (_, passed, { group, t }) => {
    const { input, options } = request(group, t);
    expect(crypto.verify("ml-dsa-87", hex(str(t.pk)), input, hex(str(t.signature)), options)).toBe(passed);
  });
});
