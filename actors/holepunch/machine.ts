import { setup } from "xstate";
import type { ActorInput } from "../../runtime/actor.js";
import type { NodeId, WireMessage } from "../../runtime/driver.js";
import type { HolepunchInit } from "./config.js";
import { contacted, freshConn, remember, sendRelayed, usePath, type HolepunchContext } from "./context.js";
import { deliver, onAckTimeout, onDialOk, onDialTimeout } from "./deliver.js";
import type { HolepunchEvent } from "./messages.js";
import { onConnectOk, onPunchTimeout, punchRound, punched } from "./punch.js";

type Wire<T extends string> = Extract<HolepunchEvent, { type: T }> & {
  readonly from: NodeId;
  readonly via?: readonly NodeId[];
};
type Local<T extends string> = Extract<HolepunchEvent, { type: T }>;

const relayedVia = (e: { via?: unknown }): readonly NodeId[] | undefined =>
  Array.isArray(e.via) ? (e.via as NodeId[]) : undefined;

/** Answers `e` the way it came: directly, or back along the relays it crossed. */
function answer(ctx: HolepunchContext, e: { from: NodeId; via?: unknown }, msg: WireMessage): void {
  const via = relayedVia(e);
  if (via) sendRelayed(ctx, e.from, via.slice().reverse(), msg);
  else ctx.env.io.send(e.from, msg);
}

/**
 * The holepunch actor picks and upgrades the path to each peer: direct over punched
 * over relayed. A message to a peer with a direct address dials it; otherwise it goes
 * over the peer's relayed address at once while a DCUtR-style simultaneous open runs
 * over that relayed connection (`connect`, round trip, `sync`, both sides punch);
 * success upgrades the connection, failure retries with exponential backoff and then
 * stays relayed. Every message is acknowledged; a missing acknowledgement falls back to
 * the next path (or a relay chain through this node's own relay).
 */
export const holepunchMachine = setup({
  types: {
    context: {} as HolepunchContext,
    events: {} as HolepunchEvent,
    input: {} as ActorInput<HolepunchInit, undefined>,
  },
  actions: {
    message: ({ context: ctx, event }) => {
      const e = event as Local<"message">;
      if (typeof e.peer !== "string" || e.peer === ctx.env.self || typeof e.id !== "string") return;
      remember(ctx, e.peer, e.addrs);
      // A relayed connection through a relay the peer's record no longer names is stale (the relay may be gone).
      const conn = ctx.conns.get(e.peer);
      const relays = ctx.records.get(e.peer)!.relays;
      if (conn?.path === "relayed" && relays.length > 0 && !relays.includes(conn.via[conn.via.length - 1]!))
        ctx.conns.delete(e.peer);
      ctx.outbox.set(e.id, { peer: e.peer, path: undefined, attempt: 0, since: ctx.env.now() });
      deliver(ctx, e.id);
    },
    relayAddress: ({ context: ctx, event }) => {
      const relays = (event as Local<"relay.address">).relays;
      ctx.myRelays = Array.isArray(relays) ? relays : [];
    },
    dial: ({ context: ctx, event }) => {
      const e = event as Wire<"dial">;
      usePath(ctx, e.from, "direct");
      ctx.env.io.send(e.from, { type: "dial.ok", nonce: e.nonce });
    },
    dialOk: ({ context: ctx, event }) =>
      onDialOk(ctx, (event as Wire<"dial.ok">).from, (event as Wire<"dial.ok">).nonce),
    dialTimeout: ({ context: ctx, event }) => onDialTimeout(ctx, (event as Local<"tick.dial">).peer),
    connect: ({ context: ctx, event }) => {
      const e = event as Wire<"connect">;
      const via = relayedVia(e);
      if (!via) return;
      usePath(ctx, e.from, "relayed", via.slice().reverse());
      answer(ctx, e, { type: "connect.ok", nonce: e.nonce });
    },
    connectOk: ({ context: ctx, event }) => {
      const e = event as Wire<"connect.ok">;
      if (relayedVia(e)) onConnectOk(ctx, e.from, e.nonce);
    },
    // The responder punches as soon as `sync` arrives; the initiator half a round trip after sending it.
    sync: ({ context: ctx, event }) => {
      const e = event as Wire<"sync">;
      if (!relayedVia(e)) return;
      ctx.env.io.send(e.from, { type: "punch", nonce: e.nonce });
      contacted(ctx, e.from);
    },
    punchNow: ({ context: ctx, event }) => {
      const peer = (event as Local<"tick.punch">).peer;
      const st = ctx.punches.get(peer);
      if (!st) return;
      ctx.env.io.send(peer, { type: "punch", nonce: st.nonce });
      contacted(ctx, peer);
    },
    punch: ({ context: ctx, event }) => {
      const e = event as Wire<"punch">;
      if (relayedVia(e)) return;
      ctx.env.io.send(e.from, { type: "punch.ok", nonce: e.nonce });
      punched(ctx, e.from);
    },
    punchOk: ({ context: ctx, event }) => {
      const e = event as Wire<"punch.ok">;
      if (!relayedVia(e)) punched(ctx, e.from);
    },
    punchTimeout: ({ context: ctx, event }) => onPunchTimeout(ctx, (event as Local<"tick.punchTimeout">).peer),
    punchRetry: ({ context: ctx, event }) => punchRound(ctx, (event as Local<"tick.punchRetry">).peer),
    msg: ({ context: ctx, event }) => {
      const e = event as Wire<"msg">;
      const via = relayedVia(e);
      const conn = via ? usePath(ctx, e.from, "relayed", via.slice().reverse()) : freshConn(ctx, e.from);
      ctx.env.io.observe("received", { id: e.id, from: e.from, path: via ? "relayed" : (conn?.path ?? "direct") });
      answer(ctx, e, { type: "msg.ack", id: e.id });
    },
    msgAck: ({ context: ctx, event }) => {
      const e = event as Wire<"msg.ack">;
      const out = ctx.outbox.get(e.id);
      if (!out || out.peer !== e.from) return;
      ctx.outbox.delete(e.id);
      ctx.env.io.cancelTimer(`ack:${e.id}`);
      ctx.env.io.observe("acked", { id: e.id, peer: e.from, path: out.path, ms: ctx.env.now() - out.since });
    },
    ackTimeout: ({ context: ctx, event }) => onAckTimeout(ctx, (event as Local<"tick.ack">).id),
  },
}).createMachine({
  id: "holepunch",
  context: ({ input }) => ({
    env: input.env,
    cfg: input.init,
    myRelays: [],
    conns: new Map(),
    records: new Map(),
    dials: new Map(),
    punches: new Map(),
    outbox: new Map(),
  }),
  on: {
    message: { actions: "message" },
    "relay.address": { actions: "relayAddress" },
    dial: { actions: "dial" },
    "dial.ok": { actions: "dialOk" },
    "tick.dial": { actions: "dialTimeout" },
    connect: { actions: "connect" },
    "connect.ok": { actions: "connectOk" },
    sync: { actions: "sync" },
    "tick.punch": { actions: "punchNow" },
    punch: { actions: "punch" },
    "punch.ok": { actions: "punchOk" },
    "tick.punchTimeout": { actions: "punchTimeout" },
    "tick.punchRetry": { actions: "punchRetry" },
    msg: { actions: "msg" },
    "msg.ack": { actions: "msgAck" },
    "tick.ack": { actions: "ackTimeout" },
  },
});
