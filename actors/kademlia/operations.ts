import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import type { Contact } from "./closest.js";
import { kadKey, toHex, type KadKey } from "./distance.js";
import { Lookup } from "./lookup.js";
import type { KadMessage, KadResponse } from "./messages.js";
import { isValid } from "./records.js";
import { isRecord } from "./serve.js";
import { contact, type KadState, type Op, type Operation, type Out } from "./state.js";

/** Options of {@link startOp}. */
export interface OpOptions {
  /** The value a put stores. */
  readonly value?: string;
  /** A raw target instead of sha256(key) (bucket refresh). */
  readonly target?: KadKey;
  /** The sibling actor that asked (by `tell`), told `kad.result` when the operation completes. */
  readonly replyTo?: { readonly actor: string; readonly tag: unknown };
}

/** Where a lookup starts: the nearest contacts we know, and a light node's backbone. */
function seeds(s: KadState, target: KadKey): Contact[] {
  if (!s.cache) {
    const near = s.table.closest(target, s.cfg.k);
    // An empty table (every contact timed out) falls back to the configured bootstrap peers.
    return near.length > 0 ? near : s.cfg.bootstrap.filter((id) => id !== s.self).map(contact);
  }
  const near = s.cache.closest(target, s.cfg.k);
  for (const id of s.backbone) if (!near.some((c) => c.id === id)) near.push(contact(id));
  return near;
}

/** Starts an operation; a light node answers a peer lookup from its cache when it can. */
export function startOp(s: KadState, out: Out, now: Millis, op: Op, key: string, opts: OpOptions = {}): void {
  // A light node resolves a peer from its cache: by node lookup, or by its provider record
  // (light nodes are findable only as providers of their own id: servers keep no clients).
  const cached = op === "lookup" ? s.cache?.get(key) : op === "findProviders" ? s.resolved?.get(key) : undefined;
  if (cached) {
    out.observe("lookup.done", { op, key, ok: true, found: true, hops: 0, ms: 0, msgs: 0, cache: "hit" });
    return;
  }
  const target = opts.target ?? kadKey(key);
  const qid = s.nextQid++;
  const o: Operation = {
    qid,
    op,
    key,
    started: now,
    lookup: new Lookup(target, s.cfg.k, s.cfg.alpha, s.cfg.disjointPaths, s.self, seeds(s, target)),
    ...(opts.value !== undefined ? { value: opts.value } : {}),
    msgs: 0,
    providers: new Set(),
    providersHop: 0,
    cacheMiss: s.cache !== undefined && (op === "lookup" || op === "findProviders"),
    inflight: new Map(),
    ...(opts.replyTo ? { replyTo: opts.replyTo } : {}),
  };
  s.ops.set(qid, o);
  if (!s.cache) s.bucketUsed.set(s.table.bucketIndex(target), now);
  if (op === "get") {
    const local = s.records.get(key, now);
    if (local) o.record = { record: local, hop: 0 };
  }
  out.setTimer(`q${qid}`, s.cfg.operationTimeout, { type: "kad.opTimeout", qid });
  pump(s, out, now, o);
}

/** What a light node adds to each request: the client flag, and its session token once it has one. */
function clientFields(s: KadState): { client?: true; token?: string } {
  if (!s.cache) return {};
  return s.token !== undefined ? { client: true, token: s.token } : { client: true };
}

function request(s: KadState, o: Operation, rid: number): KadMessage {
  const client = clientFields(s);
  if (o.op === "get") return { type: "GET_VALUE", rid, key: o.key, ...client };
  if (o.op === "findProviders") return { type: "GET_PROVIDERS", rid, key: o.key, ...client };
  const target = o.op === "refresh" ? { target: toHex(o.lookup.target) } : {};
  return { type: "FIND_NODE", rid, key: o.key, ...target, ...client };
}

/** True when the operation has what it came for before the lookup converges. */
function satisfied(s: KadState, o: Operation): boolean {
  if (o.op === "get") return o.record !== undefined;
  if (o.op === "findProviders") return o.providers.size >= s.cfg.maxProviders;
  return false;
}

/** Sends the requests the lookup wants next, or finishes it when it has converged. */
export function pump(s: KadState, out: Out, now: Millis, o: Operation): void {
  if (o.storing) return;
  if (!satisfied(s, o)) {
    for (const c of o.lookup.next()) {
      const rid = s.nextRid++;
      s.pending.set(rid, { kind: "query", qid: o.qid, peer: c.contact.id });
      o.inflight.set(rid, c.contact.id);
      o.msgs++;
      out.send(c.contact.id, request(s, o, rid));
      out.setTimer(`r${rid}`, s.cfg.requestTimeout, { type: "kad.timeout", rid });
    }
    if (!o.lookup.converged) return;
  }
  finishLookup(s, out, now, o);
}

/** Turns the node ids of an answer into contacts, skipping anything that is not a string id. */
function contacts(ids: unknown, limit: number): Contact[] {
  if (!Array.isArray(ids)) return [];
  const out: Contact[] = [];
  for (const id of ids.slice(0, limit)) if (typeof id === "string" && id.length > 0) out.push(contact(id));
  return out;
}

/** An answer to one of the operation's lookup requests. */
export function queryAnswered(s: KadState, out: Out, now: Millis, o: Operation, from: NodeId, ev: KadResponse): void {
  const learned = "closer" in ev ? contacts(ev.closer, 2 * s.cfg.k) : [];
  const cand = o.lookup.answered(from, learned);
  if (!cand) return;
  if (ev.type === "GET_VALUE_RESPONSE" && ev.record !== undefined && o.record === undefined) {
    if (isRecord(ev.record) && isValid(s.cfg.validate ?? (() => true), o.key, ev.record)) {
      o.record = { record: { value: ev.record.value, published: ev.record.published }, hop: cand.hop };
    } else s.stats.invalidRecords++;
  }
  if (ev.type === "GET_PROVIDERS_RESPONSE") {
    const found = contacts(ev.providers, s.cfg.maxProviders);
    if (found.length > 0 && o.providers.size === 0) o.providersHop = cand.hop;
    for (const p of found) o.providers.add(p.id);
  }
  pump(s, out, now, o);
}

