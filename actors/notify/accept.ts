import type { NodeId } from "../../runtime/driver.js";
import { dhtKey } from "./constants.js";
import {
  address,
  checkNotification,
  parseNotification,
  signNotification,
  type Notification,
  type Refusal,
} from "./notification.js";
import { replicasFor } from "./placement.js";
import type { NotifyState, Out } from "./state.js";
import { u64Hex } from "./work.js";

/** The outcome of a submission: accepted with its address, or refused with why (and the threshold now). */
export type Verdict =
  | { readonly ok: true; readonly hash: string; readonly address: string }
  | { readonly ok: false; readonly reason: Refusal; readonly required?: string; readonly hash?: string };

/**
 * A new notification from a wallet (HTTP, a workload, a SUBMIT frame). Checked cheapest
 * first, then held to the *current* difficulty and the recipient's rate limit. A refusal
 * stores and forwards nothing. Accepted: signed with the node's key, then routed to the
 * XOR-closest replicas once the kademlia actor has looked the recipient up.
 */
export function submit(s: NotifyState, out: Out, now: number, raw: unknown): Verdict {
  const n = parseNotification(raw);
  const refuse = (reason: Refusal, required?: bigint): Verdict => {
    s.stats.refused[reason]++;
    return {
      ok: false,
      reason,
      ...(required === undefined ? {} : { required: u64Hex(required) }),
      ...(n ? { hash: n.hash } : {}),
    };
  };
  if (!n) return refuse("malformed");
  const required = s.difficulty.current(now);
  const bad = checkNotification(n, {
    now,
    threshold: required,
    maxTtl: s.cfg.maxTtl,
    maxSkew: s.cfg.maxSkew,
    signed: false,
  });
  if (bad) return refuse(bad, bad === "low-work" ? required : undefined);
  if (s.accepted.has(n.hash) || s.store.has(n.recipient, n.hash)) return refuse("duplicate");
  // A submission is new: an old notification replayed to another relay is refused here
  // (one replayed within maxAge is accepted there but stored nowhere twice: replicas dedupe).
  if (now - n.timestamp > s.cfg.maxAge) return refuse("stale");
  if (!s.limit.allows(n.recipient, now)) return refuse("rate-limited");
  s.limit.record(n.recipient, now);
  s.difficulty.record(now);
  s.accepted.set(n.hash, n.timestamp + n.ttl);
  s.stats.accepted++;
  const signed = signNotification(n, s.key, s.crypto);
  s.routing.set(n.hash, signed);
  const known = s.placement.get(n.recipient);
  if (known && now - known.at < s.cfg.placementTtl) route(s, out, now, n.hash, known.closest);
  else lookupReplicas(s, out, n.hash, n.recipient);
  return { ok: true, hash: n.hash, address: address(n.hash) };
}

function lookupReplicas(s: NotifyState, out: Out, hash: string, recipient: string): void {
  out.tell("kad", { type: "lookup", key: dhtKey(recipient), tag: { kind: "route", hash } });
  out.setTimer(`route:${hash}`, s.cfg.lookupTimeout, { type: "notify.routeTimeout", hash });
}

/** A replica lookup for `recipient` answered: remembered for the next ones (an empty answer is not). */
export function placed(s: NotifyState, now: number, recipient: string, closest: readonly NodeId[]): void {
  if (closest.length > 0) s.placement.set(recipient, { closest, at: now });
}

/** The replica lookup answered (or timed out: `closest` empty): store here and/or send copies. */
export function route(s: NotifyState, out: Out, now: number, hash: string, closest: readonly NodeId[]): void {
  const n = s.routing.get(hash);
  if (!n) return;
  s.routing.delete(hash);
  out.cancelTimer(`route:${hash}`);
  placed(s, now, n.recipient, closest);
  const replicas = replicasFor(n.recipient, [...closest, s.self], s.cfg.replicas);
  for (const id of replicas)
    if (id === s.self) keep(s, out, now, n, "entry");
    else out.send(id, { type: "STORE", notification: n });
  out.observe("routed", { hash, recipient: n.recipient, replicas });
}

/**
 * A copy from another relay (STORE, anti-entropy ITEMS): it must carry a storing relay's
 * valid signature and work at the base difficulty (the entry relay held it to its own
 * current one). Returns true when it was new and stored.
 */
export function receiveCopy(s: NotifyState, out: Out, now: number, raw: unknown, from: NodeId, via: string): boolean {
  const n = parseNotification(raw);
  if (!n) {
    s.stats.refused.malformed++;
    out.observe("dropped", { from, via, reason: "malformed" });
    return false;
  }
  if (s.store.has(n.recipient, n.hash)) return false;
  const bad = checkNotification(n, { now, threshold: s.base, maxTtl: s.cfg.maxTtl, maxSkew: s.cfg.maxSkew, signed: true, crypto: s.crypto }); // prettier-ignore
  if (bad) {
    s.stats.refused[bad]++;
    out.observe("dropped", { from, via, hash: n.hash, reason: bad });
    return false;
  }
  return keep(s, out, now, n, via);
}

/** Stores a valid notification (LRU within the recipient's cap) and announces the recipient once. */
export function keep(s: NotifyState, out: Out, now: number, n: Notification, via: string): boolean {
  const { stored, evicted } = s.store.put(n);
  if (!stored) return false;
  s.stats.stored++;
  s.stats.evicted += evicted.length;
  out.observe("stored", { hash: n.hash, recipient: n.recipient, via });
  if (evicted.length > 0) out.observe("evicted", { recipient: n.recipient, hashes: evicted });
  if (!s.provided.has(n.recipient)) {
    s.provided.add(n.recipient);
    out.tell("kad", { type: "provide", key: dhtKey(n.recipient), tag: { kind: "provide" } });
  }
  return true;
}
