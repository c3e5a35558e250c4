import * as Schema from "effect/Schema";
import type { NodeId, WireMessage } from "../../runtime/driver.js";
import { bare, Id, Ids, NoCommands } from "../message-shapes.js";

/**
 * A relayed sibling's message: an object with a string `type`. Its own shape is checked
 * when the relay hands it to that sibling (the host checks relayed messages like frames).
 */
const Inner = Schema.Struct({ type: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.Unknown }));

/**
 * Wire messages. `reserve` asks a relay for a slot (and refreshes it); `hop` carries a
 * sibling actor's message to a relay, which passes it on to the next relay in `via`
 * or, at the last one, to `dst` as `stop` — so relayed traffic really crosses the relay
 * nodes. `route` lists the relays crossed so far: the receiver answers along it reversed.
 */
export const RelayWire = Schema.Union(
  bare("reserve"),
  Schema.Struct({ type: Schema.Literal("reserved"), ttl: Schema.NonNegative }),
  Schema.Struct({ type: Schema.Literal("refused"), reason: Schema.Literal("full", "not-public") }),
  Schema.Struct({ type: Schema.Literal("hop"), dst: Id, via: Ids, src: Id, route: Ids, actor: Id, inner: Inner }),
  Schema.Struct({ type: Schema.Literal("stop"), src: Id, route: Ids, actor: Id, inner: Inner }),
);
export type RelayWire = typeof RelayWire.Type;

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

/** Relay takes no operator commands (its inputs are frames, timers and siblings). */
export const RelayCommands = NoCommands;
