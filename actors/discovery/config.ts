import * as Schema from "effect/Schema";
import { Count, Interval, Natural, NodeRefs, decodeInit, withDefault } from "../params.js";

/**
 * Parameters of the discovery actor (`protocols: { discovery: … }` in scenarios and node
 * configs). Durations accept `5s`, `1m`; decoded they are milliseconds.
 */
export const DiscoveryParams = Schema.Struct({
  /**
   * Configured seed nodes (node ids or group names in a scenario, `/p2p/` addresses in a
   * node config). An answer from any of them means the node reached the wider mesh.
   * @default []
   */
  seeds: withDefault(NodeRefs, []),
  /** Broadcast a `hello` on the local segment (LAN, radio cell) while not connected. @default true */
  localBroadcast: withDefault(Schema.Boolean, true),
  /** Period of discovery rounds while not connected. @default 5s */
  retryInterval: withDefault(Interval, 5000),
  /** Period of rounds while connected: a node cut off by a partition rediscovers the other side. @default 1m */
  refreshInterval: withDefault(Interval, 60_000),
  /** How long a round waits for answers; nothing at all means `bootstrap` mode. @default 3s */
  timeout: withDefault(Interval, 3000),
  /** Peers remembered (and persisted), most recently heard first. @default 50 */
  cacheSize: withDefault(Count, 50),
  /** Known peers asked per round besides the seeds (the freshest first after a restart). @default 3 */
  askPerRound: withDefault(Natural, 3),
  /** Peers sampled into each `welcome` (peer exchange). @default 8 */
  exchangeSize: withDefault(Count, 8),
  /** Peers learned through exchange that are asked in turn, per round, while not connected. @default 6 */
  exchangeAsks: withDefault(Natural, 6),
  /**
   * Broadcast hellos answered per `retryInterval` unless in `bootstrap` mode, so that a
   * large segment does not answer every broadcast with every node. @default 4
   */
  localReplies: withDefault(Natural, 4),
  /** Sibling actors told `{type: "peers.discovered", peers}` about every peer learned. @default ["membership", "kad"] */
  notify: withDefault(Schema.Array(Schema.String), ["membership", "kad"]),
}).pipe(
  Schema.filter((c) =>
    c.timeout < c.retryInterval
      ? undefined
      : {
          path: ["timeout"],
          message: `expected less than retryInterval (${c.retryInterval} ms), got ${c.timeout} ms`,
        },
  ),
);

/** User configuration of the discovery actor: its parameters, decoded. */
export type DiscoveryInit = typeof DiscoveryParams.Type;

/** Defaults of {@link DiscoveryInit}. */
export const DISCOVERY_DEFAULTS: DiscoveryInit = decodeInit("discovery", DiscoveryParams, {});

/** Applies the defaults to `init` and fails fast, naming the field, on nonsense. */
export const discoveryConfig = (init: Partial<DiscoveryInit> = {}): DiscoveryInit =>
  decodeInit("discovery", DiscoveryParams, init);
