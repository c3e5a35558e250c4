import type { NodeId, WireMessage } from "../../runtime/driver.js";

/**
 * Wire messages. `reserve` asks a relay for a slot (and refreshes it); `hop` carries a
 * sibling actor's message to a relay, which passes it on to the next relay in `via`
 * or, at the last one, to `dst` as `stop` — so relayed traffic really crosses the relay
 * nodes. `route` lists the relays crossed so far: the receiver answers along it reversed.
 */
export type RelayWire =
  | { readonly type: "reserve" }
  | { readonly type: "reserved"; readonly ttl: number }
  | { readonly type: "refused"; readonly reason: "full" | "not-public" }
  | {
      readonly type: "hop";
      readonly dst: NodeId;
      readonly via: readonly NodeId[];
      readonly src: NodeId;
      readonly route: readonly NodeId[];
      readonly actor: string;
      readonly inner: WireMessage;
    }
  | {
      readonly type: "stop";
      readonly src: NodeId;
      readonly route: readonly NodeId[];
      readonly actor: string;
      readonly inner: WireMessage;
    };

export const RELAY_ACCEPTS: ReadonlySet<string> = new Set(["reserve", "reserved", "refused", "hop", "stop"]);

/** Events from siblings and timers. */
export type RelayLocal =
  | { readonly type: "reachability"; readonly status: "unknown" | "public" | "private" }
  /** A sibling's message for `to` over the relays `via` (first one first). */
  | {
      readonly type: "send.via";
      readonly to: NodeId;
      readonly via: readonly NodeId[];
      readonly actor: string;
      readonly msg: WireMessage;
    }
  | { readonly type: "tick.refresh" }
  | { readonly type: "tick.timeout" }
  | { readonly type: "tick.sweep" };

export type RelayEvent = (RelayWire & { readonly from: NodeId }) | RelayLocal;
