import { hexToBytes } from "@noble/hashes/utils.js";
import { nip77 } from "nostr-tools";

const { Negentropy, NegentropyStorageVector } = nip77;
type Negentropy = InstanceType<typeof Negentropy>;
import { auxFrom, publicKeyOf, signEvent } from "./crypto.js";
import type { NodeId } from "../../runtime/driver.js";
import { checkEvent, type NostrEvent } from "./event.js";
import type { RelayCore } from "./relay-core.js";

/** What one sync round with a peer measured (NIP-77). */
export interface SyncReport {
  readonly peer: NodeId;
  readonly roundTrips: number;
  readonly bytesOut: number;
  readonly bytesIn: number;
  /** Of those, bytes of NEG-OPEN/NEG-MSG/NEG-CLOSE frames (the reconciliation alone). */
  readonly negBytesOut: number;
  readonly negBytesIn: number;
  /** Events we had and sent. */
  readonly sent: number;
  /** Events we lacked and fetched. */
  readonly fetched: number;
}

/** Ways out of the sync client: one client→relay frame, or "open a connection". */
export interface SyncIO {
  sendText(peer: NodeId, text: string): void;
  open(peer: NodeId): void;
  observe(type: string, data: unknown): void;
  now(): number;
  /** Randomness for signatures (the actor's seeded stream). */
  readonly rng: { hex64(): string };
}

const FETCH_CHUNK = 500;

/**
 * The client side of relay-to-relay sync with one peer: AUTH (NIP-42) with the relay's
 * own key, then a negentropy session over all events (NIP-77), then send what the peer
 * lacks as EVENTs and fetch what we lack with REQ `ids`. Every round starts afresh, so a
 * round lost to a partition is simply replaced by the next one.
 */
export class PeerSync {
  private challenge: string | undefined;
  private authed = false;
  private authId: string | undefined;
  private round = 0;
  private neg: Negentropy | undefined;
  private need: string[] = [];
  private pendingFetches = 0;
  private stats = { roundTrips: 0, bytesOut: 0, bytesIn: 0, negBytesOut: 0, negBytesIn: 0, sent: 0, fetched: 0 };
  private running = false;

  constructor(
    private readonly peer: NodeId,
    private readonly core: RelayCore,
    private readonly secretKey: Uint8Array,
    private readonly io: SyncIO,
  ) {}

  /** The relay's pubkey as peers see it. */
  get pubkey(): string {
    return publicKeyOf(this.secretKey);
  }

  private sub(): string {
    return `neg-${this.round}`;
  }

  private send(frame: readonly unknown[]): void {
    const text = JSON.stringify(frame);
    this.stats.bytesOut += text.length;
    if (String(frame[0]).startsWith("NEG-")) this.stats.negBytesOut += text.length;
    this.io.sendText(this.peer, text);
  }

  /** The connection to the peer (re)opened or dropped: authentication starts over. */
  reset(): void {
    this.challenge = undefined;
    this.authed = false;
    this.running = false;
  }

  /** Starts a round: authenticates first if needed. */
  start(): void {
    this.round++;
    this.running = true;
    this.neg = undefined;
    this.need = [];
    this.pendingFetches = 0;
    this.stats = { roundTrips: 0, bytesOut: 0, bytesIn: 0, negBytesOut: 0, negBytesIn: 0, sent: 0, fetched: 0 };
    if (this.authed) this.openNeg();
    else if (this.challenge) this.auth();
    else this.io.open(this.peer);
  }

  private auth(): void {
    const ev = signEvent(
      {
        kind: 22242,
        created_at: Math.floor(this.io.now() / 1000),
        tags: [
          ["relay", this.peer],
          ["challenge", this.challenge!],
        ],
        content: "",
      },
      this.secretKey,
      { scheme: this.core.cfg.signatures, aux: auxFrom(this.io.rng) },
    );
    this.authId = ev.id;
    this.send(["AUTH", ev]);
  }

  private openNeg(): void {
    const storage = new NegentropyStorageVector();
    for (const ev of this.core.ingest.index.values()) storage.insert(ev.created_at, ev.id);
    storage.seal();
    this.neg = new Negentropy(storage, this.core.cfg.negFrameLimit);
    this.send(["NEG-OPEN", this.sub(), {}, this.neg.initiate()]);
  }

  /** One relay→client frame from the peer. */
  message(text: string): void {
    this.stats.bytesIn += text.length;
    let f: unknown;
    try {
      f = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(f)) return;
    const [type, a, b, c] = f as [unknown, unknown, unknown, unknown];
    if (typeof type === "string" && type.startsWith("NEG-")) this.stats.negBytesIn += text.length;
    if (type === "AUTH" && typeof a === "string") {
      this.challenge = a;
      this.authed = false;
      if (this.running) this.auth();
    } else if (type === "OK" && a === this.authId) {
      this.authed = b === true;
      if (this.authed && this.running) this.openNeg();
      else if (!this.authed) this.fail(`auth refused: ${String(c)}`);
    } else if (type === "NEG-MSG" && a === this.sub() && this.neg && typeof b === "string") {
      this.onNegMsg(b);
    } else if (type === "NEG-ERR" && a === this.sub()) {
      if (typeof b === "string" && b.startsWith("auth-required")) this.reset();
      this.fail(String(b));
    } else if (type === "EVENT" && typeof a === "string" && a.startsWith(`fetch-${this.round}-`)) {
      if (checkEvent(b, this.core.cfg.signatures) === undefined && this.core.accept(b as NostrEvent, undefined))
        this.stats.fetched++;
    } else if (type === "EOSE" && typeof a === "string" && a.startsWith(`fetch-${this.round}-`)) {
      this.send(["CLOSE", a]);
      if (--this.pendingFetches === 0) this.done();
    }
  }

  private onNegMsg(msg: string): void {
    this.stats.roundTrips++;
    const have: string[] = [];
    let next: string | null;
    try {
      next = this.neg!.reconcile(
        msg,
        (id) => have.push(id),
        (id) => this.need.push(id),
      );
    } catch (err) {
      return this.fail((err as Error).message);
    }
    for (const id of have) {
      const ev = this.core.ingest.index.get(id);
      if (ev) {
        this.send(["EVENT", ev]);
        this.stats.sent++;
      }
    }
    if (next !== null) return this.send(["NEG-MSG", this.sub(), next]);
    this.send(["NEG-CLOSE", this.sub()]);
    this.neg = undefined;
    for (let i = 0; i < this.need.length; i += FETCH_CHUNK) {
      this.pendingFetches++;
      this.send(["REQ", `fetch-${this.round}-${i / FETCH_CHUNK}`, { ids: this.need.slice(i, i + FETCH_CHUNK) }]);
    }
    if (this.pendingFetches === 0) this.done();
  }

  private done(): void {
    this.running = false;
    const report: SyncReport = { peer: this.peer, ...this.stats };
    this.io.observe("sync", report);
  }

  private fail(reason: string): void {
    this.running = false;
    this.neg = undefined;
    this.io.observe("sync.failed", { peer: this.peer, reason });
  }
}

/** A secret key from hex. */
export const keyFromHex = (hex: string): Uint8Array => hexToBytes(hex);
