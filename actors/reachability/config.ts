import type { NodeId } from "../../runtime/driver.js";
import { requireIntegers } from "../../runtime/config-check.js";

/** User configuration of the reachability (AutoNAT-like) actor. */
export interface ReachabilityInit {
  /** Peers asked to arrange a dial-back (AutoNAT servers); usually the PUBLIC nodes. @default [] */
  readonly servers: readonly NodeId[];
  /** Agreeing answers needed before the status changes. @default 3 */
  readonly confirmations: number;
  /** How long a round waits for dial-backs, in ms. @default 3000 */
  readonly timeout: number;
  /** Period between rounds once the status is settled, in ms. @default 60000 */
  readonly interval: number;
  /** Period between rounds while the status is unknown, in ms. @default 5000 */
  readonly retry: number;
  /**
   * How long (ms) a peer this node asked stays on the `avoid` list it sends with each
   * request: a dial-back from it would ride the mapping the request opened. Should
   * exceed the NAT mapping timeouts (RFC 4787 asks ≥ 2 min).
   * @default 150000
   */
  readonly memory: number;
  /** Sibling actors told `{type: "reachability", status}` when the status changes. @default ["relay", "holepunch"] */
  readonly notify: readonly string[];
}

export const REACHABILITY_DEFAULTS: ReachabilityInit = {
  servers: [],
  confirmations: 3,
  timeout: 3000,
  interval: 60_000,
  retry: 5000,
  memory: 150_000,
  notify: ["relay", "holepunch"],
};

/** Merges `init` over the defaults; fails fast naming the field. */
export function reachabilityConfig(init: Partial<ReachabilityInit> = {}): ReachabilityInit {
  const cfg = { ...REACHABILITY_DEFAULTS, ...init };
  requireIntegers("reachability", cfg, ["confirmations", "timeout", "interval", "retry", "memory"]);
  return cfg;
}
