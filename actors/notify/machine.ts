import { setup } from "xstate";
import type { ActorEnv, ActorEvent, ActorInput } from "../../runtime/actor.js";
import { effects } from "../../runtime/effects.js";
import type { NotifyConfig } from "./params.js";
import { createState, Out, type NotifyPersisted, type NotifyState } from "./state.js";
import { step } from "./step.js";

/** The machine's context: the host's env and the relay state. */
export interface NotifyContext {
  readonly env: ActorEnv;
  readonly notify: NotifyState;
}

const base = setup({
  types: {
    context: {} as NotifyContext,
    input: {} as ActorInput<NotifyConfig, NotifyPersisted>,
    events: {} as ActorEvent,
  },
  actions: { ...effects },
});

/**
 * Runs one input through {@link step} and enqueues its effects as named actions. The
 * store is mutable inside the context for the reason the kademlia actor gives: up to
 * 1,000 notifications per recipient would be copied on every message otherwise. It
 * changes only here, while xstate resolves the transition.
 */
const run = (fixed?: ActorEvent) =>
  base.enqueueActions(({ context, event, enqueue }) => {
    const out = new Out();
    step(context.notify, context.env, fixed ?? event, out);
    for (const fx of out.effects) enqueue(fx as Parameters<typeof enqueue>[0]);
  });

/** The notification relay actor: one state, every input handled by {@link step}. */
export const notifyMachine = base.createMachine({
  id: "notify",
  context: ({ input }) => ({
    env: input.env,
    notify: createState(input.init, input.env.self, input.env.now(), input.restored),
  }),
  entry: run({ type: "notify.start" }),
  on: { "*": { actions: run() } },
});
