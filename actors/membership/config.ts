import * as Schema from "effect/Schema";
import { Count, Interval, decodeInit, withDefault } from "../params.js";

/** Parameters of the membership actor (HyParView-like active and passive views). */
export const MembershipParams = Schema.Struct({
  /** Size of the active view: the symmetric neighbour links gossip uses. @default 8 */
  viewSize: withDefault(Count, 8),
  /** Size of the passive view: known peers kept as replacements; random eviction when full. @default 32 */
  passiveSize: withDefault(Count, 32),
  /** One active peer is pinged per interval (suspected peers first, then round-robin). @default 2s */
  pingInterval: withDefault(Interval, 2000),
  /** A pong later than this is a miss. At most `pingInterval`: a ping is judged at the next ping tick. @default 1s */
  pingTimeout: withDefault(Interval, 1000),
  /** Consecutive misses after which a peer leaves the active view for the passive one. @default 2 */
  maxMisses: withDefault(Count, 2),
  /** Period of the shuffle that refreshes the passive view. @default 10s */
  shuffleInterval: withDefault(Interval, 10_000),
  /** Entries exchanged in one shuffle. @default 5 */
  shuffleLength: withDefault(Count, 5),
  /**
   * Period of the passive probe: a neighbour request to a random passive peer, sent even
   * with a full view, which is what reconnects two sides after a partition. @default 5s
   */
  probeInterval: withDefault(Interval, 5000),
  /** Sibling actors told `{type: "view", peers}` whenever the active view changes. @default ["gossip"] */
  notify: withDefault(Schema.Array(Schema.String), ["gossip"]),
}).pipe(
  Schema.filter((c) =>
    c.pingTimeout <= c.pingInterval
      ? undefined
      : {
          path: ["pingTimeout"],
          message: `expected at most pingInterval (${c.pingInterval} ms), got ${c.pingTimeout} ms`,
        },
  ),
);

/** User configuration of the membership actor: its parameters, decoded. */
export type MembershipInit = typeof MembershipParams.Type;

/** Defaults of {@link MembershipInit}. */
export const MEMBERSHIP_DEFAULTS: MembershipInit = decodeInit("membership", MembershipParams, {});

/** Applies the defaults to `init` and fails fast, naming the field, on nonsense. */
export const membershipConfig = (init: Partial<MembershipInit> = {}): MembershipInit =>
  decodeInit("membership", MembershipParams, init);
