import { setup } from "xstate";
import type { ActorEnv, ActorInput } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { serve, sweep } from "./api.js";
import type { Outcome } from "./changes.js";
import type { RegistryInit } from "./config.js";
import type { RegistryRequest } from "./messages.js";
import { type RegistrySnapshot, type RegistryState, stateOf } from "./records.js";

/** The registry actor's context: the records, owned by the actor and updated in place by its actions. */
export interface RegistryContext {
  readonly env: ActorEnv;
  readonly cfg: RegistryInit;
  readonly state: RegistryState;
}

type Event = (RegistryRequest & { readonly from?: NodeId }) | { readonly type: "tick.sweep" };

const SWEEP = { type: "tick.sweep" } as const;

function createContext({ env, init, restored }: ActorInput<RegistryInit, RegistrySnapshot>): RegistryContext {
  const state = stateOf(restored);
  if (init.genesisKey && !state.sovereigns.has(init.genesisKey)) {
    const key = { publicKey: init.genesisKey, description: "genesis", addedAt: env.now(), addedBy: "genesis" };
    state.sovereigns.set(key.publicKey, key);
    env.io.observe("change", { kind: "sovereign", key });
  }
  return { env, cfg: init, state };
}

/** Logs what changed (`registry.change`, for the durable store) and what to announce (`registry.event`). */
function publish(ctx: RegistryContext, out: Outcome): void {
  for (const c of out.changes) ctx.env.io.observe("change", c);
  for (const e of out.events) ctx.env.io.observe("event", e);
}

/**
 * The coordination registry: one record per node (pending → active | denied; active ⇄
 * offline), sovereign keys, and a periodic sweep that marks silent nodes offline. Every
 * request is answered with a `reply` to its sender; changes are observed before the reply
 * is sent, so a host that makes them durable as they are logged never acknowledges a lost write.
 */
export const registryMachine = setup({
  types: {
    context: {} as RegistryContext,
    events: {} as Event,
    input: {} as ActorInput<RegistryInit, RegistrySnapshot>,
  },
  actions: {
    request: ({ context: ctx, event }) => {
      const req = event as RegistryRequest & { from?: NodeId };
      const rid = typeof req.rid === "number" ? req.rid : -1;
      const ok = (req.method === "GET" || req.method === "POST") && typeof req.path === "string";
      const out = ok
        ? serve(ctx.state, req, ctx.env.now(), ctx.cfg)
        : { status: 400, body: { error: "request: expected method GET or POST and a path" }, changes: [], events: [] };
      publish(ctx, out);
      const answer = { type: "reply", rid, status: out.status, body: out.body };
      if (req.from !== undefined) ctx.env.io.send(req.from, answer);
      else ctx.env.io.observe("reply", answer); // a command from the host (the simulator's sovereign)
    },
    sweep: ({ context: ctx }) => {
      publish(ctx, sweep(ctx.state, ctx.env.now(), ctx.cfg));
      ctx.env.io.setTimer("sweep", ctx.cfg.sweepInterval, SWEEP);
    },
  },
}).createMachine({
  id: "registry",
  context: ({ input }) => createContext(input),
  entry: ({ context: ctx }) => ctx.env.io.setTimer("sweep", ctx.cfg.sweepInterval, SWEEP),
  on: {
    request: { actions: "request" },
    "tick.sweep": { actions: "sweep" },
  },
});
