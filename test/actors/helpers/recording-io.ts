import { createActor, type AnyActor } from "xstate";
import type { ActorDefinition, ActorEvent, ActorIO } from "../../../runtime/actor.js";
import type { NodeId, WireMessage } from "../../../runtime/driver.js";
import { createRng } from "../../../runtime/rng.js";

/** One effect a machine asked its host for. */
export type Effect =
  | { kind: "send"; to: NodeId; msg: WireMessage }
  | { kind: "broadcast"; msg: WireMessage }
  | { kind: "timer"; key: string; ms: number; event: ActorEvent }
  | { kind: "cancel"; key: string }
  | { kind: "tell"; actor: string; event: ActorEvent }
  | { kind: "observe"; type: string; data: unknown };

/** Options of {@link given}. */
export interface GivenOptions<P> {
  readonly self?: NodeId;
  readonly segment?: string;
  readonly seed?: string | number;
  readonly restored?: P;
}

/**
 * Runs one actor's machine against a recording `io` and a hand-set clock, for
 * given/when/then tests: `when(event)` returns exactly the effects that event caused.
 */
export function given<I, P>(def: ActorDefinition<I, P>, opts: GivenOptions<P> = {}) {
  const effects: Effect[] = [];
  let now = 0;
  const io: ActorIO = {
    send: (to, msg) => effects.push({ kind: "send", to, msg }),
    broadcast: (msg) => effects.push({ kind: "broadcast", msg }),
    setTimer: (key, ms, event) => effects.push({ kind: "timer", key, ms, event }),
    cancelTimer: (key) => effects.push({ kind: "cancel", key }),
    tell: (actor, event) => effects.push({ kind: "tell", actor, event }),
    observe: (type, data) => effects.push({ kind: "observe", type, data }),
  };
  const env = {
    self: opts.self ?? "n0",
    segment: opts.segment ?? "lan-a",
    rng: createRng(opts.seed ?? 1),
    now: () => now,
    io,
  };
  const actor: AnyActor = createActor(def.machine, { input: { env, init: def.init, restored: opts.restored } });
  actor.start();
  const started = effects.splice(0);
  return {
    /** Effects of starting the machine. */
    started,
    /** Sends `event` at the current time; returns the effects it caused. */
    when(event: ActorEvent): Effect[] {
      effects.length = 0;
      actor.send(event);
      return effects.splice(0);
    },
    /** Sets the clock the machine reads. */
    at(ms: number): void {
      now = ms;
    },
    state: (): unknown => actor.getSnapshot().value,
    context: <C>(): C => actor.getSnapshot().context as C,
    persisted: (): P | undefined => def.persist?.(actor.getSnapshot().context),
  };
}

/** The messages sent in `effects`, optionally of one type. */
export function sent(effects: readonly Effect[], type?: string): { to: NodeId; msg: WireMessage }[] {
  return effects.flatMap((e) =>
    e.kind === "send" && (type === undefined || e.msg.type === type) ? [{ to: e.to, msg: e.msg }] : [],
  );
}

/** The observations in `effects`, optionally of one type. */
export function observed(effects: readonly Effect[], type?: string): unknown[] {
  return effects.flatMap((e) => (e.kind === "observe" && (type === undefined || e.type === type) ? [e.data] : []));
}

/** The sibling tells in `effects`. */
export function told(effects: readonly Effect[]): { actor: string; event: ActorEvent }[] {
  return effects.flatMap((e) => (e.kind === "tell" ? [{ actor: e.actor, event: e.event }] : []));
}
