import type { NodeId } from "../../runtime/driver.js";

/** User configuration of the relay (circuit-relay-v2-like) actor. */
export interface RelayInit {
  /** Candidate relays a private node may reserve a slot on; usually the PUBLIC nodes. @default [] */
  readonly servers: readonly NodeId[];
  /** Reservations a public node holds at most (its cap). @default 16 */
  readonly slots: number;
  /**
   * Bandwidth share: messages per second a public node forwards for others at most
   * (token bucket, burst of one second's worth); the excess is dropped. @default 200
   */
  readonly share: number;
  /** A private node refreshes its reservation this often, in ms; it doubles as keep-alive of its NAT mapping. @default 10000 */
  readonly refresh: number;
  /** A reservation or refresh unanswered this long (ms) is lost; the node reserves elsewhere. @default 2000 */
  readonly timeout: number;
  /** A relay forgets a reservation not refreshed for this long, in ms. @default 30000 */
  readonly ttl: number;
  /** Relays a message may cross (chain length). @default 3 */
  readonly maxHops: number;
  /** Sibling actors told `{type: "relay.address", relays}` when the reservation changes. @default ["holepunch", "reachability"] */
  readonly notify: readonly string[];
}

export const RELAY_DEFAULTS: RelayInit = {
  servers: [],
  slots: 16,
  share: 200,
  refresh: 10_000,
  timeout: 2000,
  ttl: 30_000,
  maxHops: 3,
  notify: ["holepunch", "reachability"],
};

/** Merges `init` over the defaults; fails fast naming the field. */
export function relayConfig(init: Partial<RelayInit> = {}): RelayInit {
  const cfg = { ...RELAY_DEFAULTS, ...init };
  for (const key of ["slots", "share", "refresh", "timeout", "ttl", "maxHops"] as const)
    if (!(cfg[key] > 0)) throw new RangeError(`relay.${key} must be > 0, got ${cfg[key]}`);
  if (cfg.timeout >= cfg.refresh)
    throw new RangeError(`relay.timeout (${cfg.timeout}) must be less than relay.refresh (${cfg.refresh})`);
  if (cfg.ttl <= cfg.refresh) throw new RangeError(`relay.ttl (${cfg.ttl}) must exceed relay.refresh (${cfg.refresh})`);
  return cfg;
}
