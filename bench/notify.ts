import { createActor } from "xstate";
import { hexToBytes } from "@noble/hashes/utils.js";
import {
  constants,
  expectedHashes,
  findWork,
  notify,
  recipientKeys,
  seal,
  signNotification,
  thresholdAtLevel,
  u64Hex,
  withWork,
  type Notification,
} from "../actors/notify/index.js";
import type { ActorIO } from "../runtime/actor.js";
import { EPOCH1_THRESHOLD, RECEIVE_THRESHOLD, SEND_THRESHOLD } from "../runtime/crypto/pow.js";
import { realCrypto } from "../runtime/crypto/real.js";
import { createRng } from "../runtime/rng.js";

/** CPU time of this process in ms. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const rng = createRng("bench/notify");
const bytes = (n: number) => Uint8Array.from({ length: n }, () => rng.int(256));
const alice = recipientKeys(bytes(32));

function sealedAt(timestamp: number): Notification {
  const body = { txHash: Buffer.from(bytes(32)).toString("hex").toUpperCase(), amountRaw: "1000000000000000000000000000000" }; // prettier-ignore
  return seal({ recipient: alice.publicKey, body, timestamp, ephemeral: bytes(32), nonce: bytes(24) });
}

/**
 * Work generation at each threshold: mean hashes per solution (expected 2^n), hashes/s on
 * this machine (CPU time), and the mean time; the epoch-1 and send thresholds are projected
 * from the measured rate (one solution there takes minutes).
 */
export function benchWork(msPerThreshold = 3000): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const cases: [string, bigint, boolean][] = [
    ["2^12", thresholdAtLevel(0xfff0000000000000n, 0), true],
    ["2^16", 0xffff000000000000n, true],
    ["2^20", 0xfffff00000000000n, true],
    ["receive (epoch 2)", RECEIVE_THRESHOLD, true],
    ["epoch 1 (vectors)", EPOCH1_THRESHOLD, false],
    ["send (epoch 2)", SEND_THRESHOLD, false],
  ];
  let rate = 0;
  for (const [label, threshold, measured] of cases) {
    const expected = expectedHashes(threshold);
    if (!measured) {
      rows.push({ threshold: label, hex: u64Hex(threshold), "expected hashes": `2^${Math.log2(expected)}`, solutions: "projected", "mean hashes": "", "hashes/s": rate, "mean s": +(expected / rate).toFixed(1) }); // prettier-ignore
      continue;
    }
    const start = cpuMs();
    let hashes = 0;
    let solutions = 0;
    while (solutions < 2 || cpuMs() - start < msPerThreshold) {
      const n = sealedAt(solutions);
      hashes += findWork(hexToBytes(n.hash), threshold, BigInt(`0x${rng.hex64()}`))!.hashes;
      solutions++;
      if (cpuMs() - start > msPerThreshold * 4) break;
    }
    const secs = (cpuMs() - start) / 1000;
    rate = Math.round(hashes / secs);
    rows.push({
      threshold: label,
      hex: u64Hex(threshold),
      "expected hashes": `2^${Math.log2(expected)}`,
      solutions,
      "mean hashes": Math.round(hashes / solutions),
      "hashes/s": rate,
      "mean s": +(secs / solutions).toFixed(3),
    });
  }
  return rows;
}

/** Notifications per second one relay actor accepts: entry (checks, work, sign) and replica (checks, work, verify). */
export function benchAccepts(count = 2000): Record<string, unknown>[] {
  const now = 1_700_000_000_000;
  const threshold = 0xff00000000000000n;
  const items = Array.from({ length: count }, (_, i) => {
    const n = sealedAt(now - i);
    return withWork(n, findWork(hexToBytes(n.hash), threshold)!.nonce);
  });
  const relayKey = realCrypto().generateKeyPair("ed25519", bytes(32));
  const signed = items.map((n) => signNotification(n, relayKey));
  const io: ActorIO = { send() {}, broadcast() {}, setTimer() {}, cancelTimer() {}, tell() {}, observe() {} };
  const run = (label: string, events: object[]) => {
    const def = notify({ baseDifficulty: u64Hex(threshold), recipientLimit: 1_000_000, targetRate: 1_000_000, perRecipient: 1_000_000 }); // prettier-ignore
    const env = { self: "bench", segment: "s", rng: createRng(1), now: () => now, io };
    const actor = createActor(def.machine, { input: { env, init: def.init, restored: undefined } }).start();
    const start = cpuMs();
    for (const e of events) actor.send(e as { type: string });
    const ms = cpuMs() - start;
    const s = (actor.getSnapshot().context as { notify: { stats: { accepted: number; stored: number } } }).notify.stats; // prettier-ignore
    return { path: label, notifications: events.length, ok: label.startsWith("entry") ? s.accepted : s.stored, "per s": Math.round((events.length * 1000) / ms), "ms each": +(ms / events.length).toFixed(3) }; // prettier-ignore
  };
  return [
    run("entry: shape, hash, time, work, dedupe, rate, Ed25519 sign", items.map((notification, i) => ({ type: "submit", notification, ref: i }))), // prettier-ignore
    run("replica: shape, hash, time, work, Ed25519 verify, store", signed.map((notification) => ({ type: "STORE", notification, from: "peer" }))), // prettier-ignore
  ];
}

/** Bytes per stored notification (its JSON, as persisted) against the seed's estimate. */
export function benchBytes(count = 200): Record<string, unknown>[] {
  const relayKey = realCrypto().generateKeyPair("ed25519", bytes(32));
  const sizes = Array.from({ length: count }, (_, i) => JSON.stringify(signNotification(withWork(sealedAt(i), 12345n), relayKey)).length); // prettier-ignore
  const mean = sizes.reduce((a, b) => a + b, 0) / count;
  const cap = constants.PER_RECIPIENT;
  return [
    { what: "bytes per notification (JSON as stored)", here: Math.round(mean), seed: "~1 KB" },
    { what: `per recipient at the cap (${cap})`, here: `${((mean * cap) / 1e6).toFixed(2)} MB`, seed: "90 MB" },
    {
      what: "per recipient, 90 days at 1,000/day (no cap)",
      here: `${((mean * 90_000) / 1e6).toFixed(1)} MB`,
      seed: "90 MB",
    },
  ];
}
