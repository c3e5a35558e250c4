import type { NodeId } from "../../runtime/driver.js";
import { placed, receiveCopy } from "./accept.js";
import { dhtKey } from "./constants.js";
import { MAX_BATCH } from "./messages.js";
import { replicasFor } from "./placement.js";
import type { NotifyState, Out } from "./state.js";

/**
 * Pull anti-entropy, hashes first. Every `antiEntropyInterval` a relay looks up each
 * recipient it holds (the replica set moves with churn) and sends its hash list to the
 * other replicas; a replica answers with the hashes it lacks (WANT) and receives only
 * those (ITEMS). A replica that lost everything is refilled by its peers' digests; a new
 * closest node learns what it should hold the same way.
 */

const ITEMS_BATCH = 250;
const HEX64 = /^[0-9a-f]{64}$/;
const hashList = (x: unknown): string[] | undefined =>
  Array.isArray(x) && x.length <= MAX_BATCH && x.every((h) => typeof h === "string" && HEX64.test(h))
    ? (x as string[])
    : undefined;

/** The periodic round: one lookup per recipient held. */
export function antiEntropyRound(s: NotifyState, out: Out): void {
  for (const r of s.store.recipients())
    out.tell("kad", { type: "lookup", key: dhtKey(r), tag: { kind: "sync", recipient: r } });
  out.setTimer("antiEntropy", s.cfg.antiEntropyInterval, { type: "notify.antiEntropy" });
}

/** The recipient's lookup answered: send our digest to the other replicas. */
export function sendDigests(
  s: NotifyState,
  out: Out,
  now: number,
  recipient: string,
  closest: readonly NodeId[],
): void {
  placed(s, now, recipient, closest);
  const hashes = s.store.hashes(recipient, now);
  if (hashes.length === 0) return;
  for (const id of replicasFor(recipient, [...closest, s.self], s.cfg.replicas))
    if (id !== s.self) out.send(id, { type: "DIGEST", recipient, hashes });
}

/** A peer's digest: ask for what we lack. */
export function onDigest(s: NotifyState, out: Out, now: number, from: NodeId, recipient: unknown, raw: unknown): void {
  const hashes = hashList(raw);
  if (typeof recipient !== "string" || !HEX64.test(recipient) || !hashes) return void s.stats.malformed++;
  const missing = hashes.filter((h) => !s.store.has(recipient, h));
  if (missing.length > 0) out.send(from, { type: "WANT", recipient, hashes: missing });
  out.observe("digest", { from, recipient, offered: hashes.length, missing: missing.length, at: now });
}

/** A peer wants these: send the ones we have. */
export function onWant(s: NotifyState, out: Out, from: NodeId, recipient: unknown, raw: unknown): void {
  const hashes = hashList(raw);
  if (typeof recipient !== "string" || !HEX64.test(recipient) || !hashes) return void s.stats.malformed++;
  const notifications = s.store.get(recipient, hashes);
  // Batches well inside a frame (libp2p's 1 MiB): ~700 B each.
  for (let i = 0; i < notifications.length; i += ITEMS_BATCH)
    out.send(from, { type: "ITEMS", recipient, notifications: notifications.slice(i, i + ITEMS_BATCH) });
}

/** The items we asked for: each checked like any replica copy. */
export function onItems(s: NotifyState, out: Out, now: number, from: NodeId, raw: unknown): void {
  if (!Array.isArray(raw) || raw.length > MAX_BATCH) return void s.stats.malformed++;
  let repaired = 0;
  for (const n of raw) if (receiveCopy(s, out, now, n, from, "sync")) repaired++;
  s.stats.repaired += repaired;
  if (repaired > 0) out.observe("repaired", { from, count: repaired });
}
