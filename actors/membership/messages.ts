import type { NodeId } from "../../runtime/driver.js";

/** Wire messages of the membership actor. */
export type MembershipWire =
  /**
   * Asks to become a symmetric neighbour. A full receiver accepts only a `high` request
   * (sender has no neighbour, or a passive probe), displacing a random neighbour; a
   * low one is rejected, so that refills cannot set off a chain of displacements.
   */
  | { readonly type: "neighbor"; readonly high: boolean }
  | { readonly type: "accept" }
  | { readonly type: "reject" }
  /** The sender dropped the link (displaced by a newcomer); the receiver moves it to passive. */
  | { readonly type: "leave" }
  | { readonly type: "ping"; readonly n: number }
  /** `linked` false means the responder has no link to the pinger: the pinger drops its half. */
  | { readonly type: "pong"; readonly n: number; readonly linked: boolean }
  | { readonly type: "shuffle"; readonly peers: readonly NodeId[] }
  | { readonly type: "shuffled"; readonly peers: readonly NodeId[] };

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
