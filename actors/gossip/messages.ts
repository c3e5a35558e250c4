import type { NodeId } from "../../runtime/driver.js";

/** A message as stored and as carried on the wire. `hops` is the sender's distance from the origin. */
export interface GossipItem {
  readonly id: string;
  readonly origin: NodeId;
  readonly hops: number;
  readonly body?: unknown;
}

/** Epidemic push of items new to the sender. */
export interface PushMsg {
  readonly type: "push";
  readonly items: readonly GossipItem[];
}

/** Anti-entropy, step 1: the initiator's store summary (count and one XOR hash per bucket). */
export interface DigestMsg {
  readonly type: "digest";
  readonly count: number;
  readonly sums: readonly number[];
}

/** Step 2: the responder's ids in the buckets whose hashes differ. */
export interface HaveMsg {
  readonly type: "have";
  readonly buckets: readonly number[];
  readonly ids: readonly string[];
}

/** Step 3a: ids the initiator lacks. */
export interface WantMsg {
  readonly type: "want";
  readonly ids: readonly string[];
}

/** Step 3b/4: items the other side lacks. */
export interface MsgsMsg {
  readonly type: "msgs";
  readonly items: readonly GossipItem[];
}

export type GossipWire = PushMsg | DigestMsg | HaveMsg | WantMsg | MsgsMsg;

/** Wire types the gossip actor accepts from the network. */
export const GOSSIP_ACCEPTS: ReadonlySet<string> = new Set(["push", "digest", "have", "want", "msgs"]);

/** A network message as the machine receives it. */
export type FromNet<M> = M & { readonly from: NodeId };

/** Events from the host and siblings. */
export type GossipCommand =
  | { readonly type: "publish"; readonly body?: unknown }
  /** The current active view, from `membership`. */
  | { readonly type: "view"; readonly peers: readonly NodeId[] }
  | { readonly type: "tick.pull" };

export type GossipEvent = FromNet<GossipWire> | GossipCommand;
