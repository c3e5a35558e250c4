import { setup } from "xstate";
import type { ActorInput } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import type { RelayInit } from "./config.js";
import type { RelayEvent } from "./messages.js";
import type { RelayContext } from "./context.js";
import { onHop, onReserve, sweep } from "./server.js";

export type { RelayContext } from "./context.js";

/** Relay state, mutated in place by its actions. */

type Net<T extends string> = Extract<RelayEvent, { type: T }> & { readonly from: NodeId };

const advertise = (ctx: RelayContext): void => {
  const relays = ctx.relay ? [ctx.relay] : [];
  for (const a of ctx.cfg.notify) ctx.env.io.tell(a, { type: "relay.address", relays });
};

/**
 * The relay actor (circuit-relay-v2-like). States follow reachability: `serving`
 * (public: grants up to `slots` reservations and forwards up to `share` messages/s),
 * `reserving` / `reserved` (private: holds one slot on a public node, refreshed every
 * `refresh`, and advertises it as its relayed address; a lost or refused slot is
 * replaced at once on another relay). Any node forwards its siblings' messages over
 * relay chains (`send.via`) and hands relayed messages to the named sibling.
 */
export const relayMachine = setup({
  types: { context: {} as RelayContext, events: {} as RelayEvent, input: {} as ActorInput<RelayInit, undefined> },
  guards: {
    becamePublic: ({ event }) => (event as { status?: string }).status === "public",
    becamePrivate: ({ event }) => (event as { status?: string }).status === "private",
    fromCandidate: ({ context, event }) => (event as { from?: string }).from === context.candidate,
    fromRelay: ({ context, event }) => (event as { from?: string }).from === context.relay,
  },
  actions: {
    serve: ({ context: ctx }) => {
      ctx.serving = true;
      ctx.tokens = ctx.cfg.share;
      ctx.refilled = ctx.env.now();
      ctx.env.io.observe("serving", { slots: ctx.cfg.slots, share: ctx.cfg.share });
      ctx.env.io.setTimer("sweep", ctx.cfg.ttl, { type: "tick.sweep" });
      if (ctx.relay) {
        ctx.env.io.observe("lost", { relay: ctx.relay, reason: "public" });
        ctx.relay = undefined;
        advertise(ctx);
      }
      ctx.env.io.cancelTimer("refresh");
      ctx.env.io.cancelTimer("timeout");
    },
    stopServing: ({ context: ctx }) => {
      ctx.serving = false;
      ctx.reservations.clear();
      ctx.circuits.clear();
      ctx.env.io.cancelTimer("sweep");
    },
    sweep: ({ context: ctx }) => {
      sweep(ctx);
      ctx.env.io.setTimer("sweep", ctx.cfg.ttl, { type: "tick.sweep" });
    },
    ask: ({ context: ctx }) => {
      const { env, cfg } = ctx;
      let pool = cfg.servers.filter((s) => s !== env.self && !ctx.avoid.has(s));
      if (pool.length === 0) {
        ctx.avoid.clear();
        pool = cfg.servers.filter((s) => s !== env.self);
      }
      ctx.candidate = pool.length ? env.rng.pick(pool) : undefined;
      if (ctx.candidate) {
        env.io.send(ctx.candidate, { type: "reserve" });
        // Its NAT mapping now lets the candidate in: it must not serve as a dial-back helper.
        env.io.tell("reachability", { type: "contacted", peers: [ctx.candidate] });
      }
      env.io.setTimer("timeout", cfg.timeout, { type: "tick.timeout" });
    },
    avoidCandidate: ({ context: ctx }) => {
      if (ctx.candidate) ctx.avoid.add(ctx.candidate);
    },
    hold: ({ context: ctx }) => {
      ctx.relay = ctx.candidate;
      ctx.candidate = undefined;
      ctx.env.io.cancelTimer("timeout");
      ctx.env.io.observe("reserved", { relay: ctx.relay });
      advertise(ctx);
      ctx.env.io.setTimer("refresh", ctx.cfg.refresh, { type: "tick.refresh" });
    },
    refresh: ({ context: ctx }) => {
      ctx.env.io.send(ctx.relay!, { type: "reserve" });
      ctx.env.io.setTimer("timeout", ctx.cfg.timeout, { type: "tick.timeout" });
    },
    refreshed: ({ context: ctx }) => {
      ctx.env.io.cancelTimer("timeout");
      ctx.env.io.setTimer("refresh", ctx.cfg.refresh, { type: "tick.refresh" });
    },
    lose: ({ context: ctx, event }) => {
      const relay = ctx.relay!;
      ctx.env.io.observe("lost", { relay, reason: event.type === "refused" ? event.reason : "timeout" });
      ctx.avoid.add(relay);
      ctx.relay = undefined;
      ctx.env.io.cancelTimer("refresh");
      advertise(ctx);
    },
    reserve: ({ context: ctx, event }) => onReserve(ctx, event as Net<"reserve">),
    hop: ({ context: ctx, event }) => onHop(ctx, event as Net<"hop">),
    sendVia: ({ context: ctx, event }) => {
      const e = event as Extract<RelayEvent, { type: "send.via" }>;
      if (!Array.isArray(e.via) || e.via.length === 0) return;
      const [first, ...rest] = e.via;
      ctx.opened.set(first!, ctx.env.now() + ctx.cfg.ttl);
      ctx.env.io.send(first!, {
        type: "hop",
        dst: e.to,
        via: rest,
        src: ctx.env.self,
        route: [],
        actor: e.actor,
        inner: e.msg,
      });
    },
    stop: ({ context: ctx, event }) => {
      const e = event as Net<"stop">;
      // Only the relay this node holds a slot on, or one it opened a circuit through, may hand it traffic.
      const opened = (ctx.opened.get(e.from) ?? -1) >= ctx.env.now();
      if ((e.from !== ctx.relay && !opened) || typeof e.actor !== "string" || !Array.isArray(e.route)) return;
      ctx.env.io.tell(e.actor, { ...e.inner, from: e.src, via: e.route });
    },
  },
}).createMachine({
  id: "relay",
  context: ({ input }) => ({
    env: input.env,
    cfg: input.init,
    serving: false,
    reservations: new Map(),
    circuits: new Map(),
    tokens: 0,
    refilled: 0,
    dropped: { share: 0, hops: 0, noReservation: 0 },
    candidate: undefined,
    relay: undefined,
    opened: new Map(),
    avoid: new Set(),
  }),
  on: {
    reserve: { actions: "reserve" },
    hop: { actions: "hop" },
    stop: { actions: "stop" },
    "send.via": { actions: "sendVia" },
    "tick.sweep": { actions: "sweep" },
    reachability: [
      { guard: "becamePublic", target: ".serving" },
      { guard: "becamePrivate", target: ".reserving" },
    ],
  },
  initial: "unknown",
  states: {
    unknown: {},
    serving: {
      entry: "serve",
      exit: "stopServing",
      on: { reachability: [{ guard: "becamePrivate", target: "reserving" }, { guard: "becamePublic" }] },
    },
    reserving: {
      entry: "ask",
      on: {
        reserved: { guard: "fromCandidate", target: "reserved", actions: "hold" },
        refused: { guard: "fromCandidate", target: "reserving", reenter: true, actions: "avoidCandidate" },
        "tick.timeout": { target: "reserving", reenter: true, actions: "avoidCandidate" },
        reachability: [{ guard: "becamePublic", target: "serving" }, { guard: "becamePrivate" }],
      },
    },
    reserved: {
      on: {
        "tick.refresh": { actions: "refresh" },
        reserved: { guard: "fromRelay", actions: "refreshed" },
        refused: { guard: "fromRelay", target: "reserving", actions: "lose" },
        "tick.timeout": { target: "reserving", actions: "lose" },
        reachability: [{ guard: "becamePublic", target: "serving" }, { guard: "becamePrivate" }],
      },
    },
  },
});
