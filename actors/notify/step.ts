import type { ActorEnv, ActorEvent } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { receiveCopy, route, submit, type Verdict } from "./accept.js";
import { MAX_BATCH } from "./messages.js";
import { finish, onResult, queryProviders, startFetch } from "./fetch.js";
import type { NotifyState, Out } from "./state.js";
import { antiEntropyRound, onDigest, onItems, onWant, sendDigests } from "./sync.js";

const HEX64 = /^[0-9a-f]{64}$/;
const isId = (x: unknown): x is NodeId => typeof x === "string" && x.length > 0;
const ids = (x: unknown): NodeId[] => (Array.isArray(x) ? x.filter(isId) : []);

/**
 * One input of the notify actor: mutates `s`, appends effects to `out`. Frames from peers
 * are checked field by field (the host checks only `type`): a bad one is counted and
 * dropped, never thrown. Commands come from the node itself (HTTP API, a workload), so a
 * bad command is a bug and throws.
 */
export function step(s: NotifyState, env: ActorEnv, ev: ActorEvent, out: Out): void {
  const now = env.now();
  const from = ev.from;
  switch (ev.type) {
    case "notify.start":
      out.setTimer("sweep", s.cfg.sweepInterval, { type: "notify.sweep" });
      out.setTimer("antiEntropy", s.cfg.antiEntropyInterval, { type: "notify.antiEntropy" });
      return;
    case "submit": {
      const v = submit(s, out, now, ev.notification);
      return observeVerdict(out, v, { ref: ev.ref ?? null, level: s.difficulty.level(now) });
    }
    case "fetch": {
      if (typeof ev.ref !== "string" || typeof ev.recipient !== "string" || !HEX64.test(ev.recipient))
        throw new TypeError("notify fetch needs a string ref and a 64-hex-digit recipient");
      return startFetch(s, out, ev.ref, ev.recipient, typeof ev.since === "number" ? ev.since : 0);
    }
    case "SUBMIT": {
      if (!isId(from) || typeof ev.rid !== "number") return void s.stats.malformed++;
      const v = submit(s, out, now, ev.notification);
      observeVerdict(out, v, { from, level: s.difficulty.level(now) });
      return out.send(from, { type: "SUBMIT_RESULT", rid: ev.rid, ...v });
    }
    case "SUBMIT_RESULT":
      return out.observe("submitResult", { from, rid: ev.rid, ok: ev.ok === true, reason: ev.reason });
    case "STORE":
      if (!isId(from)) return void s.stats.malformed++;
      receiveCopy(s, out, now, ev.notification, from, "store");
      return;
    case "DIGEST":
      if (!isId(from)) return void s.stats.malformed++;
      return onDigest(s, out, now, from, ev.recipient, ev.hashes);
    case "WANT":
      if (!isId(from)) return void s.stats.malformed++;
      return onWant(s, out, from, ev.recipient, ev.hashes);
    case "ITEMS":
      if (!isId(from)) return void s.stats.malformed++;
      return onItems(s, out, now, from, ev.notifications);
    case "QUERY": {
      const ok = isId(from) && typeof ev.rid === "number" && typeof ev.recipient === "string";
      if (!ok || typeof ev.since !== "number") return void s.stats.malformed++;
      const notifications = s.store.since(ev.recipient as string, ev.since, now).slice(-MAX_BATCH);
      return out.send(from, { type: "RESULT", rid: ev.rid, notifications });
    }
    case "RESULT":
      if (!isId(from)) return void s.stats.malformed++;
      return onResult(s, out, now, from, ev.rid, ev.notifications);
    case "kad.result":
      return kadResult(s, out, now, ev);
    case "notify.routeTimeout":
      return route(s, out, now, String(ev.hash), []);
    case "notify.fetchTimeout":
      return finish(s, out, String(ev.ref));
    case "notify.antiEntropy":
      return antiEntropyRound(s, out);
    case "notify.sweep":
      return sweep(s, out, now);
  }
}

function observeVerdict(out: Out, v: Verdict, extra: Record<string, unknown>): void {
  if (v.ok) out.observe("accepted", { ...extra, ...v });
  else out.observe("refused", { ...extra, ...v });
}

/** The kademlia actor answered one of our operations (see `tag`). */
function kadResult(s: NotifyState, out: Out, now: number, ev: ActorEvent): void {
  const tag = (ev.tag ?? {}) as { kind?: string; hash?: string; recipient?: string; ref?: string };
  const closest = ids(ev.closest);
  if (tag.kind === "route" && tag.hash) return route(s, out, now, tag.hash, closest);
  if (tag.kind === "sync" && tag.recipient) return sendDigests(s, out, now, tag.recipient, closest);
  if (tag.kind === "fetch" && tag.ref) return queryProviders(s, out, now, tag.ref, ids(ev.providers), closest);
}

function sweep(s: NotifyState, out: Out, now: number): void {
  const gone = s.store.sweep(now);
  s.stats.expired += gone.length;
  s.limit.sweep(now);
  for (const [h, until] of s.accepted) if (until <= now) s.accepted.delete(h);
  for (const [r, p] of s.placement) if (now - p.at >= s.cfg.placementTtl) s.placement.delete(r);
  if (gone.length > 0) out.observe("expired", { count: gone.length });
  out.setTimer("sweep", s.cfg.sweepInterval, { type: "notify.sweep" });
}
