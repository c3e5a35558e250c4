import { setup } from "xstate";
import type { ActorInput } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { effects } from "../../runtime/effects.js";
import { bootstrapPeers, type BootstrapPeers } from "./bootstrap-methods.js";
import type { DiscoveryInit } from "./config.js";
import type { DiscoveryEvent, DiscoveryMode, DiscoveryWire } from "./messages.js";
import { isWide, learn, share, touch, type DiscoveryContext } from "./peers.js";

/** What survives a restart with persisted state: the peer cache, freshest first. */
export interface DiscoveryPersisted {
  readonly cache: readonly NodeId[];
}

type Net<T extends DiscoveryWire["type"]> = Extract<DiscoveryWire, { type: T }> & { readonly from: NodeId };

function createContext({ env, init, restored }: ActorInput<DiscoveryInit, DiscoveryPersisted>): DiscoveryContext {
  const cache = (restored?.cache ?? []).filter((p) => typeof p === "string" && p !== env.self);
  return {
    env,
    cfg: init,
    seeds: new Set(init.seeds.filter((s) => s !== env.self)),
    known: cache.slice(0, init.cacheSize),
    fromCache: cache.length > 0,
    narrowRounds: 0,
    sharedAt: new Map(),
    round: { wide: false, local: false, asks: 0 },
    mode: undefined,
    windowStart: 0,
    replies: 0,
  };
}

const ROUND = { type: "tick.round" } as const;
const ROUND_END = { type: "tick.round-end" } as const;

type State = "searching" | DiscoveryMode;

/** A transition to `mode`, or none when already there (no re-entry, no repeated observation). */
const to = (from: State, mode: DiscoveryMode) => (from === mode ? {} : { target: mode });

/** An answer only ever raises the mode: to connected if it came from the wider mesh, else at least local. */
const onWelcome = (from: State) =>
  from === "connected"
    ? [{ actions: "welcome" as const }]
    : [
        { guard: "wide" as const, target: "connected", actions: "welcome" as const },
        { ...to(from, "local"), actions: "welcome" as const },
      ];

/** Downgrades are decided once per round, never on a single answer: the round's best answer sets the mode. */
const onRoundEnd = (from: State) => [
  { guard: "roundWide" as const, ...to(from, "connected"), actions: "endRound" as const },
  { guard: "roundLocal" as const, ...to(from, "local"), actions: "endRound" as const },
  { ...to(from, "bootstrap"), actions: "endRound" as const },
];

/**
 * Discovery: rounds of hellos to seeds, cached peers and the local segment, all at once;
 * answers carry peers to ask next (peer exchange). The state is the node's mode:
 * `searching` until the first answer or timeout, then `connected`, `local` or `bootstrap`.
 */
