import { requireIntegers } from "../../runtime/config-check.js";
/** User configuration of the membership actor. */
export interface MembershipInit {
  /**
   * Size of the active view: the symmetric neighbour links gossip uses.
   * @default 8
   */
  readonly viewSize: number;
  /**
   * Size of the passive view: known peers kept as replacements; random eviction when full.
   * @default 32
   */
  readonly passiveSize: number;
  /**
   * One active peer is pinged per interval, in ms (suspected peers first, then round-robin).
   * @default 2000
   */
  readonly pingInterval: number;
  /**
   * A pong later than this (ms) is a miss. At most `pingInterval`: a ping is judged at the next ping tick.
   * @default 1000
   */
  readonly pingTimeout: number;
  /**
   * Consecutive misses after which a peer leaves the active view for the passive one.
   * @default 2
   */
  readonly maxMisses: number;
  /**
   * Period of the shuffle that refreshes the passive view, in ms.
   * @default 10000
   */
  readonly shuffleInterval: number;
  /**
   * Entries exchanged in one shuffle.
   * @default 5
   */
  readonly shuffleLength: number;
  /**
   * Period of the passive probe, in ms: a neighbour request to a random passive peer,
   * sent even with a full view, which is what reconnects two sides after a partition.
   * @default 5000
   */
  readonly probeInterval: number;
  /**
   * Sibling actors told `{type: "view", peers}` whenever the active view changes.
   * @default ["gossip"]
   */
  readonly notify: readonly string[];
}

/** Defaults of {@link MembershipInit}. */
export const MEMBERSHIP_DEFAULTS: MembershipInit = {
  viewSize: 8,
  passiveSize: 32,
  pingInterval: 2000,
  pingTimeout: 1000,
  maxMisses: 2,
  shuffleInterval: 10_000,
  shuffleLength: 5,
  probeInterval: 5000,
  notify: ["gossip"],
};

const POSITIVE = [
  "viewSize",
  "passiveSize",
  "pingInterval",
  "pingTimeout",
  "maxMisses",
  "shuffleInterval",
  "shuffleLength",
  "probeInterval",
] as const;

/** Merges `init` over the defaults and fails fast, naming the field, on nonsense. */
export function membershipConfig(init: Partial<MembershipInit> = {}): MembershipInit {
  const cfg = { ...MEMBERSHIP_DEFAULTS, ...init };
  requireIntegers("membership", cfg, POSITIVE);
  if (cfg.pingTimeout > cfg.pingInterval)
    throw new RangeError(
      `membership.pingTimeout (${cfg.pingTimeout}) must not exceed membership.pingInterval (${cfg.pingInterval})`,
    );
  return cfg;
}
