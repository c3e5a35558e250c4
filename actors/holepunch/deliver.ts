import type { NodeId } from "../../runtime/driver.js";
import { contacted, freshConn, sendOver, usePath, type HolepunchContext } from "./context.js";
import { startPunch } from "./punch.js";

/**
 * Sends message `id` by the best path: a fresh connection; else a direct dial if the
 * peer advertises a direct address that has not failed; else its relayed address (and
 * a hole punch to upgrade it). Without any, the message is undeliverable.
 */
export function deliver(ctx: HolepunchContext, id: string): void {
  const out = ctx.outbox.get(id);
  if (!out) return;
  const { peer } = out;
  const conn = freshConn(ctx, peer);
  const record = ctx.records.get(peer);
  if (conn) return send(ctx, id, peer);
  if (record?.direct) {
    const dial = ctx.dials.get(peer);
    if (dial) return void dial.queue.push(id);
    const nonce = ctx.env.rng.hex64();
    ctx.dials.set(peer, { nonce, queue: [id] });
    ctx.env.io.send(peer, { type: "dial", nonce });
    contacted(ctx, peer);
    ctx.env.io.setTimer(`dial:${peer}`, ctx.cfg.dialTimeout, { type: "tick.dial", peer });
    return;
  }
  if (record && record.relays.length > 0) {
    usePath(ctx, peer, "relayed", record.relays);
    send(ctx, id, peer);
    startPunch(ctx, peer);
    return;
  }
  giveUp(ctx, id, "no-address");
}

function send(ctx: HolepunchContext, id: string, peer: NodeId): void {
  const out = ctx.outbox.get(id)!;
  const conn = ctx.conns.get(peer)!;
  out.path = conn.path;
  out.attempt++;
  sendOver(ctx, peer, conn, { type: "msg", id });
  ctx.env.io.setTimer(`ack:${id}`, ctx.cfg.ackTimeout, { type: "tick.ack", id });
}

/** Drops message `id`, observed as undelivered. */
export function giveUp(ctx: HolepunchContext, id: string, reason: string): void {
  const out = ctx.outbox.get(id);
  if (!out) return;
  ctx.outbox.delete(id);
  ctx.env.io.observe("undelivered", { id, peer: out.peer, reason });
}

/**
 * No acknowledgement in time. A direct or punched path is dropped (its NAT mapping may
 * be gone) and the message goes again by the next best; a relayed one that failed is
 * retried through this node's own relay first — a relay chain, for when the peer's
 * relay cannot be reached directly from here.
 */
export function onAckTimeout(ctx: HolepunchContext, id: string): void {
  const out = ctx.outbox.get(id);
  if (!out) return;
  if (out.attempt >= ctx.cfg.attempts) return giveUp(ctx, id, "no-ack");
  const conn = ctx.conns.get(out.peer);
  if (conn && conn.path !== "relayed") ctx.conns.delete(out.peer);
  else if (conn && ctx.myRelays.length > 0 && !ctx.myRelays.includes(conn.via[0]!)) {
    const chain = [...ctx.myRelays, ...conn.via.filter((r) => !ctx.myRelays.includes(r))];
    conn.via = chain;
    ctx.env.io.observe("path", { peer: out.peer, path: "relayed", via: chain });
  }
  deliver(ctx, id);
}

/** A direct dial failed: the peer's direct address is not used again until a new record says so. */
export function onDialTimeout(ctx: HolepunchContext, peer: NodeId): void {
  const dial = ctx.dials.get(peer);
  if (!dial) return;
  ctx.dials.delete(peer);
  const record = ctx.records.get(peer);
  if (record) record.direct = false;
  for (const id of dial.queue) deliver(ctx, id);
}

/** The dial was answered: the path is direct; queued messages go. */
export function onDialOk(ctx: HolepunchContext, peer: NodeId, nonce: string): void {
  const dial = ctx.dials.get(peer);
  if (!dial || dial.nonce !== nonce) return;
  ctx.dials.delete(peer);
  ctx.env.io.cancelTimer(`dial:${peer}`);
  usePath(ctx, peer, "direct");
  for (const id of dial.queue) deliver(ctx, id);
}
