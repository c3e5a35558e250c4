import type { Clock, Millis, TimerHandle } from "./clock.js";

/**
 * Production clock: wall time, real timers. Timers with equal deadlines keep their
 * order because Node fires same-deadline timeouts in creation order.
 */
export function wallClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: (): Millis => Date.now(),
    setTimer(ms, fire): TimerHandle {
      const id = nextId++;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          fire();
        }, ms),
      );
      return { id };
    },
    cancel(handle) {
      const t = timers.get(handle.id);
      if (t !== undefined) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
}
