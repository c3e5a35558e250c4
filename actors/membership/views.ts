import type { ActorEnv } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import type { MembershipInit } from "./config.js";

/**
 * Membership state, owned by one actor and updated in place by its actions (see
 * `GossipContext` for why). `active` is replaced, never mutated, because it is handed
 * to siblings and observers; the others are private.
 */
export interface MembershipContext {
  readonly env: ActorEnv;
  readonly cfg: MembershipInit;
  active: readonly NodeId[];
  readonly passive: NodeId[];
  /** Consecutive missed pongs of suspected active peers. */
  readonly misses: Map<NodeId, number>;
  /** Neighbour requests in flight and when they were sent; unanswered after `pingTimeout` they expire. */
  readonly pending: Map<NodeId, number>;
  /** Requests a passive peer left unanswered in a row; refills try the most responsive peers first. */
  readonly unanswered: Map<NodeId, number>;
  /** The passive peer this node's last probe asked; its accept may displace a neighbour. */
  probing: NodeId | undefined;
  /** The ping awaiting its pong. */
  outstanding: { peer: NodeId; n: number; at: number } | undefined;
  /** When each active peer was last heard from; the failure detector pings the stalest. */
  readonly heard: Map<NodeId, number>;
  nonce: number;
  /** Neighbours before a restart with persisted state, asked to link again at start. */
  rejoin: readonly NodeId[];
}

/** Tells siblings and observers the new active view. */
export function viewChanged(ctx: MembershipContext): void {
  const peers = ctx.active;
  ctx.env.io.observe("view", { peers });
  for (const actor of ctx.cfg.notify) ctx.env.io.tell(actor, { type: "view", peers });
}

/** Adds a candidate to the passive view unless it is known already; evicts a random entry when full. */
export function addPassive(ctx: MembershipContext, id: NodeId): void {
  if (typeof id !== "string" || id === ctx.env.self || ctx.active.includes(id) || ctx.passive.includes(id)) return;
  if (ctx.passive.length < ctx.cfg.passiveSize) ctx.passive.push(id);
  else ctx.passive[ctx.env.rng.int(ctx.passive.length)] = id;
}

/**
 * Sends a neighbour request unless one is in flight or the peer is a neighbour already.
 * It is `high` (accepted even by a full peer) for a probe or when this node has no neighbour.
 */
export function requestNeighbor(ctx: MembershipContext, id: NodeId, probe = false): void {
  if (ctx.pending.has(id) || ctx.active.includes(id) || id === ctx.env.self) return;
  ctx.pending.set(id, ctx.env.now());
  if (probe) ctx.probing = id;
  ctx.env.io.send(id, { type: "neighbor", high: probe || ctx.active.length === 0 });
}

/** Forgets requests unanswered for `pingTimeout`, counting them against their peer. */
export function expirePending(ctx: MembershipContext): void {
  const now = ctx.env.now();
  for (const [p, at] of ctx.pending) {
    if (now - at < ctx.cfg.pingTimeout) continue;
    ctx.pending.delete(p);
    ctx.unanswered.set(p, (ctx.unanswered.get(p) ?? 0) + 1);
    if (ctx.probing === p) ctx.probing = undefined;
  }
}

/** A peer answered: it is reachable again, whatever it failed before. */
export function heardFrom(ctx: MembershipContext, id: NodeId): void {
  ctx.unanswered.delete(id);
}

/**
 * Requests passive peers until requests in flight could fill the view: the most
 * responsive first (random among equals), so that during a partition a node refills
 * from its own side instead of waiting on peers that cannot answer.
 */
export function refill(ctx: MembershipContext, except?: NodeId): void {
  expirePending(ctx);
  const missing = ctx.cfg.viewSize - ctx.active.length - ctx.pending.size;
  if (missing <= 0) return;
  const candidates = ctx.env.rng
    .sample(
      ctx.passive.filter((p) => p !== except && !ctx.pending.has(p)),
      ctx.passive.length,
    )
    .sort((a, b) => (ctx.unanswered.get(a) ?? 0) - (ctx.unanswered.get(b) ?? 0));
  for (const p of candidates.slice(0, missing)) requestNeighbor(ctx, p);
}

/**
 * Links `id` into the active view. When the view is full, a random neighbour is displaced
 * (and told) only if `displace`: for probes, the one mechanism that may evict. Any other
 * link beyond the view size is declined with a `leave`, so that a displacement never
 * starts a chain of displacements.
 */
export function addActive(ctx: MembershipContext, id: NodeId, displace: boolean): void {
  ctx.pending.delete(id);
  if (id === ctx.env.self || ctx.active.includes(id)) return;
  if (!displace && ctx.active.length >= ctx.cfg.viewSize) {
    ctx.env.io.send(id, { type: "leave" });
    addPassive(ctx, id);
    return;
  }
  const at = ctx.passive.indexOf(id);
  if (at >= 0) ctx.passive.splice(at, 1);
  let next = ctx.active;
  if (next.length >= ctx.cfg.viewSize) {
    const victim = next[ctx.env.rng.int(next.length)]!;
    next = next.filter((p) => p !== victim);
    forget(ctx, victim);
    ctx.env.io.send(victim, { type: "leave" });
    // Set the view first so that addPassive does not refuse the victim as active.
    ctx.active = next;
    addPassive(ctx, victim);
  }
  ctx.active = [...next, id];
  ctx.heard.set(id, ctx.env.now());
  viewChanged(ctx);
}

/** Moves `id` from the active to the passive view (it may come back through a probe) and refills. */
export function dropActive(ctx: MembershipContext, id: NodeId): void {
  if (!ctx.active.includes(id)) return;
  ctx.active = ctx.active.filter((p) => p !== id);
  forget(ctx, id);
  addPassive(ctx, id);
  viewChanged(ctx);
  refill(ctx, id); // not straight back to the peer that just failed
}

function forget(ctx: MembershipContext, id: NodeId): void {
  ctx.unanswered.delete(id);
  ctx.misses.delete(id);
  ctx.heard.delete(id);
  if (ctx.outstanding?.peer === id) ctx.outstanding = undefined;
}
