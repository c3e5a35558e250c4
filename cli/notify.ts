import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hexToBytes } from "@noble/hashes/utils.js";
import cliProgress from "cli-progress";
import {
  address,
  checkNotification,
  expectedHashes,
  findWork,
  open,
  parseNotification,
  parseThreshold,
  recipientKeys,
  seal,
  withWork,
  type Notification,
} from "../actors/notify/index.js";
import { constants } from "../actors/notify/index.js";
import { parseDuration } from "../actors/params.js";

/** A user's mistake: one line on stderr, exit status 2. */
export class NotifyUsageError extends Error {}

/** The relay API's base URL from `--via`: a URL, or a node's data dir (its status.json names the API). */
export function resolveVia(via: string): string {
  if (/^https?:\/\//.test(via)) return via.replace(/\/+$/, "");
  const file = join(via, "status.json");
  if (!existsSync(file)) throw new NotifyUsageError(`--via: expected a relay URL or a node's data dir, '${via}' is neither`); // prettier-ignore
  const status = JSON.parse(readFileSync(file, "utf8")) as { notifyUrl?: string; running?: boolean };
  if (!status.notifyUrl) throw new NotifyUsageError(`--via: the node in '${via}' is not a notify relay (no notifyUrl in status.json)`); // prettier-ignore
  return status.notifyUrl;
}

/** `--since`: an ISO time, milliseconds since the epoch, or a duration meaning "that long ago" (`7d`). */
export function parseSince(text: string | undefined, now: number): number {
  if (text === undefined) return 0;
  if (/^\d+$/.test(text)) return Number(text);
  const ago = parseDuration(text);
  if (ago !== undefined) return Math.max(0, now - ago);
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new NotifyUsageError(`--since: expected an ISO time, epoch ms or a duration such as 7d, got '${text}'`); // prettier-ignore
  return t;
}

async function api<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new Error(`cannot reach the relay at ${url}: ${(err as Error).cause ?? (err as Error).message}`);
  }
  return { status: res.status, body: (await res.json()) as T };
}

/** `meshtwin notify keygen --out <file>`: a recipient key (X25519 secret, hex) and its public key on stdout. */
export function keygenCommand(opts: { out: string }): number {
  if (existsSync(opts.out)) throw new NotifyUsageError(`--out: '${opts.out}' exists; not overwriting a key`);
  const keys = recipientKeys(randomBytes(32));
  writeFileSync(opts.out, Buffer.from(keys.secretKey).toString("hex") + "\n", { mode: 0o600 });
  process.stdout.write(`${keys.publicKey}\n`);
  return 0;
}

/** Work with a progress bar and an ETA on a terminal (work takes seconds by design); silent otherwise. */
async function doWork(n: Notification, threshold: bigint): Promise<bigint> {
  const expected = expectedHashes(threshold);
  const tty = process.stderr.isTTY === true && !process.env.CI;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: "work {bar} {hashes} of ~{expected} hashes | {rate} H/s | ETA ~{eta_formatted}",
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const started = performance.now();
  bar?.start(expected, 0, { hashes: 0, expected: Math.round(expected).toLocaleString("en-US"), rate: 0 });
  let nonce = BigInt(`0x${randomBytes(8).toString("hex")}`);
  let done = 0;
  try {
    for (;;) {
      const chunk = 1 << 18;
      const w = findWork(hexToBytes(n.hash), threshold, nonce, () => false, chunk);
      if (w) return w.nonce;
      nonce = (nonce + BigInt(chunk)) & ((1n << 64n) - 1n);
      done += chunk;
      const rate = Math.round(done / ((performance.now() - started) / 1000));
      // The search is memoryless: past the expectation, the remaining work is still ~expected.
      bar?.setTotal(Math.max(expected, done + expected * 0.1));
      bar?.update(done, { hashes: done.toLocaleString("en-US"), rate: rate.toLocaleString("en-US") });
      await new Promise((r) => setImmediate(r)); // lets the bar redraw
    }
  } finally {
    bar?.stop();
  }
}