/** One of the operation's lookup requests timed out. */
export function queryFailed(s: KadState, out: Out, now: Millis, o: Operation, peer: NodeId): void {
  o.lookup.failed(peer);
  pump(s, out, now, o);
}

function cancelInflight(s: KadState, out: Out, o: Operation): void {
  for (const rid of o.inflight.keys()) {
    s.pending.delete(rid);
    out.cancelTimer(`r${rid}`);
  }
  o.inflight.clear();
}

/** The lookup is over (converged, satisfied or out of time): store, or report. */
export function finishLookup(s: KadState, out: Out, now: Millis, o: Operation): void {
  cancelInflight(s, out, o);
  const result = o.lookup.result();
  const hops = result[0]?.hop ?? 0;
  const closest = result.map((c) => c.contact.id);
  if (o.op === "put" && !o.storing && result.length > 0) {
    s.records.put(o.key, { value: o.value ?? "", published: now }, now);
    o.storing = { pending: result.length, stored: 0, closest, hops };
    const record = { value: o.value ?? "", published: now };
    for (const id of closest) {
      const rid = s.nextRid++;
      s.pending.set(rid, { kind: "store", qid: o.qid, peer: id });
      o.inflight.set(rid, id);
      o.msgs++;
      out.send(id, { type: "PUT_VALUE", rid, key: o.key, record, ...clientFields(s) });
      out.setTimer(`r${rid}`, s.cfg.requestTimeout, { type: "kad.timeout", rid });
    }
    return;
  }
  if (o.op === "provide") {
    // The first provided key starts the republish cycle; kad.republish keeps it going.
    if (s.provided.size === 0) out.setTimer("republish", s.cfg.providerRepublish, { type: "kad.republish" });
    s.provided.add(o.key);
    s.providers.add(o.key, s.self, now);
    for (const id of closest) out.send(id, { type: "ADD_PROVIDER", key: o.key, ...clientFields(s) });
    o.msgs += closest.length;
  }
  complete(s, out, now, o, result.length > 0, hops, closest);
}

/** A PUT_VALUE was acknowledged (`ok`) or timed out. */
export function storeSettled(s: KadState, out: Out, now: Millis, o: Operation, rid: number, ok: boolean): void {
  const st = o.storing;
  if (!st || !o.inflight.delete(rid)) return;
  st.pending--;
  if (ok) st.stored++;
  if (st.pending === 0) complete(s, out, now, o, st.stored > 0, st.hops, st.closest);
}

/** The operation ran out of time: report what it has. */
export function opTimedOut(s: KadState, out: Out, now: Millis, o: Operation): void {
  if (o.storing) {
    cancelInflight(s, out, o);
    complete(s, out, now, o, o.storing.stored > 0, o.storing.hops, o.storing.closest);
  } else finishLookup(s, out, now, o);
}

function complete(
  s: KadState,
  out: Out,
  now: Millis,
  o: Operation,
  reached: boolean,
  hops: number,
  closest: NodeId[],
): void {
  cancelInflight(s, out, o);
  s.ops.delete(o.qid);
  out.cancelTimer(`q${o.qid}`);
  const base = { op: o.op, key: o.key, hops, ms: now - o.started, msgs: o.msgs };
  switch (o.op) {
    case "get":
      out.observe("lookup.done", {
        ...base,
        ok: o.record !== undefined,
        hops: o.record?.hop ?? hops,
        value: o.record?.record.value,
      });
      break;
    case "findProviders":
      out.observe("lookup.done", {
        ...base,
        ok: o.providers.size > 0,
        hops: o.providersHop,
        providers: [...o.providers],
        ...(o.cacheMiss ? { cache: "miss" } : {}),
      });
      if (s.resolved && o.providers.has(o.key)) s.resolved.put(contact(o.key));
      break;
    case "put":
      out.observe("lookup.done", { ...base, ok: reached, stored: o.storing?.stored ?? 0 });
      break;
    case "lookup": {
      const found = closest.includes(o.key);
      const extra = s.cfg.observeClosest ? { closest } : {};
      out.observe("lookup.done", { ...base, ok: reached, found, ...extra, ...(o.cacheMiss ? { cache: "miss" } : {}) });
      if (s.cache) for (const id of closest) s.cache.put(contact(id));
      break;
    }
    default:
      out.observe("lookup.done", { ...base, ok: reached });
  }
  // A sibling's command is answered by `tell`, with what it needs whatever observeClosest says.
  if (o.replyTo) {
    const { actor, tag } = o.replyTo;
    const ok = o.op === "findProviders" ? o.providers.size > 0 : reached;
    out.tell(actor, { type: "kad.result", op: o.op, key: o.key, tag, ok, closest, providers: [...o.providers] });
  }
  if (o.op === "join") {
    s.joining = false;
    if (reached) {
      s.joined = true;
      out.joined = true;
      if (s.cfg.initialSelfLookup > 0) out.setTimer("self", s.cfg.initialSelfLookup, { type: "kad.selfLookup" });
      if (s.cfg.joinRefreshBuckets > 0) out.setTimer("refresh-join", 0, { type: "kad.refreshFar" });
    } else out.setTimer("rejoin", s.cfg.joinRetry, { type: "kad.rejoin" });
  }
}
