import { describe, expect, it } from "vitest";
import { realCrypto } from "../../../runtime/crypto/real.js";
import { hex, readVector, toHex } from "./vectors.js";

interface Row {
  index: number;
  secretKey: string;
  publicKey: string;
  auxRand: string;
  message: string;
  signature: string;
  valid: boolean;
  comment: string;
}

// The official BIP-340 CSV: index,secret key,public key,aux_rand,message,signature,verification result,comment.
const rows: Row[] = readVector("bip340-test-vectors.csv")
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => {
    const [index, secretKey, publicKey, auxRand, message, signature, result, ...comment] = line.split(",");
    return {
      index: Number(index),
      secretKey: secretKey!,
      publicKey: publicKey!,
      auxRand: auxRand!,
      message: message!,
      signature: signature!,
      valid: result === "TRUE",
      comment: comment.join(","),
    };
  });

const crypto = realCrypto();

describe("BIP-340 Schnorr vectors", () => {
  it("has the whole official file", () => {
    expect(rows.length).toBe(15);
    expect(rows.filter((r) => r.secretKey !== "").length).toBe(4);
    expect(rows.filter((r) => !r.valid).length).toBe(10);
  });

  it.each(rows)("row $index: verify gives $valid $comment", (row) => {
    expect(crypto.verify("schnorr", hex(row.publicKey), hex(row.message), hex(row.signature))).toBe(row.valid);
  });

  const signing = rows.filter((r) => r.secretKey !== "");
  it.each(signing)("row $index: our key pair and sign(entropy = aux_rand) reproduce the signature", (row) => {
    const key = crypto.generateKeyPair("schnorr", hex(row.secretKey));
    expect(toHex(key.publicKey)).toBe(row.publicKey.toLowerCase());
    const sig = crypto.sign(key, hex(row.message), hex(row.auxRand));
    expect(toHex(sig)).toBe(row.signature.toLowerCase());
  });

  it("signs deterministically without entropy (aux_rand = 0), like row 0", () => {
    const row = rows[0]!;
    const key = crypto.generateKeyPair("schnorr", hex(row.secretKey));
    expect(/^0+$/.test(row.auxRand)).toBe(true);
    expect(toHex(crypto.sign(key, hex(row.message)))).toBe(row.signature.toLowerCase());
  });

  it("rejects a seed that is not a secp256k1 scalar", () => {
    expect(() => crypto.generateKeyPair("schnorr", new Uint8Array(32))).toThrow(RangeError);
    expect(() => crypto.generateKeyPair("schnorr", new Uint8Array(32).fill(0xff))).toThrow(RangeError);
  });
});
