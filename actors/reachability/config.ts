import * as Schema from "effect/Schema";
import { Count, Interval, NodeRefs, decodeInit, withDefault } from "../params.js";

/** Parameters of the reachability (AutoNAT-like) actor. */
export const ReachabilityParams = Schema.Struct({
  /** Peers asked to arrange a dial-back (node ids or groups; AutoNAT servers), usually the PUBLIC nodes. @default [] */
  servers: withDefault(NodeRefs, []),
  /** Agreeing answers needed before the status changes. @default 3 */
  confirmations: withDefault(Count, 3),
  /** How long a round waits for dial-backs. @default 3s */
  timeout: withDefault(Interval, 3000),
  /** Period between rounds once the status is settled. @default 1m */
  interval: withDefault(Interval, 60_000),
  /** Period between rounds while the status is unknown. @default 5s */
  retry: withDefault(Interval, 5000),
  /**
   * How long a peer this node asked stays on the `avoid` list it sends with each
   * request: a dial-back from it would ride the mapping the request opened. Should
   * exceed the NAT mapping timeouts (RFC 4787 asks ≥ 2 min). @default 2m30s
   */
  memory: withDefault(Interval, 150_000),
  /** Sibling actors told `{type: "reachability", status}` when the status changes. @default ["relay", "holepunch"] */
  notify: withDefault(Schema.Array(Schema.String), ["relay", "holepunch"]),
});

/** User configuration of the reachability actor: its parameters, decoded. */
export type ReachabilityInit = typeof ReachabilityParams.Type;

export const REACHABILITY_DEFAULTS: ReachabilityInit = decodeInit("reachability", ReachabilityParams, {});

/** Applies the defaults to `init`; fails fast naming the field. */
export const reachabilityConfig = (init: Partial<ReachabilityInit> = {}): ReachabilityInit =>
  decodeInit("reachability", ReachabilityParams, init);
