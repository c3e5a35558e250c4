import TinyQueue from "tinyqueue";
import type { Clock, Millis, TimerHandle } from "../../../runtime/clock.js";

interface Pending {
  readonly at: Millis;
  readonly seq: number;
  fire: (() => void) | undefined;
}

/**
 * A clock for tests that moves only when told to. Timers fire in `(at, seq)` order, so
 * equal deadlines keep the order in which they were set, and a run is deterministic.
 */
export class ManualClock implements Clock {
  private readonly queue = new TinyQueue<Pending>([], (a, b) => a.at - b.at || a.seq - b.seq);
  private readonly byId = new Map<number, Pending>();
  private seq = 0;
  private current: Millis = 0;
  /** Timers fired so far. */
  fired = 0;

  now(): Millis {
    return this.current;
  }

  setTimer(ms: Millis, fire: () => void): TimerHandle {
    const p: Pending = { at: this.current + Math.max(0, ms), seq: this.seq++, fire };
    this.queue.push(p);
    this.byId.set(p.seq, p);
    return { id: p.seq };
  }

  cancel(handle: TimerHandle): void {
    const p = this.byId.get(handle.id);
    if (p) p.fire = undefined;
    this.byId.delete(handle.id);
  }

  /** Fires every timer due up to `until` (inclusive), then sets the time to `until`. */
  runUntil(until: Millis): void {
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.at > until) break;
      this.queue.pop();
      this.byId.delete(next.seq);
      this.current = next.at;
      const fire = next.fire;
      if (fire) {
        this.fired++;
        fire();
      }
    }
    this.current = Math.max(this.current, until);
  }

  /** Advances time by `ms`, firing everything due. */
  advance(ms: Millis): void {
    this.runUntil(this.current + ms);
  }
}
