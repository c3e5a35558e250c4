import * as Schema from "effect/Schema";
import type { NodeId } from "../../runtime/driver.js";
import { Id, Whole } from "../message-shapes.js";

/** A message as stored and as carried on the wire. `hops` is the sender's distance from the origin. */
export const GossipItem = Schema.Struct({
  id: Id,
  origin: Id,
  hops: Whole,
  /** Any JSON value the publisher gave. */
  body: Schema.optional(Schema.Unknown),
});
export type GossipItem = typeof GossipItem.Type;

/** Epidemic push of items new to the sender. */
export const PushMsg = Schema.Struct({ type: Schema.Literal("push"), items: Schema.Array(GossipItem) });
export type PushMsg = typeof PushMsg.Type;

/** Anti-entropy, step 1: the initiator's store summary (count and one XOR hash per bucket). */
export const DigestMsg = Schema.Struct({ type: Schema.Literal("digest"), count: Whole, sums: Schema.Array(Whole) });
export type DigestMsg = typeof DigestMsg.Type;

/** Step 2: the responder's ids in the buckets whose hashes differ. */
export const HaveMsg = Schema.Struct({
  type: Schema.Literal("have"),
  buckets: Schema.Array(Whole),
  ids: Schema.Array(Id),
});
export type HaveMsg = typeof HaveMsg.Type;

/** Step 3a: ids the initiator lacks. */
export const WantMsg = Schema.Struct({ type: Schema.Literal("want"), ids: Schema.Array(Id) });
export type WantMsg = typeof WantMsg.Type;

/** Step 3b/4: items the other side lacks. */
export const MsgsMsg = Schema.Struct({ type: Schema.Literal("msgs"), items: Schema.Array(GossipItem) });
export type MsgsMsg = typeof MsgsMsg.Type;

/** Every gossip wire message: what the host checks a frame against. */
export const GossipWire = Schema.Union(PushMsg, DigestMsg, HaveMsg, WantMsg, MsgsMsg);
export type GossipWire = typeof GossipWire.Type;

/** Wire types the gossip actor accepts from the network. */
export const GOSSIP_ACCEPTS: ReadonlySet<string> = new Set(["push", "digest", "have", "want", "msgs"]);

/**
 * Commands an operator may send: `publish` needs a `body` (any JSON value but null), so
 * a body-less request is refused instead of publishing `null`.
 */
export const GossipCommands = Schema.Union(
  Schema.Struct({
    type: Schema.Literal("publish"),
    body: Schema.Unknown.pipe(
      Schema.filter((b) => b !== null && b !== undefined, {
        message: () => "a publish needs a body (any JSON value but null)",
      }),
    ),
  }),
);

/** A network message as the machine receives it. */
export type FromNet<M> = M & { readonly from: NodeId };

/** Events from the host and siblings. */
export type GossipCommand =
  | { readonly type: "publish"; readonly body?: unknown }
  /** The current active view, from `membership`. */
  | { readonly type: "view"; readonly peers: readonly NodeId[] }
  | { readonly type: "tick.pull" };

export type GossipEvent = FromNet<GossipWire> | GossipCommand;
