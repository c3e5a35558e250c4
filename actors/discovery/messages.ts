import * as Schema from "effect/Schema";
import type { NodeId } from "../../runtime/driver.js";
import { Ids, NoCommands } from "../message-shapes.js";

/** Wire messages of the discovery actor: what the host checks a frame against. */
export const DiscoveryWire = Schema.Union(
  /** A request for peers; `local` marks a broadcast on the segment. Every hello may be answered. */
  Schema.Struct({ type: Schema.Literal("hello"), segment: Schema.String, local: Schema.optional(Schema.Boolean) }),
  /** The answer: the responder's segment and a sample of the peers it knows (peer exchange). */
  Schema.Struct({ type: Schema.Literal("welcome"), segment: Schema.String, peers: Ids }),
);
export type DiscoveryWire = typeof DiscoveryWire.Type;

/** Wire types the discovery actor accepts from the network. */
export const DISCOVERY_ACCEPTS: ReadonlySet<string> = new Set(["hello", "welcome"]);

/** Timer events, and peers from a bootstrap method outside discovery (`bootstrap-methods.ts`). */
export type DiscoveryLocal = { readonly type: "tick.round" } | { readonly type: "tick.round-end" } | BootstrapPeers;

/**
 * Peers a bootstrap method outside discovery found (the registry, DNS, relays): sent to
 * discovery as `{type: "bootstrap.peers", method, peers}` (handled in `bootstrap-methods.ts`).
 */
export interface BootstrapPeers {
  readonly type: "bootstrap.peers";
  /** Which method found them, for the log (`registry`). */
  readonly method: string;
  readonly peers: readonly NodeId[];
}

export type DiscoveryEvent = (DiscoveryWire & { readonly from: NodeId }) | DiscoveryLocal;

/** The node modes of the mesh design. */
export type DiscoveryMode = "connected" | "local" | "bootstrap";

/** Discovery takes no operator commands (its inputs are frames, timers and siblings). */
export const DiscoveryCommands = NoCommands;
