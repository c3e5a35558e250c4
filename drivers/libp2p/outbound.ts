import type { Stream } from "@libp2p/interface";
import { Uint8ArrayList } from "uint8arraylist";

/** Why queued frames were given up. */
export type DropReason = "unreachable" | "queue-full" | "stream-failed" | "stopped";

/**
 * The frames for one (peer, protocol), written in order over one long-lived stream by a
 * single pump. Frames queued while a write is in flight go out together in one `send`,
 * which is what keeps gossip bursts cheap.
 */
export class OutboundLane {
  private queue: Uint8Array[] = [];
  private stream: Stream | undefined;
  private pumping = false;
  private closed = false;

  /**
   * @param open dials the peer and negotiates the protocol
   * @param onDrop told how many frames were given up and why (counted, never thrown)
   * @param onWritten told how many frames were handed to the stream
   * @param maxQueue frames held while the stream opens or drains
   */
  constructor(
    private readonly open: () => Promise<Stream>,
    private readonly onDrop: (frames: number, reason: DropReason) => void,
    private readonly onWritten: (frames: number) => void,
    private readonly maxQueue: number,
  ) {}

  /** True while frames wait or a write is in flight. */
  get busy(): boolean {
    return this.pumping || this.queue.length > 0;
  }

  push(frame: Uint8Array): void {
    if (this.closed) return this.onDrop(1, "stopped");
    if (this.queue.length >= this.maxQueue) return this.onDrop(1, "queue-full");
    this.queue.push(frame);
    if (!this.pumping) void this.pump();
  }

  /** Drops what is queued and closes the stream; the lane is dead afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.queue.length > 0) this.onDrop(this.queue.length, "stopped");
    this.queue = [];
    this.stream?.abort(new Error("driver stopped"));
    this.stream = undefined;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const stream = await this.writable();
        if (!stream) {
          // The peer cannot be reached now; later sends dial again.
          this.onDrop(this.queue.length, "unreachable");
          this.queue = [];
          return;
        }
        const batch = this.queue;
        this.queue = [];
        try {
          const more = stream.send(new Uint8ArrayList(...batch));
          this.onWritten(batch.length);
          if (!more) await stream.onDrain();
        } catch {
          // A reset mid-write: whether the peer got the batch is unknowable, so it is not resent.
          this.stream = undefined;
          this.onDrop(batch.length, "stream-failed");
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async writable(): Promise<Stream | undefined> {
    const s = this.stream;
    if (s && s.status === "open" && s.writeStatus === "writable") return s;
    this.stream = undefined;
    try {
      const fresh = await this.open();
      if (this.closed) {
        fresh.abort(new Error("driver stopped"));
        return undefined;
      }
      this.stream = fresh;
      return fresh;
    } catch {
      return undefined;
    }
  }
}
