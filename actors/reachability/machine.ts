import { raise, setup } from "xstate";
import type { ActorEnv, ActorInput } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import type { ReachabilityInit } from "./config.js";
import type { Reachability, ReachabilityEvent } from "./messages.js";

/** The actor's state, mutated in place by its actions (house style, for speed). */
export interface ReachabilityContext {
  readonly env: ActorEnv;
  readonly cfg: ReachabilityInit;
  status: Reachability;
  /** Nonce → server asked in the current round. */
  readonly asked: Map<string, NodeId>;
  /** Nonces whose server answered, and those dialled back, in the current round. */
  readonly answered: Set<string>;
  readonly dialledBack: Set<string>;
  /** Running tallies across rounds; reset when the status changes. */
  publicVotes: number;
  privateVotes: number;
  /** The servers asked each round (replaced when silent). */
  readonly chosen: NodeId[];
  /** Servers dropped from `chosen` lately (→ when): still avoided as helpers, their mappings may live. */
  readonly contacted: Map<NodeId, number>;
  relays: readonly NodeId[];
}

type Net<T extends string> = Extract<ReachabilityEvent, { type: T }> & { readonly from: NodeId };

function setStatus(ctx: ReachabilityContext, status: Reachability): void {
  if (ctx.status === status) return;
  ctx.status = status;
  ctx.env.io.observe("status", { status });
  for (const a of ctx.cfg.notify) ctx.env.io.tell(a, { type: "reachability", status });
}

/**
 * AutoNAT-like reachability: each round asks `confirmations + 1` servers (the same ones
 * while they answer; silent ones are replaced at random) for a dial-back by a third
 * party that is none of the peers the node has talked to lately; an answered request with a dial-back is a vote for
 * public, an answered one without is a vote for private, a silent server counts for
 * nothing. `confirmations` votes one way settle the status (states `unknown`, `public`,
 * `private`); a settled node keeps checking every `interval` and flips on as many votes
 * the other way.
 */
