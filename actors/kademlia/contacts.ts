import type { NodeId } from "../../runtime/driver.js";
import type { Contact } from "./closest.js";
import { contact, type KadState, type Out } from "./state.js";

/**
 * We heard from `id` (a request or an answer): it is alive. Servers go into the k-buckets
 * (a full bucket pings its least-recently-seen contact first); light nodes refresh their
 * LRU cache. Light senders (`isServer` false) are never added: nobody could reach them.
 */
export function heard(s: KadState, out: Out, id: NodeId, isServer: boolean): void {
  if (id === s.self || !isServer) return;
  if (s.cache) {
    s.cache.put(contact(id));
    return;
  }
  const c = contact(id);
  const r = s.table.update(c);
  if (r.kind === "rejected") s.stats.diversityRejects++;
  else if (r.kind === "full") startEviction(s, out, r.bucket, r.lrs, c);
}

/** Pings `lrs`; if it does not answer in time, `candidate` takes its place (see {@link evictionTimedOut}). */
function startEviction(s: KadState, out: Out, bucket: number, lrs: Contact, candidate: Contact): void {
  // One ping per bucket at a time: later candidates are dropped, which is what keeps a
  // flood of new ids from churning a bucket of long-lived contacts.
  if (s.evicting.has(bucket)) return;
  s.evicting.add(bucket);
  const rid = s.nextRid++;
  s.pending.set(rid, { kind: "evict", peer: lrs.id, candidate, bucket });
  out.send(lrs.id, { type: "PING", rid });
  out.setTimer(`r${rid}`, s.cfg.pingTimeout, { type: "kad.timeout", rid });
}

/** The least-recently-seen contact answered its ping: it stays (already moved by {@link heard}). */
export function evictionAnswered(s: KadState, bucket: number): void {
  s.evicting.delete(bucket);
}

/** The ping went unanswered: evict the old contact if it is still the bucket's LRS, and add the candidate. */
export function evictionTimedOut(s: KadState, out: Out, lrs: NodeId, candidate: Contact, bucket: number): void {
  s.evicting.delete(bucket);
  if (s.table.bucket(bucket)[0]?.id === lrs) {
    s.table.remove(lrs);
    s.stats.evictions++;
  }
  heard(s, out, candidate.id, true);
}

/** `id` failed to answer a request: drop it so lookups stop wasting time on it. */
export function forget(s: KadState, id: NodeId): void {
  if (s.cache) s.cache.remove(id);
  else s.table.remove(id);
}

/** Contacts the node knows of, for persistence across restarts. */
export function knownIds(s: KadState): NodeId[] {
  if (s.cache) return [...s.backbone, ...s.cache.ids().filter((id) => !s.backbone.includes(id))];
  return [...s.table.contacts()].map((c) => c.id);
}
