import type { ActorEnv } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import type { DiscoveryInit } from "./config.js";
import type { DiscoveryMode } from "./messages.js";

/**
 * Discovery state, owned by one actor and updated in place by its actions (see
 * `GossipContext` for why). The mode lives both in the machine's state value (for
 * observers) and here (for the actions that depend on it).
 */
export interface DiscoveryContext {
  readonly env: ActorEnv;
  readonly cfg: DiscoveryInit;
  readonly seeds: ReadonlySet<NodeId>;
  /** Known peers, most recently heard first; the persisted peer cache. */
  readonly known: NodeId[];
  /** True until the first round after a restart, which asks the freshest cached peers. */
  fromCache: boolean;
  /** When each peer was last handed to the siblings (see `share`). */
  readonly sharedAt: Map<NodeId, number>;
  /** Consecutive rounds that did not reach the wider mesh: the retry period doubles with each. */
  narrowRounds: number;
  /** What the current round heard: an answer from the wider mesh, or only from the segment. */
  round: { wide: boolean; local: boolean; asks: number };
  mode: DiscoveryMode | undefined;
  /** Peers an outside bootstrap method vouches for (the registry's active nodes): their answers count as wide. */
  vouched?: ReadonlySet<NodeId>;
  /** Start of the current window for answering broadcast hellos, and answers given in it. */
  windowStart: number;
  replies: number;
}

/** Moves (or adds) a peer just heard from to the front of the cache. */
export function touch(ctx: DiscoveryContext, id: NodeId): void {
  const at = ctx.known.indexOf(id);
  if (at === 0) return;
  if (at > 0) ctx.known.splice(at, 1);
  ctx.known.unshift(id);
  if (ctx.known.length > ctx.cfg.cacheSize) ctx.known.length = ctx.cfg.cacheSize;
}

/**
 * Adds peers heard about (not heard from) at the back while there is room: an unverified
 * name never displaces a peer that answered. Returns the ones that were new.
 */
export function learn(ctx: DiscoveryContext, peers: unknown): NodeId[] {
  if (!Array.isArray(peers)) return [];
  const fresh: NodeId[] = [];
  for (const p of peers) {
    if (typeof p !== "string" || p === ctx.env.self || ctx.known.includes(p) || fresh.includes(p)) continue;
    fresh.push(p);
    if (ctx.known.length < ctx.cfg.cacheSize) ctx.known.push(p);
  }
  return fresh;
}

/** Hands peers to the sibling actors (membership, kad); an absent sibling is ignored by the host. */
export function share(ctx: DiscoveryContext, peers: readonly NodeId[]): void {
  // A peer is handed on again only after a refresh period: a seed hears from every node,
  // and telling its siblings about each hello would double its work for nothing.
  const now = ctx.env.now();
  const news = peers.filter((p) => {
    const last = ctx.sharedAt.get(p);
    if (last !== undefined && now - last < ctx.cfg.refreshInterval) return false;
    ctx.sharedAt.set(p, now);
    return true;
  });
  if (news.length === 0) return;
  for (const actor of ctx.cfg.notify) ctx.env.io.tell(actor, { type: "peers.discovered", peers: news });
}

/** An answer from a seed or from another segment means the node reached the wider mesh. */
export function isWide(ctx: DiscoveryContext, from: NodeId, segment: unknown): boolean {
  return ctx.seeds.has(from) || segment !== ctx.env.segment || ctx.vouched?.has(from) === true;
}
