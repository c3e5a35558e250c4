import { setup } from "xstate";
import type { ActorEnv, ActorEvent, ActorInput } from "../../runtime/actor.js";
import { effects } from "../../runtime/effects.js";
import type { NodeId } from "../../runtime/driver.js";
import { resolveConfig, type KademliaInit } from "./config.js";
import { createState, Out, type KadState } from "./state.js";
import { step } from "./step.js";

/** What survives a restart: the contacts we knew and the keys we provide. */
export interface KadPersisted {
  readonly contacts: readonly NodeId[];
  readonly provided: readonly string[];
}

/** The machine's context: the host's env and the DHT state. */
export interface KadContext {
  readonly env: ActorEnv;
  readonly kad: KadState;
}

const base = setup({
  types: {
    context: {} as KadContext,
    input: {} as ActorInput<KademliaInit, KadPersisted>,
    events: {} as ActorEvent,
  },
  actions: { ...effects },
});

/**
 * Runs one input through {@link step} and enqueues its effects as the named actions of
 * `runtime/effects.ts`, so every send, timer and observation goes through `env.io`.
 *
 * Why the DHT state is mutable inside the context: a routing table of ~300 contacts
 * and the candidate lists of concurrent lookups would be copied on every message if
 * they were immutable, and 10,000 such nodes must run in seconds. The state changes
 * only here, while xstate resolves the transition, and nothing else holds it.
 */
const run = (fixed?: ActorEvent) =>
  base.enqueueActions(({ context, event, enqueue }) => {
    const out = new Out();
    step(context.kad, context.env, fixed ?? event, out);
    for (const fx of out.effects) enqueue(fx as Parameters<typeof enqueue>[0]);
    if (out.joined) enqueue.raise({ type: "kad.joined" });
  });

/**
 * The Kademlia actor: `joining` until its first self-lookup finishes (or, for a light
 * node, until it knows a backbone node), then `ready`. Every input is handled the same
 * way in both states; the state only tells observers whether the node has joined.
 */
export const kademliaMachine = base.createMachine({
  id: "kademlia",
  context: ({ input }) => ({
    env: input.env,
    kad: createState(resolveConfig(input.init), input.env.self, input.restored),
  }),
  initial: "joining",
  entry: run({ type: "kad.start" }),
  states: {
    joining: { on: { "kad.joined": "ready" } },
    ready: {},
  },
  on: { "*": { actions: run() } },
});
