import { setup } from "xstate";
import type { ActorEnv, ActorEvent, ActorInput } from "../../runtime/actor.js";
import { effects } from "../../runtime/effects.js";
import { backboneStep } from "./backbone.js";
import { lightStep } from "./light.js";
import { createState, Out, type AuthInit, type AuthState } from "./state.js";

/** The machine's context: the host's env and the auth state. */
export interface AuthContext {
  readonly env: ActorEnv;
  readonly auth: AuthState;
}

const base = setup({
  types: { context: {} as AuthContext, input: {} as ActorInput<AuthInit, never>, events: {} as ActorEvent },
  actions: { ...effects },
});

/** Runs one input through the role's step and enqueues its effects as the host's named actions. */
const run = (fixed?: ActorEvent) =>
  base.enqueueActions(({ context, event, enqueue }) => {
    const out = new Out();
    const e = fixed ?? event;
    if (context.auth.cfg.role === "backbone") backboneStep(context.auth, context.env, e, out);
    else lightStep(context.auth, context.env, e, out);
    for (const fx of out.effects) enqueue(fx as Parameters<typeof enqueue>[0]);
  });

/**
 * The auth actor. A backbone node is always `serving`; a light node is `authenticating`
 * until its first session, then `authenticated` (renewals happen in that state; the old
 * token stays valid meanwhile). The state is mutable inside the context for the reason
 * given in `actors/kademlia/machine.ts`: it changes only while xstate resolves a transition.
 */
export const authMachine = base.createMachine({
  id: "auth",
  context: ({ input }) => ({ env: input.env, auth: createState(input.init, input.env) }),
  initial: "start",
  states: {
    start: {
      always: [{ guard: ({ context }) => context.auth.cfg.role === "backbone", target: "serving" }, "authenticating"],
    },
    serving: {},
    authenticating: {
      entry: run({ type: "auth.start" }),
      on: { "auth.session": "authenticated" },
    },
    authenticated: {},
  },
  on: {
    // Raised after every input once a token exists; only `authenticating` moves on it.
    "auth.session": {},
    "*": {
      actions: [
        run(),
        base.enqueueActions(({ context, enqueue }) => {
          if (context.auth.token !== undefined) enqueue.raise({ type: "auth.session" });
        }),
      ],
    },
  },
});