export const discoveryMachine = setup({
  types: {
    context: {} as DiscoveryContext,
    events: {} as DiscoveryEvent,
    input: {} as ActorInput<DiscoveryInit, DiscoveryPersisted>,
  },
  guards: {
    wide: ({ context, event }) => {
      const e = event as Net<"welcome">;
      return isWide(context, e.from, e.segment);
    },
    roundWide: ({ context }) => context.round.wide,
    roundLocal: ({ context }) => context.round.local,
  },
  actions: {
    ...effects,
    enter: ({ context: ctx }, p: { mode: DiscoveryMode }) => {
      ctx.mode = p.mode;
      ctx.env.io.observe("mode", { mode: p.mode });
    },
    startRound: ({ context: ctx }) => {
      const { io, rng, segment } = ctx.env;
      ctx.round = { wide: false, local: false, asks: 0 };
      const others = ctx.known.filter((p) => !ctx.seeds.has(p));
      const cached = ctx.fromCache ? others.slice(0, ctx.cfg.askPerRound) : rng.sample(others, ctx.cfg.askPerRound);
      ctx.fromCache = false;
      // A connected node's refresh asks one seed, not all: every node refreshing against
      // every seed would make the seeds the busiest nodes of the mesh.
      const seeds = ctx.mode === "connected" && ctx.seeds.size > 0 ? [rng.pick([...ctx.seeds])] : ctx.seeds;
      for (const to of seeds) io.send(to, { type: "hello", segment });
      for (const to of cached) io.send(to, { type: "hello", segment });
      // Once it has any peer, the segment is reached through the mesh: only a node that
      // has found nobody floods its segment.
      if (ctx.cfg.localBroadcast && ctx.mode !== "connected" && ctx.mode !== "local")
        io.broadcast({ type: "hello", segment, local: true });
      io.setTimer("round-end", ctx.cfg.timeout, ROUND_END);
    },
    endRound: ({ context: ctx }) => {
      // Back off while the wider mesh stays out of reach (a partition, a dead seed list):
      // retry, 2×, 4×, … up to the refresh period, so a cut-off side does not hammer its seeds.
      ctx.narrowRounds = ctx.round.wide ? 0 : ctx.narrowRounds + 1;
      const backoff = ctx.cfg.retryInterval * 2 ** Math.min(ctx.narrowRounds - 1, 16);
      const every = ctx.round.wide ? ctx.cfg.refreshInterval : Math.min(backoff, ctx.cfg.refreshInterval);
      ctx.env.io.setTimer("round", every - ctx.cfg.timeout, ROUND);
    },
    hello: ({ context: ctx, event }) => {
      const e = event as Net<"hello">;
      if (e.local === true && ctx.mode !== "bootstrap") {
        const now = ctx.env.now();
        if (now - ctx.windowStart >= ctx.cfg.retryInterval) {
          ctx.windowStart = now;
          ctx.replies = 0;
        }
        if (ctx.replies >= ctx.cfg.localReplies) return;
        ctx.replies++;
      }
      const peers = ctx.env.rng.sample(
        ctx.known.filter((p) => p !== e.from),
        ctx.cfg.exchangeSize,
      );
      ctx.env.io.send(e.from, { type: "welcome", segment: ctx.env.segment, peers });
      touch(ctx, e.from);
      share(ctx, [e.from]);
    },
    bootstrapPeers: ({ context: ctx, event }) => bootstrapPeers(ctx, event as BootstrapPeers),
    welcome: ({ context: ctx, event }) => {
      const e = event as Net<"welcome">;
      if (isWide(ctx, e.from, e.segment)) ctx.round.wide = true;
      else ctx.round.local = true;
      const fresh = learn(ctx, e.peers);
      touch(ctx, e.from);
      share(ctx, [e.from, ...fresh]);
      if (ctx.mode === "connected" || ctx.round.wide) return;
      // Peer exchange: ask the newly learned peers in turn, hoping to reach the wider mesh.
      for (const to of fresh) {
        if (ctx.round.asks >= ctx.cfg.exchangeAsks) break;
        ctx.round.asks++;
        ctx.env.io.send(to, { type: "hello", segment: ctx.env.segment });
      }
    },
  },
}).createMachine({
  id: "discovery",
  context: ({ input }) => createContext(input),
  initial: "searching",
  entry: { type: "setTimer", params: ({ context }) => ({ key: "round", ms: context.env.rng.int(500), event: ROUND }) },
  on: {
    "tick.round": { actions: "startRound" },
    hello: { actions: "hello" },
    "bootstrap.peers": { actions: "bootstrapPeers" },
  },
  states: {
    searching: { on: { welcome: onWelcome("searching"), "tick.round-end": onRoundEnd("searching") } },
    connected: {
      entry: { type: "enter", params: { mode: "connected" } },
      on: { welcome: onWelcome("connected"), "tick.round-end": onRoundEnd("connected") },
    },
    local: {
      entry: { type: "enter", params: { mode: "local" } },
      on: { welcome: onWelcome("local"), "tick.round-end": onRoundEnd("local") },
    },
    bootstrap: {
      entry: { type: "enter", params: { mode: "bootstrap" } },
      on: { welcome: onWelcome("bootstrap"), "tick.round-end": onRoundEnd("bootstrap") },
    },
  },
});
