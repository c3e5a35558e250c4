import { thresholdAtLevel } from "./work.js";

/**
 * The relay's current difficulty: the base threshold raised one level (twice the
 * expected work) for every `targetRate` notifications accepted in the last `window` ms,
 * up to `maxLevel`. Acceptances are counted in a sliding window, so the difficulty falls
 * back by itself once the load drops. State is a sorted list of acceptance times, bounded
 * by what can raise the level, so a flood cannot grow it without limit.
 */
export class Difficulty {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly base: bigint,
    readonly targetRate: number,
    readonly window: number,
    readonly maxLevel: number,
  ) {}

  /** Acceptances counted now (within the window ending at `now`). */
  accepted(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.window) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  /** The load level now: floor(accepted / targetRate), at most maxLevel. */
  level(now: number): number {
    return Math.min(this.maxLevel, Math.floor(this.accepted(now) / this.targetRate));
  }

  /** The threshold work must reach now. */
  current(now: number): bigint {
    return thresholdAtLevel(this.base, this.level(now));
  }

  /** Counts one accepted notification at `now` (times never go backwards). */
  record(now: number): void {
    // Beyond the top level more entries change nothing: keep what the top level needs
    // (dropping the oldest, which would leave the window first anyway).
    if (this.accepted(now) >= this.targetRate * (this.maxLevel + 1)) this.head++;
    this.times.push(now);
  }
}
