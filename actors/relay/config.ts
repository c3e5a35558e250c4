import * as Schema from "effect/Schema";
import { Count, Interval, NodeRefs, decodeInit, withDefault } from "../params.js";

/** Parameters of the relay (circuit-relay-v2-like) actor. */
export const RelayParams = Schema.Struct({
  /** Candidate relays a private node may reserve a slot on (node ids or groups); usually the PUBLIC nodes. @default [] */
  servers: withDefault(NodeRefs, []),
  /** Reservations a public node holds at most (its cap). @default 16 */
  slots: withDefault(Count, 16),
  /**
   * Bandwidth share: messages per second a public node forwards for others at most
   * (token bucket, burst of one second's worth); the excess is dropped. @default 200
   */
  share: withDefault(Count, 200),
  /** A private node refreshes its reservation this often; it doubles as keep-alive of its NAT mapping. @default 10s */
  refresh: withDefault(Interval, 10_000),
  /** A reservation or refresh unanswered this long is lost; the node reserves elsewhere. @default 2s */
  timeout: withDefault(Interval, 2000),
  /** A relay forgets a reservation not refreshed for this long. @default 30s */
  ttl: withDefault(Interval, 30_000),
  /** Relays a message may cross (chain length). @default 3 */
  maxHops: withDefault(Count, 3),
  /** Sibling actors told `{type: "relay.address", relays}` when the reservation changes. @default ["holepunch", "reachability"] */
  notify: withDefault(Schema.Array(Schema.String), ["holepunch", "reachability"]),
}).pipe(
  Schema.filter((c) => {
    if (c.timeout >= c.refresh)
      return { path: ["timeout"], message: `expected less than refresh (${c.refresh} ms), got ${c.timeout} ms` };
    if (c.ttl <= c.refresh)
      return { path: ["ttl"], message: `expected more than refresh (${c.refresh} ms), got ${c.ttl} ms` };
    return undefined;
  }),
);

/** User configuration of the relay actor: its parameters, decoded. */
export type RelayInit = typeof RelayParams.Type;

export const RELAY_DEFAULTS: RelayInit = decodeInit("relay", RelayParams, {});

/** Applies the defaults to `init`; fails fast naming the field. */
export const relayConfig = (init: Partial<RelayInit> = {}): RelayInit => decodeInit("relay", RelayParams, init);
