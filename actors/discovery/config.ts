import type { NodeId } from "../../runtime/driver.js";
import { requireIntegers } from "../../runtime/config-check.js";

/** User configuration of the discovery actor. */
export interface DiscoveryInit {
  /**
   * Configured seed nodes. An answer from any of them means the node reached the wider mesh.
   * @default []
   */
  readonly seeds: readonly NodeId[];
  /**
   * Broadcast a `hello` on the local segment (LAN, radio cell) while not connected.
   * The driver must support broadcast.
   * @default true
   */
  readonly localBroadcast: boolean;
  /**
   * Period of discovery rounds while not connected, in ms.
   * @default 5000
   */
  readonly retryInterval: number;
  /**
   * Period of discovery rounds while connected, in ms: a node cut off by a partition
   * rediscovers the other side after a heal.
   * @default 60000
   */
  readonly refreshInterval: number;
  /**
   * How long a round waits for answers, in ms; nothing at all means `bootstrap` mode.
   * @default 3000
   */
  readonly timeout: number;
  /**
   * Peers remembered (and persisted), most recently heard first.
   * @default 50
   */
  readonly cacheSize: number;
  /**
   * Known peers asked per round besides the seeds (the freshest first after a restart).
   * @default 3
   */
  readonly askPerRound: number;
  /**
   * Peers sampled into each `welcome` (peer exchange).
   * @default 8
   */
  readonly exchangeSize: number;
  /**
   * Peers learned through exchange that are asked in turn, per round, while not connected.
   * @default 6
   */
  readonly exchangeAsks: number;
  /**
   * Broadcast hellos answered per `retryInterval` unless in `bootstrap` mode, so that a
   * large segment does not answer every broadcast with every node.
   * @default 4
   */
  readonly localReplies: number;
  /**
   * Sibling actors told `{type: "peers.discovered", peers}` about every peer learned.
   * @default ["membership", "kad"]
   */
  readonly notify: readonly string[];
}

/** Defaults of {@link DiscoveryInit}. */
export const DISCOVERY_DEFAULTS: DiscoveryInit = {
  seeds: [],
  localBroadcast: true,
  retryInterval: 5000,
  refreshInterval: 60_000,
  timeout: 3000,
  cacheSize: 50,
  askPerRound: 3,
  exchangeSize: 8,
  exchangeAsks: 6,
  localReplies: 4,
  notify: ["membership", "kad"],
};

const POSITIVE = ["retryInterval", "refreshInterval", "timeout", "cacheSize", "exchangeSize"] as const;
const NON_NEGATIVE = ["askPerRound", "exchangeAsks", "localReplies"] as const;

/** Merges `init` over the defaults and fails fast, naming the field, on nonsense. */
export function discoveryConfig(init: Partial<DiscoveryInit> = {}): DiscoveryInit {
  const cfg = { ...DISCOVERY_DEFAULTS, ...init };
  requireIntegers("discovery", cfg, POSITIVE);
  requireIntegers("discovery", cfg, NON_NEGATIVE, 0);
  if (cfg.timeout >= cfg.retryInterval)
    throw new RangeError(
      `discovery.timeout (${cfg.timeout}) must be less than discovery.retryInterval (${cfg.retryInterval})`,
    );
  if (!Array.isArray(cfg.seeds) || cfg.seeds.some((s) => typeof s !== "string"))
    throw new RangeError("discovery.seeds must be an array of node ids");
  return cfg;
}
