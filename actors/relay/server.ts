import type { NodeId } from "../../runtime/driver.js";
import type { RelayContext } from "./context.js";
import type { RelayEvent } from "./messages.js";

type Net<T extends string> = Extract<RelayEvent, { type: T }> & { readonly from: NodeId };

/** Drops reservations past their expiry; observes the count when it changes. */
export function sweep(ctx: RelayContext): void {
  const now = ctx.env.now();
  let changed = false;
  for (const [peer, until] of ctx.reservations)
    if (until < now) {
      ctx.reservations.delete(peer);
      changed = true;
    }
  for (const [peer, until] of ctx.circuits) if (until < now) ctx.circuits.delete(peer);
  if (changed) reservationsChanged(ctx);
}

function reservationsChanged(ctx: RelayContext): void {
  ctx.env.io.observe("reservations", { count: ctx.reservations.size, slots: ctx.cfg.slots });
}

/** A reservation request: granted while under the cap (a refresh always is), refused otherwise. */
export function onReserve(ctx: RelayContext, e: Net<"reserve">): void {
  const { io, now } = ctx.env;
  if (!ctx.serving) return io.send(e.from, { type: "refused", reason: "not-public" });
  sweep(ctx);
  const known = ctx.reservations.has(e.from);
  if (!known && ctx.reservations.size >= ctx.cfg.slots) return io.send(e.from, { type: "refused", reason: "full" });
  ctx.reservations.set(e.from, now() + ctx.cfg.ttl);
  if (!known) reservationsChanged(ctx);
  io.send(e.from, { type: "reserved", ttl: ctx.cfg.ttl });
}

/** Takes one message's worth from the bandwidth share; false when it is used up. */
function spend(ctx: RelayContext): boolean {
  const now = ctx.env.now();
  const share = ctx.cfg.share;
  ctx.tokens = Math.min(share, ctx.tokens + ((now - ctx.refilled) * share) / 1000);
  ctx.refilled = now;
  if (ctx.tokens < 1) return false;
  ctx.tokens -= 1;
  return true;
}

/**
 * A message to relay: on to the next relay of the chain, or to its destination if it
 * holds a live reservation here or has itself sent through this relay lately (a
 * circuit is two-way, as in circuit relay v2). Private nodes never relay; what exceeds the share,
 * the hop limit or finds no reservation is dropped and counted.
 */
export function onHop(ctx: RelayContext, e: Net<"hop">): void {
  if (!ctx.serving || !Array.isArray(e.via) || !Array.isArray(e.route)) return;
  const route = [...e.route, ctx.env.self];
  if (route.length > ctx.cfg.maxHops) return void ctx.dropped.hops++;
  if (!spend(ctx)) return void ctx.dropped.share++;
  const { io } = ctx.env;
  // The sender opened a circuit through this relay: answers may flow back to it (it holds no slot).
  if (e.route.length === 0) ctx.circuits.set(e.from, ctx.env.now() + ctx.cfg.ttl);
  if (e.via.length > 0) {
    io.send(e.via[0]!, {
      type: "hop",
      dst: e.dst,
      via: e.via.slice(1),
      src: e.src,
      route,
      actor: e.actor,
      inner: e.inner,
    });
    return;
  }
  const now = ctx.env.now();
  const until = Math.max(ctx.reservations.get(e.dst) ?? -1, ctx.circuits.get(e.dst) ?? -1);
  if (until < now) return void ctx.dropped.noReservation++;
  io.send(e.dst, { type: "stop", src: e.src, route, actor: e.actor, inner: e.inner });
}
