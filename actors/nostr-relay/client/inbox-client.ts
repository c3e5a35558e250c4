import type { ActorEnv } from "../../../runtime/actor.js";
import type { NodeId } from "../../../runtime/driver.js";
import { signEvent } from "../crypto.js";
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

  constructor(
    private readonly env: ActorEnv,
    private readonly params: NostrClientInit,
    readonly relays: ReadonlySet<NodeId>,
    private readonly sk: Uint8Array,
    private readonly pk: string,
  ) {}

  /** Period of re-opening the connections. */
  get reconnect(): number {
    return this.params.reconnect;
  }

  private frame(relay: NodeId, f: readonly unknown[]): void {
    this.env.io.send(relay, { type: "c", text: JSON.stringify(f) });
  }

  /** (Re)opens every relay connection. */
  connect(): void {
    for (const r of this.relays) this.env.io.send(r, { type: "open" });
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
      );
      this.frame(relay, ["AUTH", auth]);
      this.frame(relay, [
        "REQ",
        "inbox",
        { kinds: [this.params.kind], "#p": [this.pk], since: Math.max(0, nowSec - 60) },
      ]);
    } else if (f[0] === "EVENT" && f[1] === "inbox") {
      const ev = f[2] as { id?: string; pubkey?: string };
      if (typeof ev?.id !== "string" || this.seen.has(ev.id)) return;
      this.seen.add(ev.id);
      this.env.io.observe("received", { id: ev.id, author: ev.pubkey, via: relay });
    } else if (f[0] === "OK" && f[2] !== true) {
      this.env.io.observe("refused", { id: f[1], relay, message: f[3] });
    } else if (f[0] === "CLOSED" && f[1] === "inbox") {
      this.env.io.observe("refused", { id: "inbox", relay, message: f[2] });
    }
  }
}
