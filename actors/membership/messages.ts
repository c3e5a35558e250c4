import * as Schema from "effect/Schema";
import type { NodeId } from "../../runtime/driver.js";
import { bare, Ids, NoCommands, Whole } from "../message-shapes.js";

/**
 * Wire messages of the membership actor: what the host checks a frame against.
 * `neighbor` asks to become a symmetric neighbour: a full receiver accepts only a `high`
 * request (sender has no neighbour, or a passive probe), displacing a random neighbour; a
 * low one is rejected, so that refills cannot set off a chain of displacements. `leave`:
 * the sender dropped the link (displaced by a newcomer); the receiver moves it to passive.
 * `pong.linked` false means the responder has no link to the pinger: the pinger drops its half.
 */
export const MembershipWire = Schema.Union(
  Schema.Struct({ type: Schema.Literal("neighbor"), high: Schema.Boolean }),
  bare("accept"),
  bare("reject"),
  bare("leave"),
  Schema.Struct({ type: Schema.Literal("ping"), n: Whole }),
  Schema.Struct({ type: Schema.Literal("pong"), n: Whole, linked: Schema.Boolean }),
  Schema.Struct({ type: Schema.Literal("shuffle"), peers: Ids }),
  Schema.Struct({ type: Schema.Literal("shuffled"), peers: Ids }),
);
export type MembershipWire = typeof MembershipWire.Type;

/** Wire types the membership actor accepts from the network. */
export const MEMBERSHIP_ACCEPTS: ReadonlySet<string> = new Set([
  "neighbor",
  "accept",
  "reject",
  "leave",
  "ping",
  "pong",
  "shuffle",
  "shuffled",
]);

/** Events from siblings and timers. */
export type MembershipLocal =
  /** Candidates from `discovery` (or any sibling): they go to the passive view. */
  | { readonly type: "peers.discovered"; readonly peers: readonly NodeId[] }
  | { readonly type: "tick.ping" }
  | { readonly type: "tick.shuffle" }
  | { readonly type: "tick.probe" };

export type MembershipEvent = (MembershipWire & { readonly from: NodeId }) | MembershipLocal;

/** Membership takes no operator commands (its inputs are frames, timers and siblings). */
export const MembershipCommands = NoCommands;
