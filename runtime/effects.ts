import type { Millis } from "./clock.js";
import type { ActorEnv, ActorEvent } from "./actor.js";
import type { NodeId, WireMessage } from "./driver.js";

type WithEnv = { context: { env: ActorEnv } };

/**
 * Named effect actions for `setup({ actions: { ...effects } })`. Each forwards to the
 * host's `io`, so machines stay declarative and testable: a test supplies a recording
 * `io` and asserts on the effects.
 */
export const effects = {
  send: ({ context }: WithEnv, p: { to: NodeId; msg: WireMessage }) => context.env.io.send(p.to, p.msg),
  broadcast: ({ context }: WithEnv, p: { msg: WireMessage }) => context.env.io.broadcast(p.msg),
  setTimer: ({ context }: WithEnv, p: { key: string; ms: Millis; event: ActorEvent }) =>
    context.env.io.setTimer(p.key, p.ms, p.event),
  cancelTimer: ({ context }: WithEnv, p: { key: string }) => context.env.io.cancelTimer(p.key),
  tell: ({ context }: WithEnv, p: { actor: string; event: ActorEvent }) => context.env.io.tell(p.actor, p.event),
  observe: ({ context }: WithEnv, p: { type: string; data: unknown }) => context.env.io.observe(p.type, p.data),
};
