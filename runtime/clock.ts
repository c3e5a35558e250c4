/** Milliseconds of simulated or wall time since the start of a run (sim) or epoch (production). */
export type Millis = number;

/** Opaque handle of a pending timer; only the clock that issued it can cancel it. */
export interface TimerHandle {
  readonly id: number;
}

/**
 * Time as actors and hosts see it. Virtual in `sim/` (the engine owns it), wall time in
 * production (`runtime/wall-clock.ts`). Actors never read time any other way.
 */
export interface Clock {
  /** Current time in milliseconds. */
  now(): Millis;
  /** Calls `fire` once after `ms` (≥ 0). Equal deadlines fire in the order they were set. */
  setTimer(ms: Millis, fire: () => void): TimerHandle;
  /** Cancels a pending timer; cancelling a fired or cancelled one is a no-op. */
  cancel(handle: TimerHandle): void;
}
