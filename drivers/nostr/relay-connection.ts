import { finalizeEvent } from "nostr-tools/wasm";
import WebSocket from "ws";

/** Callbacks of one relay connection. */
export interface RelayConnectionEvents {
  /** Connected, authenticated if asked, subscribed and past EOSE. */
  ready(): void;
  /** A stored or live EVENT of our subscription. */
  event(raw: unknown, relay: string): void;
}

/** Reconnect delays: first, cap (ms). */
export interface Backoff {
  readonly min: number;
  readonly max: number;
}

/**
 * One client connection of the Nostr transport to one relay: answers NIP-42 challenges
 * with the node key, keeps one REQ open, and reconnects after a drop with exponential
 * backoff of its own (a dead relay does not slow the others).
 */
export class RelayConnection {
  private ws: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private delay: number;
  private live = false;
  /** True once subscribed (past EOSE). */
  ready = false;
  /** Connection attempts that failed or dropped, for tests and status. */
  failures = 0;

  constructor(
    readonly url: string,
    private readonly secretKey: Uint8Array,
    private readonly filter: () => Record<string, unknown>,
    private readonly backoff: Backoff,
    private readonly on: RelayConnectionEvents,
  ) {
    this.delay = backoff.min;
  }

  start(): void {
    if (this.live) return;
    this.live = true;
    this.connect();
  }

  stop(): void {
    this.live = false;
    this.ready = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.ws?.terminate();
    this.ws = undefined;
  }

  /** Sends a frame if subscribed; false otherwise (the caller tries other relays). */
  send(text: string): boolean {
    if (!this.ready || this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.on("open", () => {
      ws.send(JSON.stringify(["REQ", "frames", this.filter()]));
    });
    ws.on("message", (data) => {
      let f: unknown;
      try {
        f = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (!Array.isArray(f)) return;
      if (f[0] === "AUTH" && typeof f[1] === "string") {
        const auth = finalizeEvent(
          {
            kind: 22242,
            created_at: Math.floor(Date.now() / 1000),
            tags: [
              ["relay", this.url],
              ["challenge", f[1]],
            ],
            content: "",
          },
          this.secretKey,
        );
        ws.send(JSON.stringify(["AUTH", auth]));
        // A team relay refused the REQ before AUTH: ask again now that we are known.
        ws.send(JSON.stringify(["REQ", "frames", this.filter()]));
      } else if (f[0] === "EOSE" && f[1] === "frames") {
        this.delay = this.backoff.min;
        if (!this.ready) {
          this.ready = true;
          this.on.ready();
        }
      } else if (f[0] === "EVENT" && f[1] === "frames") {
        this.on.event(f[2], this.url);
      }
    });
    ws.on("error", () => {});
    ws.on("close", () => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.ready = false;
      this.failures++;
      if (!this.live) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.live) this.connect();
      }, this.delay);
      this.delay = Math.min(this.backoff.max, this.delay * 2);
    });
  }
}