export const reachabilityMachine = setup({
  types: {
    context: {} as ReachabilityContext,
    events: {} as ReachabilityEvent,
    input: {} as ActorInput<ReachabilityInit, undefined>,
  },
  guards: {
    isPublic: ({ context }) => context.publicVotes >= context.cfg.confirmations,
    isPrivate: ({ context }) => context.privateVotes >= context.cfg.confirmations,
  },
  actions: {
    schedule: ({ context: ctx }) => {
      const wait = ctx.status === "unknown" ? ctx.cfg.retry : ctx.cfg.interval;
      ctx.env.io.setTimer("probe", wait, { type: "tick.probe" });
    },
    firstProbe: ({ context: ctx }) => ctx.env.io.setTimer("probe", 1 + ctx.env.rng.int(1000), { type: "tick.probe" }),
    probe: ({ context: ctx }) => {
      const { env, cfg } = ctx;
      const now = env.now();
      // Servers keep their place while they answer: every server asked lately must be
      // avoided as a helper, so a stable set keeps that list short. Silent ones are replaced.
      for (const nonce of ctx.asked.keys()) {
        const s = ctx.asked.get(nonce)!;
        if (!ctx.answered.has(nonce) && ctx.chosen.includes(s)) {
          ctx.chosen.splice(ctx.chosen.indexOf(s), 1);
          ctx.contacted.set(s, now);
        }
      }
      for (const [peer, at] of ctx.contacted) if (now - at > cfg.memory) ctx.contacted.delete(peer);
      const fresh = cfg.servers.filter((s) => s !== env.self && !ctx.chosen.includes(s) && !ctx.contacted.has(s));
      ctx.chosen.push(...env.rng.sample(fresh, cfg.confirmations + 1 - ctx.chosen.length));
      ctx.asked.clear();
      ctx.answered.clear();
      ctx.dialledBack.clear();
      const avoid = [...new Set([...ctx.chosen, ...ctx.contacted.keys(), ...ctx.relays])];
      for (const s of ctx.chosen) {
        const nonce = env.rng.hex64();
        ctx.asked.set(nonce, s);
        env.io.send(s, { type: "dial.request", nonce, avoid });
      }
      if (ctx.chosen.length > 0) env.io.setTimer("judge", cfg.timeout, { type: "tick.judge" });
    },
    tally: ({ context: ctx }) => {
      for (const nonce of ctx.asked.keys()) {
        if (ctx.dialledBack.has(nonce)) {
          ctx.publicVotes++;
          ctx.privateVotes = 0;
        } else if (ctx.answered.has(nonce)) {
          ctx.privateVotes++;
          ctx.publicVotes = 0;
        }
      }
    },
    becomePublic: ({ context: ctx }) => {
      ctx.publicVotes = ctx.privateVotes = 0;
      setStatus(ctx, "public");
    },
    becomePrivate: ({ context: ctx }) => {
      ctx.publicVotes = ctx.privateVotes = 0;
      setStatus(ctx, "private");
    },
    serve: ({ context: ctx, event }) => {
      const e = event as Net<"dial.request">;
      const avoid = new Set(Array.isArray(e.avoid) ? e.avoid : []);
      const helpers = ctx.cfg.servers.filter((s) => s !== ctx.env.self && s !== e.from && !avoid.has(s));
      if (helpers.length === 0) return; // no one left to dial back: the client hears nothing, a non-vote
      ctx.env.io.send(ctx.env.rng.pick(helpers), { type: "dial.assist", target: e.from, nonce: e.nonce });
      ctx.env.io.send(e.from, { type: "dial.response", nonce: e.nonce });
    },
    assist: ({ context: ctx, event }) => {
      const e = event as Net<"dial.assist">;
      if (typeof e.target === "string" && e.target !== ctx.env.self)
        ctx.env.io.send(e.target, { type: "dial.back", nonce: e.nonce });
    },
    relays: ({ context: ctx, event }) => {
      const relays = (event as { relays?: unknown }).relays;
      ctx.relays = Array.isArray(relays) ? (relays as NodeId[]) : [];
    },
    contacted: ({ context: ctx, event }) => {
      const peers = (event as { peers?: unknown }).peers;
      if (!Array.isArray(peers)) return;
      const now = ctx.env.now();
      for (const p of peers as NodeId[])
        if (typeof p === "string" && !ctx.chosen.includes(p)) ctx.contacted.set(p, now);
    },
    answered: ({ context: ctx, event }) => {
      const e = event as Net<"dial.response">;
      if (ctx.asked.get(e.nonce) === e.from) ctx.answered.add(e.nonce);
    },
    dialledBack: ({ context: ctx, event }) => {
      const e = event as Net<"dial.back">;
      if (ctx.asked.has(e.nonce)) ctx.dialledBack.add(e.nonce);
    },
  },
}).createMachine({
  id: "reachability",
  context: ({ input }) => ({
    env: input.env,
    cfg: input.init,
    status: "unknown",
    asked: new Map(),
    answered: new Set(),
    dialledBack: new Set(),
    publicVotes: 0,
    privateVotes: 0,
    chosen: [],
    contacted: new Map(),
    relays: [],
  }),
  entry: "firstProbe",
  on: {
    "dial.request": { actions: "serve" },
    "dial.assist": { actions: "assist" },
    "dial.response": { actions: "answered" },
    "dial.back": { actions: "dialledBack" },
    "relay.address": { actions: "relays" },
    contacted: { actions: "contacted" },
    "tick.probe": { actions: ["probe", "schedule"] },
    // Votes are counted first; the states then judge them on the raised `judged`.
    "tick.judge": { actions: ["tally", raise({ type: "judged" })] },
  },
  initial: "unknown",
  states: {
    unknown: {
      on: {
        judged: [
          { guard: "isPublic", target: "public", actions: "becomePublic" },
          { guard: "isPrivate", target: "private", actions: "becomePrivate" },
        ],
      },
    },
    public: { on: { judged: { guard: "isPrivate", target: "private", actions: "becomePrivate" } } },
    private: { on: { judged: { guard: "isPublic", target: "public", actions: "becomePublic" } } },
  },
});
