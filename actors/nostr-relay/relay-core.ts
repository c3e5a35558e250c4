import { nip77 } from "nostr-tools";
import { NegentropyServer } from "./negentropy-server.js";

const { NegentropyStorageVector } = nip77;
import type { Rng } from "../../runtime/rng.js";
import { checkEvent, isHex64, newestFirst, shapeError, tagValue, type NostrEvent } from "./event.js";
import { matchesAny, parseFilter, type Filter } from "./filter.js";
import { Ingest } from "./ingest.js";
import type { NostrRelayInit } from "./params.js";
import type { RelayStore } from "./store.js";
import { BucketMap, TokenBucket } from "./token-bucket.js";

/** What the core needs from its actor: time, randomness and the ways out. */
export interface CoreDeps {
  now(): number;
  readonly rng: Rng;
  readonly store: RelayStore;
  /** Sends one relay→client frame (JSON text) on a connection. */
  send(conn: string, text: string): void;
  /** Asks the host to close a connection. */
  close(conn: string): void;
  observe(type: string, data: unknown): void;
}

interface Conn {
  readonly challenge: string;
  readonly authed: Set<string>;
  readonly subs: Map<string, readonly Filter[]>;
  readonly negs: Map<string, NegentropyServer>;
  readonly events: TokenBucket;
  readonly reqs: TokenBucket;
}

/** Counters reported by the relay (NIP-11 has no place for them; the simulator and bench read them). */
export interface RelayCounters {
  accepted: number;
  rejected: number;
  malformed: number;
  refusedConnections: number;
}

type Frame = readonly unknown[];
const AUTH_WINDOW_SEC = 600;

/**
 * A NIP-01 relay as a deterministic object: frames in, frames out, time and randomness
 * injected. The xstate machine owns one; the simulator and the WebSocket server feed it.
 */
export class RelayCore {
  readonly ingest: Ingest;
  readonly counters: RelayCounters = { accepted: 0, rejected: 0, malformed: 0, refusedConnections: 0 };
  private readonly conns = new Map<string, Conn>();
  private readonly pubkeyRate: BucketMap;
  private readonly members: ReadonlyMap<string, { read: boolean; write: boolean; relay: boolean }> | undefined;

  constructor(
    readonly cfg: NostrRelayInit,
    private readonly deps: CoreDeps,
  ) {
    this.ingest = new Ingest(deps.store, cfg.storageMb * 1024 * 1024);
    this.pubkeyRate = new BucketMap(cfg.pubkeyRate);
    this.members = cfg.team ? new Map(cfg.team.members.map((m) => [m.pubkey, m])) : undefined;
  }

  get connections(): number {
    return this.conns.size;
  }

  private nowSec(): number {
    return Math.floor(this.deps.now() / 1000);
  }

  private out(conn: string, frame: Frame): void {
    this.deps.send(conn, JSON.stringify(frame));
  }

  /** A client connected (or reconnected: its old state goes). Sends the NIP-42 challenge. */
  open(conn: string): void {
    this.conns.delete(conn);
    if (this.conns.size >= this.cfg.maxConnections) {
      this.counters.refusedConnections++;
      this.out(conn, ["NOTICE", "restricted: too many connections"]);
      this.deps.close(conn);
      return;
    }
    const now = this.deps.now();
    const c: Conn = {
      challenge: this.deps.rng.hex64() + this.deps.rng.hex64(),
      authed: new Set(),
      subs: new Map(),
      negs: new Map(),
      events: new TokenBucket(this.cfg.connectionRate, now),
      reqs: new TokenBucket(this.cfg.reqRate, now),
    };
    this.conns.set(conn, c);
    this.out(conn, ["AUTH", c.challenge]);
  }

  /** A client went away: its subscriptions end. */
  close(conn: string): void {
    this.conns.delete(conn);
  }

  /** One client→relay frame. */
  message(conn: string, text: string): void {
    if (!this.conns.has(conn)) this.open(conn);
    const c = this.conns.get(conn);
    if (!c) return;
    if (text.length > this.cfg.maxMessageBytes) {
      this.counters.malformed++;
      const id = /"id"\s*:\s*"([0-9a-f]{64})"/.exec(text.slice(0, 4096))?.[1];
      if (text.startsWith('["EVENT"') && id)
        this.ok(conn, id, false, "invalid: event is larger than max_message_length");
      else this.out(conn, ["NOTICE", "invalid: message is larger than max_message_length"]);
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = undefined;
    }
    if (!Array.isArray(frame) || typeof frame[0] !== "string") {
      this.counters.malformed++;
      this.deps.observe("malformed", { conn });
      this.out(conn, ["NOTICE", "invalid: not a JSON array with a message type"]);
      return;
    }
    switch (frame[0]) {
      case "EVENT":
        return this.onEvent(conn, c, frame[1]);
      case "REQ":
        return this.onReq(conn, c, frame);
      case "COUNT":
        return this.onCount(conn, c, frame);
      case "CLOSE":
        if (typeof frame[1] !== "string") return this.out(conn, ["NOTICE", "invalid: CLOSE needs a subscription id"]);
        c.subs.delete(frame[1]);
        return this.out(conn, ["CLOSED", frame[1], ""]);
      case "AUTH":
        return this.onAuth(conn, c, frame[1]);
      case "NEG-OPEN":
      case "NEG-MSG":
      case "NEG-CLOSE":
        return this.onNeg(conn, c, frame);
      default:
        this.counters.malformed++;
        return this.out(conn, ["NOTICE", `invalid: unknown message type ${JSON.stringify(frame[0]).slice(0, 40)}`]);
    }
  }

