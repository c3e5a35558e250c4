import * as Schema from "effect/Schema";
import { Count, Interval, Natural, decodeInit, withDefault } from "../params.js";

/** Parameters of the gossip actor (epidemic push plus push-pull anti-entropy). */
export const GossipParams = Schema.Struct({
  /** Peers a new message is pushed to, at the origin and at each first receipt (0: none). @default 3 */
  fanout: withDefault(Natural, 3),
  /**
   * Push new messages epidemically. `false` leaves pure push-pull anti-entropy (used by
   * the benchmark to count rounds). @default true
   */
  push: withDefault(Schema.Boolean, true),
  /** Period of anti-entropy with one random view peer. @default 5s */
  pullInterval: withDefault(Interval, 5000),
  /**
   * Buckets of the digest. Ids are hashed into buckets and only differing buckets' ids
   * are exchanged, so a steady stream of new messages costs a few ids per round, not the
   * whole store. A power of two. @default 16
   */
  buckets: withDefault(
    Count.pipe(
      Schema.filter((n) => (n & (n - 1)) === 0, { message: (i) => `expected a power of two, got ${String(i.actual)}` }),
    ),
    16,
  ),
  /** Most messages sent in one `msgs` reply; the rest follow in later rounds. @default 500 */
  maxBatch: withDefault(Count, 500),
});

/** User configuration of the gossip actor: its parameters, decoded. */
export type GossipInit = typeof GossipParams.Type;

/** Defaults of {@link GossipInit}. */
export const GOSSIP_DEFAULTS: GossipInit = decodeInit("gossip", GossipParams, {});

/** Applies the defaults to `init` and fails fast, naming the field, on nonsense. */
export const gossipConfig = (init: Partial<GossipInit> = {}): GossipInit => decodeInit("gossip", GossipParams, init);
