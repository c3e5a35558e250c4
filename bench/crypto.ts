import { pathToFileURL } from "node:url";
import { signatureSchemes, type Crypto, type SignatureScheme } from "../runtime/crypto.js";
import { DEFAULT_COST_MS, modelledCrypto } from "../runtime/crypto/modelled.js";
import {
  RECEIVE_THRESHOLD,
  SEND_THRESHOLD,
  expectedAttempts,
  powDifficulty,
  solvePow,
  thresholdForAttempts,
} from "../runtime/crypto/pow.js";
import { realCrypto } from "../runtime/crypto/real.js";

/** One measured operation. */
export interface CryptoBenchRow {
  crypto: "real" | "modelled" | "pow";
  scheme: string;
  op: string;
  ops: number;
  "ops/s": number;
  "ms/op": number;
}

/** Options of {@link benchCrypto}. */
export interface CryptoBenchInit {
  /** CPU time spent on each measurement, in ms. @default 1000 */
  readonly msPerCase?: number;
  /** Bytes in each signed message (a typical signed request or challenge). @default 256 */
  readonly messageBytes?: number;
}

/** CPU time of this process in ms (user + system). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `op(i)` until `ms` of CPU time have passed (and at least 3 times, after 2 warm-up
 * calls). CPU time, not wall time: it is what the simulator charges per operation, and it
 * stays meaningful when other processes share the machine's two cores.
 */
function measure(ms: number, op: (i: number) => void): { ops: number; msPerOp: number } {
  op(-1);
  op(-2);
  const start = cpuMs();
  let ops = 0;
  let elapsed = 0;
  while (ops < 3 || elapsed < ms) {
    op(ops++);
    elapsed = cpuMs() - start;
  }
  return { ops, msPerOp: elapsed / ops };
}

function row(crypto: CryptoBenchRow["crypto"], scheme: string, op: string, m: { ops: number; msPerOp: number }) {
  return {
    crypto,
    scheme,
    op,
    ops: m.ops,
    "ops/s": Math.round(1000 / m.msPerOp),
    "ms/op": Number(m.msPerOp.toPrecision(3)),
  };
}

/** Messages differ per call: ML-DSA signing time depends on the message (rejection sampling). */
function messages(count: number, bytes: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const m = new Uint8Array(bytes);
    for (let j = 0; j < bytes; j++) m[j] = (i * 31 + j * 7) & 0xff;
    return m;
  });
}

function benchScheme(crypto: Crypto, scheme: SignatureScheme, init: Required<CryptoBenchInit>): CryptoBenchRow[] {
  const msgs = messages(64, init.messageBytes);
  const seed = (i: number) => new Uint8Array(32).fill(1 + (i & 0x7f));
  const key = crypto.generateKeyPair(scheme, seed(0));
  const sigs = msgs.map((m) => crypto.sign(key, m));
  const pick = <T>(items: T[], i: number): T => items[((i % items.length) + items.length) % items.length]!;
  let ok = true;
  const rows = [
    row(
      crypto.kind,
      scheme,
      "keygen",
      measure(init.msPerCase / 2, (i) => crypto.generateKeyPair(scheme, seed(i))),
    ),
    row(
      crypto.kind,
      scheme,
      "sign",
      measure(init.msPerCase, (i) => crypto.sign(key, pick(msgs, i))),
    ),
    row(
      crypto.kind,
      scheme,
      "verify",
      measure(init.msPerCase, (i) => {
        ok = crypto.verify(scheme, key.publicKey, pick(msgs, i), pick(sigs, i)) && ok;
      }),
    ),
  ];
  // A benchmark of a verify that fails would measure the wrong path.
  if (!ok) throw new Error(`${crypto.kind} ${scheme}: a benchmark signature did not verify`);
  return rows;
}

function benchPow(ms: number): CryptoBenchRow[] {
  const root = new Uint8Array(32).fill(0x5a);
  const one = measure(ms, (i) => powDifficulty(BigInt(i + 2), root));
  // solvePow reuses one buffer; an unreachable threshold makes it hash exactly maxAttempts nonces.
  const batch = 20_000;
  const solve = measure(ms, (i) => solvePow(root, thresholdForAttempts(2 ** 60), BigInt(i) * BigInt(batch), batch));
  const perHash = { ops: solve.ops * batch, msPerOp: solve.msPerOp / batch };
  return [row("pow", "blake2b-64", "powDifficulty", one), row("pow", "blake2b-64", "solvePow (per hash)", perHash)];
}

/** Sign/verify/keygen of each scheme for real and modelled crypto, and PoW hash rate. */
export function benchCrypto(init: CryptoBenchInit = {}): CryptoBenchRow[] {
  const full = { msPerCase: init.msPerCase ?? 1000, messageBytes: init.messageBytes ?? 256 };
  const rows: CryptoBenchRow[] = [];
  for (const crypto of [realCrypto(), modelledCrypto()])
    for (const scheme of signatureSchemes) rows.push(...benchScheme(crypto, scheme, full));
  rows.push(...benchPow(full.msPerCase));
  return rows;
}

/** Prints the figures, PoW solve-time estimates and how the modelled cost defaults compare. */
export function main(init: CryptoBenchInit = {}): CryptoBenchRow[] {
  const rows = benchCrypto(init);
  process.stdout.write("\n## crypto: real vs modelled, and Nano PoW\n");
  console.table(rows);
  const hashRate = rows.find((r) => r.op === "solvePow (per hash)")!["ops/s"];
  const seconds = (t: bigint) => (expectedAttempts(t) / hashRate).toFixed(1);
  process.stdout.write(
    `PoW at ${hashRate} H/s: receive threshold ~${seconds(RECEIVE_THRESHOLD)} s, send threshold ~${seconds(SEND_THRESHOLD)} s expected per solve\n`,
  );
  const real = (op: string, scheme: SignatureScheme) =>
    rows.find((r) => r.crypto === "real" && r.op === op && r.scheme === scheme)!["ms/op"];
  console.table(
    signatureSchemes.map((s) => ({
      scheme: s,
      "measured sign ms": real("sign", s),
      "DEFAULT_COST_MS.sign": DEFAULT_COST_MS.sign[s],
      "measured verify ms": real("verify", s),
      "DEFAULT_COST_MS.verify": DEFAULT_COST_MS.verify[s],
    })),
  );
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
