import type { Clock, Millis, TimerHandle } from "../../../runtime/clock.js";
import { Engine } from "../../../sim/engine.js";
import { virtualClock } from "../../../sim/virtual-clock.js";

/**
 * A clock for tests that moves only when told to: the simulator's own engine and
 * virtual clock, so actor tests run on the same `(at, seq)` ordering as scenarios.
 */
export class ManualClock implements Clock {
  /** The engine behind the clock, shared with a simulated network. */
  readonly engine = new Engine();
  private readonly clock = virtualClock(this.engine);

  /** Timers fired so far. */
  get fired(): number {
    return this.engine.processed;
  }

  now(): Millis {
    return this.clock.now();
  }

  setTimer(ms: Millis, fire: () => void): TimerHandle {
    return this.clock.setTimer(ms, fire);
  }

  cancel(handle: TimerHandle): void {
    this.clock.cancel(handle);
  }

  /** Fires every timer due up to `until` (inclusive), then sets the time to `until`. */
  runUntil(until: Millis): void {
    this.engine.run(until);
  }

  /** Advances time by `ms`, firing everything due. */
  advance(ms: Millis): void {
    this.runUntil(this.now() + ms);
  }
}
