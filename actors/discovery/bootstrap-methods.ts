import type { BootstrapPeers } from "./messages.js";
import { learn, share, type DiscoveryContext } from "./peers.js";

export type { BootstrapPeers } from "./messages.js";

/**
 * The hook through which bootstrap methods that live outside discovery (the coordination
 * registry today; DNS TXT, QR codes, … later) hand it peers: a sibling actor tells
 * discovery `{type: "bootstrap.peers", method, peers}`.
 */

/**
 * Learns the peers like peer-exchange answers (never displacing a peer that answered),
 * hands the new ones to the siblings, and, unless already connected, says hello to some of
 * them so that their answers raise the mode.
 */
export function bootstrapPeers(ctx: DiscoveryContext, e: BootstrapPeers): void {
  if (!Array.isArray(e.peers)) return;
  // The method's latest list is the wider mesh (as seeds are): an answer from one of them means connected.
  ctx.vouched = new Set(e.peers.filter((p) => typeof p === "string"));
  const fresh = learn(ctx, e.peers);
  ctx.env.io.observe("bootstrap", {
    method: e.method,
    offered: e.peers.length,
    fresh: fresh.length,
  });
  share(ctx, fresh);
  if (ctx.mode === "connected") return;
  for (const to of ctx.env.rng.sample(fresh, ctx.cfg.exchangeAsks))
    ctx.env.io.send(to, { type: "hello", segment: ctx.env.segment });
}