  private ok(conn: string, id: string, ok: boolean, message: string): void {
    if (ok) this.counters.accepted++;
    else this.counters.rejected++;
    this.out(conn, ["OK", id, ok, message]);
  }

  /** Why this connection may not read/write, as a machine-readable message, or undefined. */
  private denied(c: Conn, right: "read" | "write"): string | undefined {
    const needAuth = this.cfg.authRequired || this.members !== undefined;
    if (needAuth && c.authed.size === 0) return "auth-required: this relay requires NIP-42 authentication";
    if (!this.members) return undefined;
    for (const pk of c.authed) if (this.members.get(pk)?.[right]) return undefined;
    return `restricted: not a team member with ${right} access`;
  }

  private onEvent(conn: string, c: Conn, raw: unknown): void {
    const id = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const idText = typeof id === "string" ? id : "";
    const shape = shapeError(raw);
    if (shape) return this.ok(conn, idText, false, `invalid: ${shape}`);
    const ev = raw as NostrEvent;
    // Refusals that need no cryptography come first: an outsider's flood costs no signature checks.
    const refused = this.denied(c, "write");
    if (refused) return this.ok(conn, ev.id, false, refused);
    if (this.members && !this.members.has(ev.pubkey))
      return this.ok(conn, ev.id, false, "restricted: the author is not a team member");
    const invalid = checkEvent(raw, this.cfg.signatures);
    if (invalid) return this.ok(conn, idText, false, invalid);
    if (ev.kind === 22242) return this.ok(conn, ev.id, false, "invalid: AUTH events are sent with AUTH, not EVENT");
    const now = this.deps.now();
    if (this.isPeerRelay(c)) {
      this.accept(ev, conn);
      return;
    }
    if (!c.events.take(now))
      return this.ok(conn, ev.id, false, "rate-limited: slow down, too many events on this connection");
    if (!this.pubkeyRate.take(ev.pubkey, now))
      return this.ok(conn, ev.id, false, "rate-limited: slow down, too many events from this pubkey");
    this.accept(ev, conn);
  }

  /** Stores (or relays, if ephemeral) a checked event and answers OK on `conn` (if any). */
  accept(ev: NostrEvent, conn: string | undefined): boolean {
    const r = this.ingest.offer(ev, this.nowSec());
    if (conn !== undefined) this.ok(conn, ev.id, r.ok, r.message);
    if (r.fresh) {
      this.deps.observe("event", { id: ev.id, kind: ev.kind, pubkey: ev.pubkey });
      this.fanOut(ev);
    }
    return r.ok;
  }

  private fanOut(ev: NostrEvent): void {
    for (const [conn, c] of this.conns) {
      for (const [sub, filters] of c.subs) if (matchesAny(filters, ev)) this.out(conn, ["EVENT", sub, ev]);
    }
  }

  /** Common checks of REQ, COUNT and NEG-OPEN; the filters, or undefined after answering `closed`. */
  private subscription(
    conn: string,
    c: Conn,
    frame: Frame,
    closed: string,
    from: number,
    to = frame.length,
  ): { sub: string; filters: Filter[] } | undefined {
    const sub = frame[1];
    if (typeof sub !== "string" || sub.length === 0 || sub.length > 64) {
      this.out(conn, ["NOTICE", "invalid: subscription id must be a string of 1 to 64 characters"]);
      return undefined;
    }
    const refuse = (msg: string): undefined => (this.out(conn, [closed, sub, msg]), undefined);
    const denied = this.denied(c, "read");
    if (denied) return refuse(denied);
    if (!this.isPeerRelay(c) && !c.reqs.take(this.deps.now())) return refuse("rate-limited: too many requests");
    if (to - from > this.cfg.maxFilters) return refuse(`invalid: more than ${this.cfg.maxFilters} filters`);
    const filters: Filter[] = [];
    for (let i = from; i < to; i++) {
      const f = parseFilter(frame[i]);
      if (typeof f === "string") return refuse(`invalid: ${f}`);
      filters.push(f);
    }
    return { sub, filters };
  }

  private onReq(conn: string, c: Conn, frame: Frame): void {
    const s = this.subscription(conn, c, frame, "CLOSED", 2);
    if (!s) return;
    if (!c.subs.has(s.sub) && c.subs.size >= this.cfg.maxSubscriptions)
      return this.out(conn, ["CLOSED", s.sub, `rate-limited: more than ${this.cfg.maxSubscriptions} subscriptions`]);
    for (const ev of this.stored(s.filters)) this.out(conn, ["EVENT", s.sub, ev]);
    this.out(conn, ["EOSE", s.sub]);
    c.subs.set(s.sub, s.filters);
  }