/** `meshtwin notify send --to <pubkey> --amount <raw> --tx <hash> --via <node> [--ttl 90d]`. */
export async function sendCommand(opts: {
  to: string;
  amount: string;
  tx: string;
  via: string;
  ttl?: string;
}): Promise<number> {
  if (!/^[0-9a-f]{64}$/i.test(opts.to)) throw new NotifyUsageError(`--to: expected the recipient's X25519 public key as 64 hex digits, got '${opts.to}'`); // prettier-ignore
  if (!/^\d+$/.test(opts.amount)) throw new NotifyUsageError(`--amount: expected a whole number of raw units, got '${opts.amount}'`); // prettier-ignore
  if (!/^[0-9a-f]{64}$/i.test(opts.tx)) throw new NotifyUsageError(`--tx: expected a transaction hash as 64 hex digits, got '${opts.tx}'`); // prettier-ignore
  const ttl = opts.ttl === undefined ? constants.TTL_MS : parseDuration(opts.ttl);
  if (ttl === undefined || ttl <= 0) throw new NotifyUsageError(`--ttl: expected a duration such as 90d, got '${opts.ttl}'`); // prettier-ignore
  const base = resolveVia(opts.via);
  const { body: d } = await api<{ threshold: string }>(`${base}/difficulty`);
  const sealed = seal({
    recipient: opts.to.toLowerCase(),
    body: { txHash: opts.tx.toUpperCase(), amountRaw: opts.amount },
    timestamp: Date.now(),
    ttl,
    ephemeral: randomBytes(32),
    nonce: randomBytes(24),
  });
  const n = withWork(sealed, await doWork(sealed, parseThreshold(d.threshold)));
  const res = await api<{ address?: string; reason?: string; required?: string; replicas?: string[] }>(`${base}/notifications`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(n) }); // prettier-ignore
  if (res.status !== 202) {
    process.stderr.write(`refused by the relay: ${res.body.reason ?? res.status}${res.body.required ? ` (needs work ≥ ${res.body.required})` : ""}\n`); // prettier-ignore
    return 1;
  }
  process.stdout.write(`${res.body.address ?? address(n.hash)}\n`);
  return 0;
}

/** `meshtwin notify fetch --key <file> [--since <time>] --via <node> [--json]`. */
export async function fetchCommand(opts: {
  key: string;
  since?: string;
  via: string;
  json?: boolean;
}): Promise<number> {
  if (!existsSync(opts.key)) throw new NotifyUsageError(`--key: no such file '${opts.key}'`);
  const hex = readFileSync(opts.key, "utf8").trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new NotifyUsageError(`--key: '${opts.key}' must hold an X25519 secret key as 64 hex digits`); // prettier-ignore
  const keys = recipientKeys(hexToBytes(hex.toLowerCase()));
  const now = Date.now();
  const since = parseSince(opts.since, now);
  const base = resolveVia(opts.via);
  const { body: d } = await api<{ base: string }>(`${base}/difficulty`);
  const res = await api<{ notifications?: unknown[]; error?: string }>(`${base}/notifications?recipient=${keys.publicKey}&since=${since}`); // prettier-ignore
  if (res.status !== 200 || !res.body.notifications) {
    process.stderr.write(`fetch failed: ${res.body.error ?? res.status}\n`);
    return 1;
  }
  // The wallet trusts no relay: every check again, then decryption, then dedupe by hash.
  const seen = new Map<string, { n: Notification; body: { txHash: string; amountRaw: string } }>();
  let rejected = 0;
  const check = { now, threshold: parseThreshold(d.base), maxTtl: constants.TTL_MS, maxSkew: constants.MAX_SKEW_MS, signed: true }; // prettier-ignore
  for (const raw of res.body.notifications) {
    const n = parseNotification(raw);
    const body =
      n && n.recipient === keys.publicKey && !checkNotification(n, check) ? open(n, keys.secretKey) : undefined;
    if (!n || !body) rejected++;
    else seen.set(n.hash, { n, body });
  }
  const rows = [...seen.values()].sort((a, b) => a.n.timestamp - b.n.timestamp);
  for (const { n, body } of rows) {
    const row = { address: address(n.hash), time: new Date(n.timestamp).toISOString(), txHash: body.txHash, amountRaw: body.amountRaw }; // prettier-ignore
    process.stdout.write(opts.json ? JSON.stringify(row) + "\n" : `${row.time}  ${row.amountRaw} raw  tx ${row.txHash}  ${row.address}\n`); // prettier-ignore
  }
  process.stderr.write(`${rows.length} notification(s)${rejected ? `, ${rejected} rejected (failed verification)` : ""}\n`); // prettier-ignore
  return 0;
}

/** Runs a notify subcommand: a user's mistake or an unreachable relay is one line on stderr, never a stack trace. */
export async function runNotify(f: () => number | Promise<number>): Promise<number> {
  try {
    return await f();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return err instanceof NotifyUsageError ? 2 : 1;
  }
}
