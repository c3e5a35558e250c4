import { setup } from "xstate";
import type { ActorInput } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { effects } from "../../runtime/effects.js";
import type { MembershipInit } from "./config.js";
import type { MembershipEvent, MembershipWire } from "./messages.js";
import {
  addActive,
  addPassive,
  dropActive,
  expirePending,
  heardFrom,
  refill,
  requestNeighbor,
  type MembershipContext,
} from "./views.js";

/** What survives a restart with persisted state: both views. */
export interface MembershipPersisted {
  readonly active: readonly NodeId[];
  readonly passive: readonly NodeId[];
}

type Net<T extends MembershipWire["type"]> = Extract<MembershipWire, { type: T }> & { readonly from: NodeId };

function createContext({ env, init, restored }: ActorInput<MembershipInit, MembershipPersisted>): MembershipContext {
  const ctx: MembershipContext = {
    env,
    cfg: init,
    active: [],
    passive: [],
    misses: new Map(),
    pending: new Map(),
    unanswered: new Map(),
    probing: undefined,
    outstanding: undefined,
    heard: new Map(),
    nonce: 0,
    rejoin: restored?.active ?? [],
  };
  // Former neighbours go first in the passive view; `start` asks them to link again.
  for (const p of [...(restored?.active ?? []), ...(restored?.passive ?? [])]) addPassive(ctx, p);
  return ctx;
}

/** A random offset in (0, interval] so that nodes started together do not tick in lockstep. */
const offset = (ctx: MembershipContext, interval: number): number => 1 + ctx.env.rng.int(interval);

/**
 * Membership: a bounded active view of symmetric links with a ping/pong failure
 * detector, a passive view refreshed by shuffles, and a passive probe that keeps
 * promoting live passive peers, so that sides split by a partition meet again.
 */
