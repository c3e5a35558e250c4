import { requireIntegers } from "../../runtime/config-check.js";
/** User configuration of the holepunch (DCUtR-like) actor, which also picks the path to each peer. */
export interface HolepunchInit {
  /** A direct dial unanswered this long (ms) has failed. @default 2000 */
  readonly dialTimeout: number;
  /** A punch attempt without a direct answer this long (ms) has failed. @default 2000 */
  readonly punchTimeout: number;
  /** Punch attempts after the first one; waits `backoff`, 2×, 4×… between them. @default 3 */
  readonly retries: number;
  /** Wait before the first retry, in ms. @default 1000 */
  readonly backoff: number;
  /** A message unacknowledged this long (ms) is sent again, by another path if there is one. @default 3000 */
  readonly ackTimeout: number;
  /** Sends of one message at most. @default 3 */
  readonly attempts: number;
  /** A connection unused this long (ms) is forgotten (its NAT mappings may be gone). @default 60000 */
  readonly idle: number;
}

export const HOLEPUNCH_DEFAULTS: HolepunchInit = {
  dialTimeout: 2000,
  punchTimeout: 2000,
  retries: 3,
  backoff: 1000,
  ackTimeout: 3000,
  attempts: 3,
  idle: 60_000,
};

/** Merges `init` over the defaults; fails fast naming the field. */
export function holepunchConfig(init: Partial<HolepunchInit> = {}): HolepunchInit {
  const cfg = { ...HOLEPUNCH_DEFAULTS, ...init };
  for (const key of ["dialTimeout", "punchTimeout", "backoff", "ackTimeout", "attempts", "idle"] as const)
    if (!(cfg[key] > 0)) throw new RangeError(`holepunch.${key} must be > 0, got ${cfg[key]}`);
  requireIntegers("holepunch", cfg, ["retries"], 0);
  return cfg;
}
