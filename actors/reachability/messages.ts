import * as Schema from "effect/Schema";
import type { NodeId } from "../../runtime/driver.js";
import { Id, Ids, NoCommands } from "../message-shapes.js";

/**
 * Wire messages. A client asks a server for a dial-back (`dial.request`); the server
 * does not dial back itself — its reply would ride the mapping the request just opened —
 * but asks another peer (`dial.assist`) to dial the client from an address the client
 * never sent to (`dial.back`), and tells the client it did (`dial.response`). Only a
 * node reachable by strangers receives the dial-back, which is what "public" means.
 */
export const ReachabilityWire = Schema.Union(
  /** `avoid`: peers the client has talked to lately; none of them may dial back. */
  Schema.Struct({ type: Schema.Literal("dial.request"), nonce: Id, avoid: Ids }),
  Schema.Struct({ type: Schema.Literal("dial.assist"), target: Id, nonce: Id }),
  Schema.Struct({ type: Schema.Literal("dial.back"), nonce: Id }),
  Schema.Struct({ type: Schema.Literal("dial.response"), nonce: Id }),
);
export type ReachabilityWire = typeof ReachabilityWire.Type;

export const REACHABILITY_ACCEPTS: ReadonlySet<string> = new Set([
  "dial.request",
  "dial.assist",
  "dial.back",
  "dial.response",
]);

/** Reachability as the actor judges it. */
export type Reachability = "unknown" | "public" | "private";

export type ReachabilityEvent =
  | (ReachabilityWire & { readonly from: NodeId })
  | { readonly type: "relay.address"; readonly relays: readonly NodeId[] }
  /** A sibling sent to these peers: their dial-backs would ride the mappings it opened. */
  | { readonly type: "contacted"; readonly peers: readonly NodeId[] }
  | { readonly type: "tick.probe" }
  | { readonly type: "tick.judge" }
  | { readonly type: "judged" };

/** Reachability takes no operator commands (its inputs are frames, timers and siblings). */
export const ReachabilityCommands = NoCommands;