export const membershipMachine = setup({
  types: {
    context: {} as MembershipContext,
    events: {} as MembershipEvent,
    input: {} as ActorInput<MembershipInit, MembershipPersisted>,
  },
  actions: {
    ...effects,
    start: ({ context: ctx }) => {
      const { io } = ctx.env;
      io.setTimer("ping", offset(ctx, ctx.cfg.pingInterval), { type: "tick.ping" });
      io.setTimer("shuffle", offset(ctx, ctx.cfg.shuffleInterval), { type: "tick.shuffle" });
      io.setTimer("probe", offset(ctx, ctx.cfg.probeInterval), { type: "tick.probe" });
      for (const p of ctx.rejoin.slice(0, ctx.cfg.viewSize)) requestNeighbor(ctx, p);
      ctx.rejoin = [];
    },
    discovered: ({ context: ctx, event }) => {
      const peers = (event as { peers?: unknown }).peers;
      if (!Array.isArray(peers)) return;
      for (const p of peers as NodeId[]) addPassive(ctx, p);
      // Fresh candidates first: they are alive (discovery just heard from or about them).
      let missing = ctx.cfg.viewSize - ctx.active.length - ctx.pending.size;
      for (const p of ctx.env.rng.sample(peers as NodeId[], peers.length)) {
        if (missing <= 0) break;
        if (p === ctx.env.self || ctx.active.includes(p) || ctx.pending.has(p)) continue;
        requestNeighbor(ctx, p);
        missing--;
      }
    },
    neighbor: ({ context: ctx, event }) => {
      const { from, high } = event as Net<"neighbor">;
      if (high === true || ctx.active.length < ctx.cfg.viewSize || ctx.active.includes(from)) {
        addActive(ctx, from, high === true);
        ctx.env.io.send(from, { type: "accept" });
      } else {
        addPassive(ctx, from);
        ctx.env.io.send(from, { type: "reject" });
      }
    },
    accept: ({ context: ctx, event }) => {
      const { from } = event as Net<"accept">;
      heardFrom(ctx, from);
      const probed = ctx.probing === from;
      if (probed) ctx.probing = undefined;
      addActive(ctx, from, probed);
    },
    // The peer stays in the passive view; the next probe or refill may try it again.
    reject: ({ context: ctx, event }) => {
      const { from } = event as Net<"reject">;
      ctx.pending.delete(from);
      heardFrom(ctx, from);
    },
    leave: ({ context: ctx, event }) => dropActive(ctx, (event as Net<"leave">).from),
    ping: ({ context: ctx, event }) => {
      const e = event as Net<"ping">;
      const linked = ctx.active.includes(e.from);
      if (linked) {
        ctx.misses.delete(e.from); // its ping is as good as a pong
        ctx.heard.set(e.from, ctx.env.now());
      }
      ctx.env.io.send(e.from, { type: "pong", n: e.n, linked });
    },
    pong: ({ context: ctx, event }) => {
      const e = event as Net<"pong">;
      const o = ctx.outstanding;
      if (!o || o.peer !== e.from || o.n !== e.n) return;
      if (ctx.env.now() - o.at > ctx.cfg.pingTimeout) return; // late: the next tick counts a miss
      ctx.outstanding = undefined;
      ctx.misses.delete(e.from);
      if (ctx.heard.has(e.from)) ctx.heard.set(e.from, ctx.env.now());
      // The peer lost its half of the link (a `leave` was dropped): drop ours too.
      if (e.linked === false) dropActive(ctx, e.from);
    },
    pingTick: ({ context: ctx }) => {
      ctx.env.io.setTimer("ping", ctx.cfg.pingInterval, { type: "tick.ping" });
      const o = ctx.outstanding;
      if (o) {
        ctx.outstanding = undefined;
        const misses = (ctx.misses.get(o.peer) ?? 0) + 1;
        if (misses >= ctx.cfg.maxMisses) dropActive(ctx, o.peer);
        else ctx.misses.set(o.peer, misses);
      }
      // A view short of neighbours refills at every ping period, not only after a drop.
      if (ctx.active.length < ctx.cfg.viewSize) refill(ctx);
      if (ctx.active.length === 0) return;
      // Suspects are pinged again at once, so a dead peer leaves after maxMisses ticks.
      let peer: NodeId | undefined;
      for (const p of ctx.misses.keys()) if (ctx.active.includes(p)) peer = p;
      // Otherwise the peer heard from least recently: every neighbour is checked within
      // viewSize ping periods, however the view changes meanwhile.
      if (peer === undefined) {
        let oldest = Infinity;
        for (const p of ctx.active) {
          const t = ctx.heard.get(p) ?? -Infinity;
          if (t < oldest) {
            oldest = t;
            peer = p;
          }
        }
      }
      if (peer === undefined) return;
      const n = ++ctx.nonce;
      ctx.outstanding = { peer, n, at: ctx.env.now() };
      ctx.env.io.send(peer, { type: "ping", n });
    },
    shuffleTick: ({ context: ctx }) => {
      ctx.env.io.setTimer("shuffle", ctx.cfg.shuffleInterval, { type: "tick.shuffle" });
      if (ctx.active.length === 0) return;
      const to = ctx.env.rng.pick(ctx.active);
      const neighbours = ctx.env.rng.sample(
        ctx.active.filter((p) => p !== to),
        Math.min(2, ctx.cfg.shuffleLength),
      );
      const peers = [...neighbours, ...ctx.env.rng.sample(ctx.passive, ctx.cfg.shuffleLength - neighbours.length)];
      ctx.env.io.send(to, { type: "shuffle", peers });
    },
    shuffle: ({ context: ctx, event }) => {
      const e = event as Net<"shuffle">;
      if (!Array.isArray(e.peers)) return;
      const reply = ctx.env.rng.sample(
        ctx.passive.filter((p) => p !== e.from),
        Math.min(e.peers.length, ctx.cfg.shuffleLength),
      );
      ctx.env.io.send(e.from, { type: "shuffled", peers: reply });
      for (const p of e.peers) addPassive(ctx, p);
    },
    shuffled: ({ context: ctx, event }) => {
      const e = event as Net<"shuffled">;
      heardFrom(ctx, e.from);
      if (Array.isArray(e.peers)) for (const p of e.peers) addPassive(ctx, p);
    },
    probeTick: ({ context: ctx }) => {
      ctx.env.io.setTimer("probe", ctx.cfg.probeInterval, { type: "tick.probe" });
      // Requests unanswered for pingTimeout are given up (the peer may be dead or cut off).
      expirePending(ctx);
      // Always probe one passive peer, even with a full view: a failed probe keeps the entry,
      // because after a partition heals the other side is found exactly there.
      if (ctx.passive.length > 0) requestNeighbor(ctx, ctx.env.rng.pick(ctx.passive), true);
      refill(ctx);
    },
  },
}).createMachine({
  id: "membership",
  context: ({ input }) => createContext(input),
  entry: "start",
  on: {
    "peers.discovered": { actions: "discovered" },
    neighbor: { actions: "neighbor" },
    accept: { actions: "accept" },
    reject: { actions: "reject" },
    leave: { actions: "leave" },
    ping: { actions: "ping" },
    pong: { actions: "pong" },
    shuffle: { actions: "shuffle" },
    shuffled: { actions: "shuffled" },
    "tick.ping": { actions: "pingTick" },
    "tick.shuffle": { actions: "shuffleTick" },
    "tick.probe": { actions: "probeTick" },
  },
});
