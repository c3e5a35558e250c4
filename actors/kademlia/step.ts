import type { ActorEnv, ActorEvent } from "../../runtime/actor.js";
import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import { evictionAnswered, evictionTimedOut, forget, heard } from "./contacts.js";
import { toHex } from "./distance.js";
import { REQUEST_TYPES, RESPONSE_TYPES, type Inbound, type KadRequest, type KadResponse } from "./messages.js";
import { opTimedOut, queryAnswered, queryFailed, startOp, storeSettled } from "./operations.js";
import type { Refused } from "./authorize.js";
import { serve } from "./serve.js";
import type { KadState, Op, Out } from "./state.js";

const requests: ReadonlySet<string> = new Set(REQUEST_TYPES);
const responses: ReadonlySet<string> = new Set(RESPONSE_TYPES);
const commands: ReadonlySet<string> = new Set(["lookup", "get", "put", "provide", "findProviders"]);

/** A node id or key from the outside world: a non-empty string. */
const isId = (x: unknown): x is NodeId => typeof x === "string" && x.length > 0;

/**
 * One input of the Kademlia actor: mutates `s` and appends effects to `out`. Inputs
 * from peers are checked field by field, because the host only checks their `type`: a
 * bad field is counted as unexpected and ignored, never thrown.
 */
export function step(s: KadState, env: ActorEnv, ev: ActorEvent, out: Out): void {
  const now = env.now();
  const t = ev.type;
  if (requests.has(t)) {
    if (s.cache || !isId(ev.from) || (t !== "ADD_PROVIDER" && typeof ev.rid !== "number")) return bad(s);
    if (t !== "PING" && !isId(ev.key)) return bad(s);
    const refusal = s.cfg.authorize?.({ from: ev.from, type: t, token: ev.token, now });
    if (refusal !== undefined) return refuse(s, out, ev, refusal);
    return serve(s, out, ev as unknown as Inbound<KadRequest>, now);
  }
  if (responses.has(t)) return response(s, out, now, ev as unknown as Inbound<KadResponse>);
  if (t === "REFUSED") return refused(s, out, now, ev);
  if (commands.has(t)) {
    if (!isId(ev.key)) throw new TypeError(`kademlia command '${t}' needs a string key`);
    // A sibling's `tell` carries `sender`: it gets the result back as `kad.result` with its `tag`.
    const replyTo = typeof ev.sender === "string" ? { replyTo: { actor: ev.sender, tag: ev.tag } } : {};
    const value = t === "put" ? { value: String(ev.value ?? "") } : {};
    return startOp(s, out, now, t as Op, ev.key, { ...value, ...replyTo });
  }
  switch (t) {
    case "kad.start":
      for (const id of [...s.cfg.bootstrap, ...s.restoredContacts]) addPeer(s, out, id);
      maybeJoin(s, out, now);
      out.setTimer("sweep", s.cfg.sweepInterval, { type: "kad.sweep" });
      if (s.provided.size > 0) out.setTimer("republish", s.cfg.providerRepublish, { type: "kad.republish" });
      return;
    case "auth.token":
      // The auth actor's session token, presented from now on; its backbone list joins ours.
      if (typeof ev.token === "string") s.token = ev.token;
      if (Array.isArray(ev.backbone)) for (const id of ev.backbone) if (isId(id)) addPeer(s, out, id);
      return;
    case "peers.discovered":
      if (Array.isArray(ev.peers)) for (const id of ev.peers) if (isId(id)) addPeer(s, out, id);
      maybeJoin(s, out, now);
      return;
    case "kad.selfLookup":
      startOp(s, out, now, "refresh", s.self);
      out.setTimer("self", s.cfg.selfLookupInterval, { type: "kad.selfLookup" });
      return;
    case "kad.rejoin":
      for (const id of [...s.cfg.bootstrap, ...s.restoredContacts]) addPeer(s, out, id);
      maybeJoin(s, out, now);
      return;
    case "send.failed": {
      // The driver could not reach the peer: the request fails now, not after requestTimeout.
      const rid = (ev.msg as { rid?: unknown } | undefined)?.rid;
      if (typeof rid !== "number" || !s.pending.has(rid)) return;
      out.cancelTimer(`r${rid}`);
      return timeout(s, out, now, rid);
    }
    case "kad.timeout":
      return timeout(s, out, now, ev.rid as number);
    case "kad.opTimeout": {
      const o = s.ops.get(ev.qid as number);
      if (o) opTimedOut(s, out, now, o);
      return;
    }
    case "kad.refresh":
      return refresh(s, env, out, now);
    case "kad.refreshFar": {
      // Buckets farther than our nearest neighbour: a random key in each (Kademlia §2.3).
      const nearest = s.table.closest(s.selfKey, 1)[0];
      const limit = nearest ? s.table.bucketIndex(nearest.key) : 0;
      for (let i = Math.max(0, limit - s.cfg.joinRefreshBuckets); i < limit; i++) {
        const target = s.table.randomKeyInBucket(i, env.rng);
        startOp(s, out, now, "refresh", `0x${toHex(target)}`, { target });
      }
      return;
    }
    case "kad.republish":
      for (const key of s.provided) startOp(s, out, now, "provide", key);
      out.setTimer("republish", s.cfg.providerRepublish, { type: "kad.republish" });
      return;
    case "kad.sweep":
      s.records.sweep(now);
      s.providers.sweep(now);
      out.setTimer("sweep", s.cfg.sweepInterval, { type: "kad.sweep" });
      return;
  }
}

