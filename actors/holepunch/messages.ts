import * as Schema from "effect/Schema";
import type { NodeId } from "../../runtime/driver.js";
import { Id, Ids } from "../message-shapes.js";

/** How a connection to a peer runs, best first. */
export type Path = "direct" | "punched" | "relayed";

/** A peer's advertised addresses, as a peer record gives them: dialable directly, and/or through relays. */
export interface PeerAddrs {
  readonly direct: boolean;
  /** A relayed address: the relays to cross, first one first. */
  readonly relays: readonly NodeId[];
}

/**
 * Wire messages. Direct: `dial`/`dial.ok` (a plain dial), `punch`/`punch.ok` (the
 * simultaneous open). Over the relayed connection (through the relay sibling): the
 * DCUtR exchange `connect` → `connect.ok` (the initiator measures the round trip) →
 * `sync` (both punch at once). `msg`/`msg.ack` travel over whatever path is best.
 */
const nonced = <T extends string>(type: T) => Schema.Struct({ type: Schema.Literal(type), nonce: Id });
export const HolepunchWire = Schema.Union(
  nonced("dial"),
  nonced("dial.ok"),
  nonced("punch"),
  nonced("punch.ok"),
  nonced("connect"),
  nonced("connect.ok"),
  nonced("sync"),
  Schema.Struct({ type: Schema.Literal("msg"), id: Id }),
  Schema.Struct({ type: Schema.Literal("msg.ack"), id: Id }),
);
export type HolepunchWire = typeof HolepunchWire.Type;

export const HOLEPUNCH_ACCEPTS: ReadonlySet<string> = new Set([
  "dial",
  "dial.ok",
  "punch",
  "punch.ok",
  "msg",
  "msg.ack",
]);

/** Events from commands, siblings and timers. Relayed wire messages carry `via`, the relays crossed. */
export type HolepunchLocal =
  /** Command: send message `id` to `peer`, whose addresses are `addrs`. */
  | { readonly type: "message"; readonly peer: NodeId; readonly id: string; readonly addrs: PeerAddrs }
  | { readonly type: "relay.address"; readonly relays: readonly NodeId[] }
  | { readonly type: "reachability"; readonly status: string }
  | { readonly type: "tick.dial"; readonly peer: NodeId }
  | { readonly type: "tick.punch"; readonly peer: NodeId }
  | { readonly type: "tick.punchTimeout"; readonly peer: NodeId }
  | { readonly type: "tick.punchRetry"; readonly peer: NodeId }
  | { readonly type: "tick.ack"; readonly id: string };

export type HolepunchEvent =
  (HolepunchWire & { readonly from: NodeId; readonly via?: readonly NodeId[] }) | HolepunchLocal;

/** The operator's command: send message `id` to `peer`, whose addresses are `addrs`. */
export const HolepunchCommands = Schema.Struct({
  type: Schema.Literal("message"),
  peer: Id,
  id: Id,
  addrs: Schema.Struct({ direct: Schema.Boolean, relays: Ids }),
});
