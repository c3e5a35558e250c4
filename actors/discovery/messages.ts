import type { NodeId } from "../../runtime/driver.js";

/** Wire messages of the discovery actor. */
export type DiscoveryWire =
  /** A request for peers; `local` marks a broadcast on the segment. Every hello may be answered. */
  | { readonly type: "hello"; readonly segment: string; readonly local?: boolean }
  /** The answer: the responder's segment and a sample of the peers it knows (peer exchange). */
  | { readonly type: "welcome"; readonly segment: string; readonly peers: readonly NodeId[] };

/** Wire types the discovery actor accepts from the network. */
export const DISCOVERY_ACCEPTS: ReadonlySet<string> = new Set(["hello", "welcome"]);

/** Timer events, and peers from a bootstrap method outside discovery (`bootstrap-methods.ts`). */
export type DiscoveryLocal =
  | { readonly type: "tick.round" }
  | { readonly type: "tick.round-end" }
  | import("./bootstrap-methods.js").BootstrapPeers;

export type DiscoveryEvent = (DiscoveryWire & { readonly from: NodeId }) | DiscoveryLocal;

/** The node modes of the mesh design. */
export type DiscoveryMode = "connected" | "local" | "bootstrap";
