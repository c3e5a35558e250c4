import WebSocket from "ws";

/** Callbacks of {@link PeerLinks}. */
export interface PeerLinkEvents {
  up(url: string): void;
  down(url: string): void;
  message(url: string, text: string): void;
}

interface Link {
  ws: WebSocket | undefined;
  backoff: number;
  timer: NodeJS.Timeout | undefined;
}

/** First and largest reconnect delay (ms). */
const BACKOFF_MIN = 500;
const BACKOFF_MAX = 30_000;

/**
 * Outgoing WebSocket connections from a relay to its peer relays, for NIP-77 sync:
 * opened on demand, re-opened with exponential backoff after a drop (each reconnect
 * is reported as `up`, which starts a sync round at once).
 */
export class PeerLinks {
  private readonly links = new Map<string, Link>();
  private stopped = false;

  constructor(private readonly on: PeerLinkEvents) {}

  /** Ensures a connection to `url` exists or is being made. */
  open(url: string): void {
    if (this.stopped) return;
    let link = this.links.get(url);
    if (!link) this.links.set(url, (link = { ws: undefined, backoff: BACKOFF_MIN, timer: undefined }));
    if (link.ws || link.timer) return;
    this.connect(url, link);
  }

  private connect(url: string, link: Link): void {
    const ws = new WebSocket(url);
    link.ws = ws;
    let opened = false;
    ws.on("open", () => {
      opened = true;
      link.backoff = BACKOFF_MIN;
      this.on.up(url);
    });
    ws.on("message", (data, isBinary) => {
      if (!isBinary) this.on.message(url, data.toString());
    });
    ws.on("error", () => {}); // followed by close
    ws.on("close", () => {
      link.ws = undefined;
      if (opened) this.on.down(url);
      if (this.stopped) return;
      link.timer = setTimeout(() => {
        link.timer = undefined;
        this.connect(url, link);
      }, link.backoff);
      link.backoff = Math.min(BACKOFF_MAX, link.backoff * 2);
    });
  }

  /** Sends a frame if connected; otherwise it is dropped (the next sync round repeats it). */
  send(url: string, text: string): void {
    const ws = this.links.get(url)?.ws;
    if (ws?.readyState === WebSocket.OPEN) ws.send(text);
    else this.open(url);
  }

  stop(): void {
    this.stopped = true;
    for (const link of this.links.values()) {
      if (link.timer) clearTimeout(link.timer);
      link.ws?.terminate();
    }
    this.links.clear();
  }
}
