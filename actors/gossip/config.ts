import { requireIntegers } from "../../runtime/config-check.js";
/** User configuration of the gossip actor. */
export interface GossipInit {
  /**
   * Peers a new message is pushed to, at the origin and at each first receipt (0: none).
   * @default 3
   */
  readonly fanout: number;
  /**
   * Push new messages epidemically. `false` leaves pure push-pull anti-entropy (used by
   * the benchmark to count rounds).
   * @default true
   */
  readonly push: boolean;
  /**
   * Period of anti-entropy with one random view peer, in ms.
   * @default 5000
   */
  readonly pullInterval: number;
  /**
   * Buckets of the digest. Ids are hashed into buckets and only differing buckets'
   * ids are exchanged, so a steady stream of new messages costs a few ids per round,
   * not the whole store. A power of two.
   * @default 16
   */
  readonly buckets: number;
  /**
   * Most messages sent in one `msgs` reply; the rest follow in later rounds.
   * @default 500
   */
  readonly maxBatch: number;
}

/** Defaults of {@link GossipInit}. */
export const GOSSIP_DEFAULTS: GossipInit = {
  fanout: 3,
  push: true,
  pullInterval: 5000,
  buckets: 16,
  maxBatch: 500,
};

/** Merges `init` over the defaults and fails fast, naming the field, on nonsense. */
export function gossipConfig(init: Partial<GossipInit> = {}): GossipInit {
  const cfg = { ...GOSSIP_DEFAULTS, ...init };
  requireIntegers("gossip", cfg, ["fanout"], 0);
  requireIntegers("gossip", cfg, ["pullInterval", "maxBatch", "buckets"]);
  if ((cfg.buckets & (cfg.buckets - 1)) !== 0)
    throw new RangeError(`gossip.buckets must be a power of two, got ${cfg.buckets}`);
  if (typeof cfg.push !== "boolean") throw new RangeError(`gossip.push must be a boolean, got ${String(cfg.push)}`);
  return cfg;
}