function bad(s: KadState): void {
  s.stats.unexpected++;
}

/** A request the authorizer refused: logged with the reason and answered at once with it. */
function refuse(s: KadState, out: Out, ev: ActorEvent, reason: string): void {
  out.observe("refused", { from: ev.from, type: ev.type, reason });
  if (typeof ev.rid === "number")
    out.send(ev.from as NodeId, { type: "REFUSED", rid: ev.rid, reason } as Refused as never);
}

/** A server refused one of our requests: the query fails now (the peer stays known: it is alive). */
function refused(s: KadState, out: Out, now: Millis, ev: ActorEvent): void {
  const p = typeof ev.rid === "number" ? s.pending.get(ev.rid) : undefined;
  if (!p || p.peer !== ev.from || p.kind === "evict") return bad(s);
  s.pending.delete(ev.rid as number);
  out.cancelTimer(`r${ev.rid as number}`);
  out.observe("refusedBy", { peer: ev.from, reason: String(ev.reason) });
  const o = s.ops.get(p.qid);
  if (!o) return;
  if (p.kind === "store") return storeSettled(s, out, now, o, ev.rid as number, false);
  o.inflight.delete(ev.rid as number);
  queryFailed(s, out, now, o, p.peer);
}

function addPeer(s: KadState, out: Out, id: NodeId): void {
  if (id === s.self) return;
  if (s.cache) {
    if (!s.backbone.includes(id)) s.backbone.push(id);
  } else heard(s, out, id, true);
}

function maybeJoin(s: KadState, out: Out, now: Millis): void {
  if (s.joined || s.joining) return;
  const known = s.cache ? s.backbone.length : s.table.size;
  if (known === 0) return;
  if (s.cache || !s.cfg.selfLookup) {
    s.joined = true;
    out.joined = true;
  } else {
    s.joining = true;
    startOp(s, out, now, "join", s.self);
  }
  if (!s.cache && s.cfg.refreshInterval > 0) out.setTimer("refresh", s.cfg.refreshInterval, { type: "kad.refresh" });
}

function response(s: KadState, out: Out, now: Millis, ev: Inbound<KadResponse>): void {
  const p = typeof ev.rid === "number" ? s.pending.get(ev.rid) : undefined;
  if (!p || p.peer !== ev.from) return bad(s);
  s.pending.delete(ev.rid);
  out.cancelTimer(`r${ev.rid}`);
  s.stats.responsesIn++;
  heard(s, out, ev.from, true);
  if (p.kind === "evict") return evictionAnswered(s, p.bucket);
  const o = s.ops.get(p.qid);
  if (!o) return;
  if (p.kind === "store")
    return storeSettled(s, out, now, o, ev.rid, ev.type === "PUT_VALUE_RESPONSE" && ev.ok === true);
  o.inflight.delete(ev.rid);
  queryAnswered(s, out, now, o, ev.from, ev);
}

function timeout(s: KadState, out: Out, now: Millis, rid: number): void {
  const p = s.pending.get(rid);
  if (!p) return;
  s.pending.delete(rid);
  s.stats.timeouts++;
  if (p.kind === "evict") return evictionTimedOut(s, out, p.peer, p.candidate, p.bucket);
  forget(s, p.peer);
  const o = s.ops.get(p.qid);
  if (!o) return;
  if (p.kind === "store") return storeSettled(s, out, now, o, rid, false);
  o.inflight.delete(rid);
  queryFailed(s, out, now, o, p.peer);
}

/** Looks up a random key in every bucket no lookup has touched for a refresh interval, and ourselves. */
function refresh(s: KadState, env: ActorEnv, out: Out, now: Millis): void {
  out.setTimer("refresh", s.cfg.refreshInterval, { type: "kad.refresh" });
  if (s.cache) return;
  const stale = (i: number) => now - (s.bucketUsed.get(i) ?? -Infinity) >= s.cfg.refreshInterval;
  for (const i of s.table.nonEmptyBuckets()) {
    if (!stale(i)) continue;
    const target = s.table.randomKeyInBucket(i, env.rng);
    startOp(s, out, now, "refresh", `0x${toHex(target)}`, { target });
  }
  startOp(s, out, now, "refresh", s.self);
}
