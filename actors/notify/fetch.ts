import type { NodeId } from "../../runtime/driver.js";
import { dhtKey } from "./constants.js";
import { MAX_BATCH } from "./messages.js";
import { checkNotification, parseNotification } from "./notification.js";
import { replicasFor } from "./placement.js";
import type { NotifyState, Out } from "./state.js";

/**
 * The wallet side as the relay runs it for a wallet that asks it (`fetch` command): find
 * the recipient's providers in the DHT, ask the closest `replicas` of them for everything
 * since T, keep only notifications that verify (hash, work at the base difficulty, a
 * relay's signature, unexpired), dedupe by hash. Decryption stays with the wallet, which
 * alone holds the key; it re-verifies what it gets.
 */

/** Starts a fetch; the result is observed as `notify.fetched` with `ref`. */
export function startFetch(s: NotifyState, out: Out, ref: string, recipient: string, since: number): void {
  const f = { ref, recipient, since, waiting: new Set<NodeId>(), asked: [], got: new Map(), rejected: 0 };
  s.fetches.set(ref, f);
  out.tell("kad", { type: "findProviders", key: dhtKey(recipient), tag: { kind: "fetch", ref } });
  out.setTimer(`fetch:${ref}`, s.cfg.lookupTimeout + s.cfg.requestTimeout, { type: "notify.fetchTimeout", ref });
}

/** Providers found (or, with none, the closest nodes): query the nearest of them. */
export function queryProviders(
  s: NotifyState,
  out: Out,
  now: number,
  ref: string,
  providers: readonly NodeId[],
  closest: readonly NodeId[],
): void {
  const f = s.fetches.get(ref);
  if (!f || f.asked.length > 0) return;
  const pool = providers.length > 0 ? [...providers] : [...closest];
  if (s.store.recipients().includes(f.recipient)) pool.push(s.self);
  const targets = replicasFor(f.recipient, pool, s.cfg.replicas);
  f.asked.push(...targets);
  for (const id of targets) {
    if (id === s.self) {
      collect(s, f.ref, now, s.store.since(f.recipient, f.since, now));
      continue;
    }
    const rid = s.nextRid++;
    s.queries.set(rid, { ref, peer: id });
    f.waiting.add(id);
    out.send(id, { type: "QUERY", rid, recipient: f.recipient, since: f.since });
  }
  if (f.waiting.size === 0) finish(s, out, ref);
}

/** A relay's answer to our QUERY. */
export function onResult(s: NotifyState, out: Out, now: number, from: NodeId, rid: unknown, raw: unknown): void {
  const q = typeof rid === "number" ? s.queries.get(rid) : undefined;
  if (!q || q.peer !== from || !Array.isArray(raw)) return void s.stats.malformed++;
  s.queries.delete(rid as number);
  const f = s.fetches.get(q.ref);
  if (!f) return;
  f.waiting.delete(from);
  collect(s, q.ref, now, raw.slice(0, MAX_BATCH));
  if (f.waiting.size === 0) finish(s, out, q.ref);
}

function collect(s: NotifyState, ref: string, now: number, items: readonly unknown[]): void {
  const f = s.fetches.get(ref)!;
  for (const raw of items) {
    const n = parseNotification(raw);
    const opts = { now, threshold: s.base, maxTtl: s.cfg.maxTtl, maxSkew: s.cfg.maxSkew, signed: true, crypto: s.crypto }; // prettier-ignore
    if (!n || n.recipient !== f.recipient || n.timestamp < f.since || checkNotification(n, opts)) f.rejected++;
    else if (!f.got.has(n.hash)) f.got.set(n.hash, n);
  }
}

/** Every asked relay answered, or time ran out: observe what was gathered. */
export function finish(s: NotifyState, out: Out, ref: string): void {
  const f = s.fetches.get(ref);
  if (!f) return;
  s.fetches.delete(ref);
  out.cancelTimer(`fetch:${ref}`);
  for (const [rid, q] of s.queries) if (q.ref === ref) s.queries.delete(rid);
  const notifications = [...f.got.values()].sort((a, b) => a.timestamp - b.timestamp || (a.hash < b.hash ? -1 : 1));
  out.observe("fetched", {
    ref,
    recipient: f.recipient,
    since: f.since,
    asked: f.asked,
    unanswered: [...f.waiting],
    rejected: f.rejected,
    notifications,
  });
}
