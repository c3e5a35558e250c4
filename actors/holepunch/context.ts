import type { ActorEnv } from "../../runtime/actor.js";
import type { NodeId, WireMessage } from "../../runtime/driver.js";
import type { HolepunchInit } from "./config.js";
import type { Path, PeerAddrs } from "./messages.js";

/** A usable connection to a peer. */
export interface Conn {
  path: Path;
  /** For a relayed connection: the relays to cross. */
  via: readonly NodeId[];
  used: number;
}

/** A message waiting for its acknowledgement. */
export interface Outgoing {
  readonly peer: NodeId;
  path: Path | undefined;
  attempt: number;
  readonly since: number;
}

/** A DCUtR exchange with one peer (this node initiated it). */
export interface Punch {
  attempt: number;
  nonce: string;
  t0: number;
}

/** Holepunch state, mutated in place by its actions. */
export interface HolepunchContext {
  readonly env: ActorEnv;
  readonly cfg: HolepunchInit;
  /** This node's own relayed address (from the relay sibling), for chains. */
  myRelays: readonly NodeId[];
  readonly conns: Map<NodeId, Conn>;
  /** Peer records as the last command gave them; `direct` is cleared when a dial fails. */
  readonly records: Map<NodeId, { direct: boolean; relays: readonly NodeId[] }>;
  /** Direct dials in flight and the messages waiting on them. */
  readonly dials: Map<NodeId, { nonce: string; queue: string[] }>;
  readonly punches: Map<NodeId, Punch>;
  readonly outbox: Map<string, Outgoing>;
}

const RANK: Record<Path, number> = { direct: 0, punched: 1, relayed: 2 };

/** Sends `msg` to the holepunch actor of `peer` over the relays `via` (through the relay sibling). */
export function sendRelayed(ctx: HolepunchContext, peer: NodeId, via: readonly NodeId[], msg: WireMessage): void {
  ctx.env.io.tell("relay", { type: "send.via", to: peer, via, actor: "holepunch", msg });
}

/** Sends `msg` over `conn`. */
export function sendOver(ctx: HolepunchContext, peer: NodeId, conn: Conn, msg: WireMessage): void {
  conn.used = ctx.env.now();
  if (conn.path === "relayed") sendRelayed(ctx, peer, conn.via, msg);
  else ctx.env.io.send(peer, msg);
}

/** The connection to `peer` if it is recent enough to trust. */
export function freshConn(ctx: HolepunchContext, peer: NodeId): Conn | undefined {
  const c = ctx.conns.get(peer);
  if (c && ctx.env.now() - c.used > ctx.cfg.idle) {
    ctx.conns.delete(peer);
    return undefined;
  }
  return c;
}

/**
 * Records a working path to `peer` unless a better fresh one is known; a relayed path
 * never replaces a direct or punched one, a punch upgrades a relayed one.
 */
export function usePath(ctx: HolepunchContext, peer: NodeId, path: Path, via: readonly NodeId[] = []): Conn {
  const old = freshConn(ctx, peer);
  if (old && RANK[old.path] <= RANK[path]) {
    old.used = ctx.env.now();
    return old;
  }
  const conn: Conn = { path, via, used: ctx.env.now() };
  ctx.conns.set(peer, conn);
  if (path !== "relayed") contacted(ctx, peer);
  ctx.env.io.observe("path", { peer, path, ...(path === "relayed" ? { via } : {}) });
  return conn;
}

/** Tells the reachability sibling that this node sent directly to `peer` (it must not be a dial-back helper). */
export function contacted(ctx: HolepunchContext, peer: NodeId): void {
  ctx.env.io.tell("reachability", { type: "contacted", peers: [peer] });
}

/** Records a peer's addresses from a command (fresh each time: the record may have changed). */
export function remember(ctx: HolepunchContext, peer: NodeId, addrs: PeerAddrs | undefined): void {
  const relays = Array.isArray(addrs?.relays) ? addrs.relays : [];
  ctx.records.set(peer, { direct: addrs?.direct === true, relays });
}
