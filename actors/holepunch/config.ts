import * as Schema from "effect/Schema";
import { Count, Interval, Natural, decodeInit, withDefault } from "../params.js";

/** Parameters of the holepunch (DCUtR-like) actor, which also picks the path to each peer. */
export const HolepunchParams = Schema.Struct({
  /** A direct dial unanswered this long has failed. @default 2s */
  dialTimeout: withDefault(Interval, 2000),
  /** A punch attempt without a direct answer this long has failed. @default 2s */
  punchTimeout: withDefault(Interval, 2000),
  /** Punch attempts after the first one; waits `backoff`, 2×, 4×… between them. @default 3 */
  retries: withDefault(Natural, 3),
  /** Wait before the first retry. @default 1s */
  backoff: withDefault(Interval, 1000),
  /** A message unacknowledged this long is sent again, by another path if there is one. @default 3s */
  ackTimeout: withDefault(Interval, 3000),
  /** Sends of one message at most. @default 3 */
  attempts: withDefault(Count, 3),
  /** A connection unused this long is forgotten (its NAT mappings may be gone). @default 1m */
  idle: withDefault(Interval, 60_000),
});

/** User configuration of the holepunch actor: its parameters, decoded. */
export type HolepunchInit = typeof HolepunchParams.Type;

export const HOLEPUNCH_DEFAULTS: HolepunchInit = decodeInit("holepunch", HolepunchParams, {});

/** Applies the defaults to `init`; fails fast naming the field. */
export const holepunchConfig = (init: Partial<HolepunchInit> = {}): HolepunchInit =>
  decodeInit("holepunch", HolepunchParams, init);
