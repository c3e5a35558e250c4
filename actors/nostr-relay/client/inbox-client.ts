import type { ActorEnv } from "../../../runtime/actor.js";
import type { NodeId } from "../../../runtime/driver.js";
import { auxFrom, publicKeyOf, signEvent, type SignatureScheme } from "../crypto.js";
import type { NostrEvent } from "../event.js";
import type { NostrClientInit } from "./params.js";

/**
 * The client role of a node: open → AUTH → REQ for events p-tagged to it on every relay;
 * `send` publishes a signed event to every relay. Observes `sent`, `received` (first copy
 * of an event, with the relay it came through) and `refused` (OK false or CLOSED, with
 * the relay's machine-readable reason).
 */
export class InboxClient {
  private readonly seen = new Set<string>();
  /** Relays whose inbox subscription is open (EOSE seen) or was refused: not retried. */
  private readonly settled = new Set<NodeId>();
  private retryDelay = 2000;

  constructor(
    private readonly env: ActorEnv,
    private readonly params: NostrClientInit,
    readonly relays: ReadonlySet<NodeId>,
    private readonly sk: Uint8Array,
    private readonly scheme: SignatureScheme,
  ) {
    this.pk = publicKeyOf(sk);
  }

  private readonly pk: string;

  /** Period of re-opening the connections. */
  get reconnect(): number {
    return this.params.reconnect;
  }

  private frame(relay: NodeId, f: readonly unknown[]): void {
    this.env.io.send(relay, { type: "c", text: JSON.stringify(f) });
  }

  /** (Re)opens every relay connection. */
  connect(): void {
    this.settled.clear();
    this.retryDelay = 2000;
    for (const r of this.relays) this.env.io.send(r, { type: "open" });
  }

  /**
   * Re-opens the relays that have neither answered the inbox REQ nor refused it (the
   * relay was not up yet, or unreachable). Returns the delay before the next retry (it
   * doubles up to the reconnect period), or undefined when every relay has answered.
   */
  retry(): number | undefined {
    const pending = [...this.relays].filter((r) => !this.settled.has(r));
    if (pending.length === 0) return undefined;
    for (const r of pending) this.env.io.send(r, { type: "open" });
    this.retryDelay = Math.min(this.retryDelay * 2, this.params.reconnect);
    return this.retryDelay;
  }

  /** Publishes a message p-tagged to `toPubkey` on every relay. */
  send(toPubkey: string, to: NodeId): NostrEvent {
    const ev = signEvent(
      {
        kind: this.params.kind,
        created_at: Math.floor(this.env.now() / 1000),
        tags: [["p", toPubkey]],
        content: this.env.rng.hex64(),
      },
      this.sk,
      { scheme: this.scheme, aux: auxFrom(this.env.rng) },
    );
    this.env.io.observe("sent", { id: ev.id, to });
    for (const r of this.relays) this.frame(r, ["EVENT", ev]);
    return ev;
  }

  /** One relay→client frame. */
  message(relay: NodeId, text: string): void {
    let f: unknown;
    try {
      f = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(f)) return;
    const nowSec = Math.floor(this.env.now() / 1000);
    if (f[0] === "AUTH" && typeof f[1] === "string") {
      const auth = signEvent(
        {
          kind: 22242,
          created_at: nowSec,
          tags: [
            ["relay", relay],
            ["challenge", f[1]],
          ],
          content: "",
        },
        this.sk,
        { scheme: this.scheme, aux: auxFrom(this.env.rng) },
      );
      this.frame(relay, ["AUTH", auth]);
      this.frame(relay, [
        "REQ",
        "inbox",
        { kinds: [this.params.kind], "#p": [this.pk], since: Math.max(0, nowSec - 60) },
      ]);
    } else if (f[0] === "EOSE" && f[1] === "inbox") {
      this.settled.add(relay);
    } else if (f[0] === "EVENT" && f[1] === "inbox") {
      const ev = f[2] as { id?: string; pubkey?: string };
      if (typeof ev?.id !== "string" || this.seen.has(ev.id)) return;
      this.seen.add(ev.id);
      this.env.io.observe("received", { id: ev.id, author: ev.pubkey, via: relay });
    } else if (f[0] === "OK" && f[2] !== true) {
      this.env.io.observe("refused", { id: f[1], relay, message: f[3] });
    } else if (f[0] === "CLOSED" && f[1] === "inbox") {
      // Refused (restricted:, auth-required: before AUTH arrives, …): asking again the same way changes nothing.
      if (!String(f[2]).startsWith("auth-required")) this.settled.add(relay);
      this.env.io.observe("refused", { id: "inbox", relay, message: f[2] });
    }
  }
}
