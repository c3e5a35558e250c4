import { setup } from "xstate";
import type { ActorEnv, ActorInput } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import { effects } from "../../runtime/effects.js";
import type { GossipInit } from "./config.js";
import type { DigestMsg, FromNet, GossipEvent, GossipItem, HaveMsg, MsgsMsg, PushMsg, WantMsg } from "./messages.js";
import { Store } from "./store.js";

/** What survives a restart with persisted state: the whole store. */
export interface GossipPersisted {
  readonly items: readonly GossipItem[];
}

/**
 * The machine's context. It is owned by this one actor and its actions update it in
 * place: copying the store on every message would make each event O(store), and even
 * `assign` of small fields measured ~60% slower per event than a plain action here.
 */
export interface GossipContext {
  readonly env: ActorEnv;
  readonly cfg: GossipInit;
  readonly store: Store;
  /** The active view, as last told by `membership`. */
  peers: readonly NodeId[];
}

const TICK = { type: "tick.pull" } as const;

function createContext({ env, init, restored }: ActorInput<GossipInit, GossipPersisted>): GossipContext {
  const store = new Store(init.buckets);
  for (const item of restored?.items ?? []) store.add(item);
  return { env, cfg: init, store, peers: [] };
}

/** Up to `fanout` random view peers other than `except`. */
function targets(ctx: GossipContext, except: NodeId | undefined): NodeId[] {
  const pool = except === undefined ? ctx.peers : ctx.peers.filter((p) => p !== except);
  return ctx.env.rng.sample(pool, ctx.cfg.fanout);
}

/** Stores what is new, observes its delivery, and pushes it on (rumour mongering) if push is on. */
function receive(ctx: GossipContext, items: readonly GossipItem[], from: NodeId): void {
  if (!Array.isArray(items)) return; // a malformed frame is the network's fault, not ours
  const fresh: GossipItem[] = [];
  for (const it of items) {
    if (typeof it?.id !== "string" || ctx.store.has(it.id)) continue;
    const item: GossipItem = { id: it.id, origin: it.origin, hops: (it.hops | 0) + 1, body: it.body };
    ctx.store.add(item);
    fresh.push(item);
    ctx.env.io.observe("delivered", { id: item.id, origin: item.origin, via: from, hops: item.hops });
  }
  if (fresh.length === 0 || !ctx.cfg.push) return;
  for (const to of targets(ctx, from)) ctx.env.io.send(to, { type: "push", items: fresh });
}

function itemsFor(ctx: GossipContext, ids: readonly string[]): GossipItem[] {
  const out: GossipItem[] = [];
  for (const id of ids) {
    if (out.length >= ctx.cfg.maxBatch) break;
    const item = ctx.store.get(id);
    if (item) out.push(item);
  }
  return out;
}

/**
 * Gossip: epidemic push of new messages and periodic push-pull anti-entropy. A round
 * is digest → have (ids of differing buckets) → want + msgs → msgs, so both sides end
 * with the union of their stores without any central help.
 */
export const gossipMachine = setup({
  types: {
    context: {} as GossipContext,
    events: {} as GossipEvent,
    input: {} as ActorInput<GossipInit, GossipPersisted>,
  },
  actions: {
    ...effects,
    publish: ({ context: ctx, event }) => {
      const body = (event as { body?: unknown }).body;
      const item: GossipItem = { id: ctx.env.rng.hex64(), origin: ctx.env.self, hops: 0, body };
      ctx.store.add(item);
      ctx.env.io.observe("published", { id: item.id });
      if (!ctx.cfg.push) return;
      for (const to of targets(ctx, undefined)) ctx.env.io.send(to, { type: "push", items: [item] });
    },
    view: ({ context: ctx, event }) => {
      const peers = (event as { peers?: unknown }).peers;
      if (Array.isArray(peers)) ctx.peers = peers as NodeId[];
    },
    push: ({ context: ctx, event }) => {
      const e = event as FromNet<PushMsg>;
      receive(ctx, e.items, e.from);
    },
    msgs: ({ context: ctx, event }) => {
      const e = event as FromNet<MsgsMsg>;
      receive(ctx, e.items, e.from);
    },
    pull: ({ context: ctx }) => {
      ctx.env.io.setTimer("pull", ctx.cfg.pullInterval, TICK);
      if (ctx.peers.length === 0) return;
      const to = ctx.env.rng.pick(ctx.peers);
      ctx.env.io.send(to, { type: "digest", count: ctx.store.size, sums: ctx.store.sums.slice() });
    },
    digest: ({ context: ctx, event }) => {
      const e = event as FromNet<DigestMsg>;
      if (!Array.isArray(e.sums)) return;
      const buckets = ctx.store.differing(e.sums);
      if (buckets.length === 0) return; // in sync: the round ends after one message
      ctx.env.io.send(e.from, { type: "have", buckets, ids: ctx.store.idsIn(buckets) });
    },
    have: ({ context: ctx, event }) => {
      const e = event as FromNet<HaveMsg>;
      if (!Array.isArray(e.ids) || !Array.isArray(e.buckets)) return;
      const theirs = new Set(e.ids);
      const want = e.ids.filter((id) => !ctx.store.has(id));
      const extra = ctx.store.idsIn(e.buckets).filter((id) => !theirs.has(id));
      if (want.length > 0) ctx.env.io.send(e.from, { type: "want", ids: want });
      if (extra.length > 0) ctx.env.io.send(e.from, { type: "msgs", items: itemsFor(ctx, extra) });
    },
    want: ({ context: ctx, event }) => {
      const e = event as FromNet<WantMsg>;
      if (!Array.isArray(e.ids)) return;
      const items = itemsFor(ctx, e.ids);
      if (items.length > 0) ctx.env.io.send(e.from, { type: "msgs", items });
    },
  },
}).createMachine({
  id: "gossip",
  context: ({ input }) => createContext(input),
  // The first round starts at a random offset so that nodes started together do not pull in lockstep.
  entry: {
    type: "setTimer",
    params: ({ context }) => ({ key: "pull", ms: 1 + context.env.rng.int(context.cfg.pullInterval), event: TICK }),
  },
  on: {
    publish: { actions: "publish" },
    view: { actions: "view" },
    push: { actions: "push" },
    msgs: { actions: "msgs" },
    "tick.pull": { actions: "pull" },
    digest: { actions: "digest" },
    have: { actions: "have" },
    want: { actions: "want" },
  },
});
