import type { NodeId } from "../../runtime/driver.js";

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
export type HolepunchWire =
  | { readonly type: "dial"; readonly nonce: string }
  | { readonly type: "dial.ok"; readonly nonce: string }
  | { readonly type: "punch"; readonly nonce: string }
  | { readonly type: "punch.ok"; readonly nonce: string }
  | { readonly type: "connect"; readonly nonce: string }
  | { readonly type: "connect.ok"; readonly nonce: string }
  | { readonly type: "sync"; readonly nonce: string }
  | { readonly type: "msg"; readonly id: string }
  | { readonly type: "msg.ack"; readonly id: string };

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