  /** Stored matches of several filters (ORed, each with its own limit), newest first, once each. */
  stored(filters: readonly Filter[], unlimited = false): NostrEvent[] {
    const now = this.nowSec();
    const seen = new Set<string>();
    const out: NostrEvent[] = [];
    for (const f of filters) {
      const limit = unlimited ? Number.MAX_SAFE_INTEGER : Math.min(f.limit ?? this.cfg.defaultLimit, this.cfg.maxLimit);
      for (const ev of this.ingest.index.query(f, limit, now)) {
        if (!seen.has(ev.id)) {
          seen.add(ev.id);
          out.push(ev);
        }
      }
    }
    return filters.length > 1 ? out.sort(newestFirst) : out;
  }

  private onCount(conn: string, c: Conn, frame: Frame): void {
    const s = this.subscription(conn, c, frame, "CLOSED", 2);
    if (!s) return;
    const unlimited = s.filters.map((f) => ({ ...f, limit: undefined }));
    this.out(conn, ["COUNT", s.sub, { count: this.stored(unlimited, true).length }]);
  }

  private onAuth(conn: string, c: Conn, raw: unknown): void {
    const id = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const idText = typeof id === "string" ? id : "";
    const invalid = checkEvent(raw, this.cfg.signatures);
    if (invalid) return this.ok(conn, idText, false, invalid);
    const ev = raw as NostrEvent;
    if (ev.kind !== 22242) return this.ok(conn, ev.id, false, "invalid: AUTH event must be kind 22242");
    if (tagValue(ev, "challenge") !== c.challenge) return this.ok(conn, ev.id, false, "invalid: wrong challenge");
    if (Math.abs(ev.created_at - this.nowSec()) > AUTH_WINDOW_SEC)
      return this.ok(conn, ev.id, false, "invalid: AUTH event created_at is too far from now");
    if (this.cfg.url && !sameRelay(tagValue(ev, "relay") ?? "", this.cfg.url))
      return this.ok(conn, ev.id, false, "invalid: AUTH relay tag names another relay");
    c.authed.add(ev.pubkey);
    this.deps.observe("auth", { conn, pubkey: ev.pubkey, member: this.members?.has(ev.pubkey) ?? true });
    this.ok(conn, ev.id, true, "");
  }

  /** NIP-77, relay side: reconcile the client's negentropy messages against our matching events. */
  private onNeg(conn: string, c: Conn, frame: Frame): void {
    const sub = frame[1];
    if (typeof sub !== "string")
      return this.out(conn, ["NOTICE", `invalid: ${String(frame[0])} needs a subscription id`]);
    if (frame[0] === "NEG-CLOSE") {
      c.negs.delete(sub);
      return;
    }
    let neg: NegentropyServer | undefined;
    if (frame[0] === "NEG-OPEN") {
      const s = this.subscription(conn, c, frame, "NEG-ERR", 2, 3);
      if (!s) return;
      const storage = new NegentropyStorageVector();
      for (const ev of this.stored(s.filters, true)) storage.insert(ev.created_at, ev.id);
      storage.seal();
      neg = new NegentropyServer(storage, this.cfg.negFrameLimit);
      c.negs.set(sub, neg);
    } else {
      neg = c.negs.get(sub);
      if (!neg) return this.out(conn, ["NEG-ERR", sub, "closed: no such negentropy session"]);
    }
    const msg = frame[0] === "NEG-OPEN" ? frame[3] : frame[2];
    if (typeof msg !== "string" || !/^([0-9a-f]{2})+$/.test(msg)) {
      c.negs.delete(sub);
      return this.out(conn, ["NEG-ERR", sub, "invalid: message is not hex"]);
    }
    try {
      this.out(conn, ["NEG-MSG", sub, neg.respond(msg)]);
    } catch (err) {
      c.negs.delete(sub);
      this.out(conn, ["NEG-ERR", sub, `invalid: ${(err as Error).message}`]);
    }
  }

  /** NIP-40 and retention sweep; closes nothing. */
  sweep(): void {
    const dropped = this.ingest.sweep(this.nowSec(), Math.floor(this.cfg.retention / 1000));
    if (dropped.length > 0) this.deps.observe("swept", { count: dropped.length });
  }

  private isPeerRelay(c: Conn): boolean {
    for (const pk of c.authed) if (this.members?.get(pk)?.relay || this.cfg.peerKeys.includes(pk)) return true;
    return false;
  }

  /** Whether a pubkey may take part in team sync as a peer relay. */
  isMember(pubkey: string): boolean {
    return !this.members || (isHex64(pubkey) && this.members.has(pubkey));
  }
}

/** Same relay URL, ignoring scheme case, a trailing slash and default ports. */
function sameRelay(a: string, b: string): boolean {
  const norm = (u: string): string => {
    try {
      const x = new URL(u);
      return `${x.hostname}:${x.port}${x.pathname.replace(/\/+$/, "")}`;
    } catch {
      return u;
    }
  };
  return norm(a) === norm(b);
}
