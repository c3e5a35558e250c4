import TinyQueue from "tinyqueue";
import type { Millis } from "../runtime/clock.js";

/** One pending event of the simulation. */
export interface Scheduled {
  readonly at: Millis;
  readonly seq: number;
  fire: (() => void) | undefined;
}

/** Total order of the queue: time, then emission order. Equal deadlines never tie. */
const byTimeThenSeq = (a: Scheduled, b: Scheduled): number => a.at - b.at || a.seq - b.seq;

/** Progress of a run, for progress bars. */
export interface EngineProgress {
  readonly now: Millis;
  readonly until: Millis;
  readonly processed: number;
}

/**
 * The discrete-event engine: owns virtual time. Events are closures ordered by
 * `(at, seq)`; cancelled ones stay in the heap with `fire` cleared and are skipped when
 * they surface, which is cheaper than removing them.
 */
export class Engine {
  private readonly queue = new TinyQueue<Scheduled>([], byTimeThenSeq);
  private seq = 0;
  private current: Millis = 0;
  private count = 0;

  /** Current virtual time in ms. */
  get now(): Millis {
    return this.current;
  }

  /** Events fired so far. */
  get processed(): number {
    return this.count;
  }

  /** Events waiting, including cancelled ones not yet skipped. */
  get pending(): number {
    return this.queue.length;
  }

  /** Schedules `fire` at absolute time `at`; `at` in the past is a bug. */
  at(at: Millis, fire: () => void): Scheduled {
    if (!(at >= this.current)) throw new RangeError(`cannot schedule at ${at} ms: time is already ${this.current} ms`);
    const ev: Scheduled = { at, seq: this.seq++, fire };
    this.queue.push(ev);
    return ev;
  }

  /** Schedules `fire` after `ms` from now. */
  after(ms: Millis, fire: () => void): Scheduled {
    return this.at(this.current + Math.max(0, ms), fire);
  }

  cancel(ev: Scheduled): void {
    ev.fire = undefined;
  }

  /**
   * Fires events in order until the queue is empty or the next event is after `until`;
   * time then stands at `until`. `onProgress` is called every `progressEvery` events.
   */
  run(until: Millis, onProgress?: (p: EngineProgress) => void, progressEvery = 50_000): void {
    const queue = this.queue;
    let sinceProgress = 0;
    while (queue.length > 0) {
      const next = queue.peek()!;
      if (next.at > until) break;
      queue.pop();
      const fire = next.fire;
      if (fire === undefined) continue;
      next.fire = undefined;
      this.current = next.at;
      this.count++;
      fire();
      if (onProgress && ++sinceProgress >= progressEvery) {
        sinceProgress = 0;
        onProgress({ now: this.current, until, processed: this.count });
      }
    }
    if (until > this.current) this.current = until;
    onProgress?.({ now: this.current, until, processed: this.count });
  }
}
