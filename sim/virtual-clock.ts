import type { Clock, TimerHandle } from "../runtime/clock.js";
import type { Engine, Scheduled } from "./engine.js";

/** A node's view of the engine's virtual time. */
export function virtualClock(engine: Engine): Clock {
  const pending = new Map<number, Scheduled>();
  let nextId = 1;
  return {
    now: () => engine.now,
    setTimer(ms, fire): TimerHandle {
      const id = nextId++;
      pending.set(
        id,
        engine.after(ms, () => {
          pending.delete(id);
          fire();
        }),
      );
      return { id };
    },
    cancel(handle) {
      const ev = pending.get(handle.id);
      if (ev) engine.cancel(ev);
      pending.delete(handle.id);
    },
  };
}
