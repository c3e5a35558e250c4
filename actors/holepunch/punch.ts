import type { NodeId } from "../../runtime/driver.js";
import { freshConn, sendRelayed, usePath, type HolepunchContext } from "./context.js";

/** Starts a DCUtR exchange with `peer` over the relayed connection, unless one runs or a direct path exists. */
export function startPunch(ctx: HolepunchContext, peer: NodeId): void {
  const conn = freshConn(ctx, peer);
  if (ctx.punches.has(peer) || !conn || conn.path !== "relayed") return;
  ctx.punches.set(peer, { attempt: 0, nonce: "", t0: 0 });
  punchRound(ctx, peer);
}

/** One attempt: `connect` over the relay; the answer's round trip times the simultaneous open. */
export function punchRound(ctx: HolepunchContext, peer: NodeId): void {
  const st = ctx.punches.get(peer);
  const conn = freshConn(ctx, peer);
  if (!st) return;
  if (!conn || conn.path !== "relayed") return void ctx.punches.delete(peer);
  st.nonce = ctx.env.rng.hex64();
  st.t0 = ctx.env.now();
  sendRelayed(ctx, peer, conn.via, { type: "connect", nonce: st.nonce });
  ctx.env.io.setTimer(`punch:${peer}`, ctx.cfg.punchTimeout, { type: "tick.punchTimeout", peer });
}

/** The peer answered `connect`: tell it to punch now, and punch after half the round trip, when `sync` reaches it. */
export function onConnectOk(ctx: HolepunchContext, peer: NodeId, nonce: string): void {
  const st = ctx.punches.get(peer);
  const conn = freshConn(ctx, peer);
  if (!st || st.nonce !== nonce || !conn || conn.path !== "relayed") return;
  const rtt = ctx.env.now() - st.t0;
  sendRelayed(ctx, peer, conn.via, { type: "sync", nonce });
  ctx.env.io.setTimer(`go:${peer}`, rtt / 2, { type: "tick.punch", peer });
}

/** A failed attempt: retry after `backoff`·2^(attempt−1), or give up and stay relayed. */
export function onPunchTimeout(ctx: HolepunchContext, peer: NodeId): void {
  const st = ctx.punches.get(peer);
  if (!st) return;
  st.attempt++;
  ctx.env.io.observe("punch.failed", { peer, attempt: st.attempt });
  if (st.attempt > ctx.cfg.retries) {
    ctx.punches.delete(peer);
    ctx.env.io.observe("punch.gaveup", { peer });
    return;
  }
  const wait = ctx.cfg.backoff * 2 ** (st.attempt - 1);
  ctx.env.io.setTimer(`retry:${peer}`, wait, { type: "tick.punchRetry", peer });
}

/** A direct packet of the punch got through: the connection is upgraded (both sides learn it). */
export function punched(ctx: HolepunchContext, peer: NodeId): void {
  const st = ctx.punches.get(peer);
  if (st) {
    ctx.punches.delete(peer);
    for (const k of ["punch", "go", "retry"]) ctx.env.io.cancelTimer(`${k}:${peer}`);
    ctx.env.io.observe("punch.ok", { peer, attempt: st.attempt });
  }
  usePath(ctx, peer, "punched");
}
