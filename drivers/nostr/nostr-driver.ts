import { bytesToHex } from "@noble/hashes/utils.js";
import { finalizeEvent, getPublicKey, verifyEvent } from "nostr-tools/wasm";
import type { Driver, DriverCapabilities, Envelope, NodeId, ReceiveHandler } from "../../runtime/driver.js";
import { RelayConnection, type Backoff } from "./relay-connection.js";
import { seal } from "./seal.js";
import { useWasmSignatures } from "./wasm-signatures.js";

/** The ephemeral kind (NIP-01 20000–29999: relayed, never stored) that carries actor frames. */
export const FRAME_KIND = 25910;

/** Options of {@link NostrDriver}. */
export interface NostrDriverOptions {
  /** The node's Nostr secret key: its identity on the transport; its id is the public key (hex). */
  readonly secretKey: Uint8Array;
  /** Relays to use (ws:// URLs); a frame goes to every one that is up. */
  readonly relays: readonly string[];
  /** Reconnect delays per relay. @default {min: 500, max: 30000} */
  readonly backoff?: Backoff;
  /** Event ids remembered to drop copies that arrive through a second relay. @default 10000 */
  readonly dedupe?: number;
}

/** Counters of the transport. */
export interface NostrDriverStats {
  sent: number;
  delivered: number;
  duplicates: number;
  /** Frames that failed the signature, decryption or shape checks: counted, never delivered. */
  malformed: number;
  /** Sends with no relay up (the frame is lost, as on any network). */
  unroutable: number;
}

interface Frame {
  readonly p: string;
  readonly m: { readonly type: string };
}

/**
 * Nostr as a transport: a frame is an ephemeral event p-tagged to the recipient whose
 * content is the NIP-44 encrypted envelope; it goes to every connected relay, and the
 * recipient keeps the first copy (dedupe by event id). A relay that drops reconnects
 * with its own exponential backoff while the others carry the traffic (failover).
 * Node ids are public keys (hex).
 */
export class NostrDriver implements Driver {
  readonly capabilities: DriverCapabilities = { mtu: 60_000, broadcast: false, cost: 2 };
  readonly id: NodeId;
  readonly stats: NostrDriverStats = { sent: 0, delivered: 0, duplicates: 0, malformed: 0, unroutable: 0 };
  private readonly handlers: ReceiveHandler[] = [];
  private readonly keys = new Map<string, Uint8Array>();
  private readonly seen = new Set<string>();
  private readonly relays: RelayConnection[];
  private live = false;
  private since = 0;

  constructor(private readonly opts: NostrDriverOptions) {
    this.id = getPublicKey(opts.secretKey);
    const backoff = opts.backoff ?? { min: 500, max: 30_000 };
    this.relays = opts.relays.map(
      (url) =>
        new RelayConnection(url, opts.secretKey, () => this.filter(), backoff, {
          ready: () => {},
          event: (raw) => this.receive(raw),
        }),
    );
  }

  private filter(): Record<string, unknown> {
    return { kinds: [FRAME_KIND], "#p": [this.id], since: this.since };
  }

  /** Connects to every relay; resolves once one is subscribed (or after 5 s with none). Idempotent. */
  async start(): Promise<void> {
    if (this.live) return;
    await useWasmSignatures();
    this.live = true;
    this.since = Math.floor(Date.now() / 1000) - 5;
    for (const r of this.relays) r.start();
    const end = Date.now() + 5000;
    while (this.live && !this.relays.some((r) => r.ready) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 10));
  }

  /** Closes every relay connection; nothing is delivered afterwards. Idempotent. */
  stop(): void {
    this.live = false;
    for (const r of this.relays) r.stop();
  }

  /** Relays currently subscribed. */
  get connected(): string[] {
    return this.relays.filter((r) => r.ready).map((r) => r.url);
  }

  onReceive(handler: ReceiveHandler): void {
    this.handlers.push(handler);
  }

  private keyFor(peer: string): Uint8Array {
    let k = this.keys.get(peer);
    if (!k) this.keys.set(peer, (k = seal.conversationKey(this.opts.secretKey, peer)));
    return k;
  }

  send(envelope: Envelope): void {
    if (!this.live) return;
    const frame: Frame = { p: envelope.protocol, m: envelope.payload };
    const ev = finalizeEvent(
      {
        kind: FRAME_KIND,
        created_at: Math.floor(Date.now() / 1000),
        tags: [["p", envelope.to]],
        content: seal.encrypt(JSON.stringify(frame), this.keyFor(envelope.to)),
      },
      this.opts.secretKey,
    );
    const text = JSON.stringify(["EVENT", ev]);
    let sent = false;
    for (const r of this.relays) sent = r.send(text) || sent;
    if (sent) this.stats.sent++;
    else this.stats.unroutable++;
  }

  private receive(raw: unknown): void {
    if (!this.live) return;
    const ev = raw as { id?: unknown; pubkey?: string; content?: string; kind?: number; tags?: string[][] };
    if (typeof ev?.id !== "string") return void this.stats.malformed++;
    if (this.seen.has(ev.id)) return void this.stats.duplicates++;
    let frame: Frame;
    try {
      if (ev.kind !== FRAME_KIND || !verifyEvent(raw as Parameters<typeof verifyEvent>[0]))
        throw new Error("bad event");
      if (!ev.tags?.some((t) => t[0] === "p" && t[1] === this.id)) throw new Error("not for us");
      frame = JSON.parse(seal.decrypt(ev.content!, this.keyFor(ev.pubkey!))) as Frame;
      if (typeof frame?.p !== "string" || typeof frame.m?.type !== "string") throw new Error("bad frame");
    } catch {
      this.stats.malformed++;
      return;
    }
    this.remember(ev.id);
    this.stats.delivered++;
    const envelope: Envelope = { from: ev.pubkey!, to: this.id, protocol: frame.p, payload: frame.m };
    for (const h of this.handlers) h(envelope);
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > (this.opts.dedupe ?? 10_000)) this.seen.delete(this.seen.values().next().value!);
  }
}

/** A fresh node key for the transport (hex), for configs and tests. */
export const newNodeKey = (): string => bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
