import * as Schema from "effect/Schema";
import type { NodeId } from "../../runtime/driver.js";
import { Count, Duration, Interval, Natural, NodeRefs, decodeInit, withDefault } from "../params.js";
import * as C from "./constants.js";
import type { Authorizer } from "./authorize.js";
import type { RecordValidator, ValueRecord } from "./records.js";

/**
 * Parameters of the Kademlia actor (`protocols: { kademlia: … }`). Durations accept `2s`,
 * `10m`; decoded they are milliseconds. Nodes of a `light` group run in client mode
 * unless `mode` says otherwise.
 */
export const KademliaParams = Schema.Struct({
  /** `server` keeps k-buckets and answers requests; `client` is a light node with an LRU peer cache. @default by role: client for light nodes, else server */
  mode: Schema.optional(Schema.Literal("server", "client")),
  /** Nodes contacted first (server: join by a self-lookup through them; client: the backbone). @default [] */
  bootstrap: withDefault(NodeRefs, []),
  /** Bucket size and the number of closest peers a lookup returns. @default 20 */
  k: withDefault(Count, C.K),
  /** Parallel requests in flight per lookup path. @default 3 */
  alpha: withDefault(Count, C.ALPHA),
  /** Disjoint lookup paths d (S/Kademlia); 1 is plain Kademlia. @default 1 */
  disjointPaths: withDefault(Count, C.DISJOINT_PATHS),
  /** Time a peer has to answer one request. @default 2s */
  requestTimeout: withDefault(Interval, C.REQUEST_TIMEOUT_MS),
  /** Time the least-recently-seen contact has to answer the ping that decides its eviction. @default 1s */
  pingTimeout: withDefault(Interval, C.PING_TIMEOUT_MS),
  /** Upper bound on a whole operation. @default 30s */
  operationTimeout: withDefault(Interval, C.OPERATION_TIMEOUT_MS),
  /** @default 36h */
  recordTtl: withDefault(Interval, C.RECORD_TTL_MS),
  /** @default 48h */
  providerTtl: withDefault(Interval, C.PROVIDER_TTL_MS),
  /** @default 22h */
  providerRepublish: withDefault(Interval, C.PROVIDER_REPUBLISH_MS),
  /** Bucket refresh period; 0 turns refresh off. @default 10m */
  refreshInterval: withDefault(Duration, C.REFRESH_INTERVAL_MS),
  /** @default 1h */
  sweepInterval: withDefault(Interval, C.SWEEP_INTERVAL_MS),
  /** Retry delay of a join that reached nobody (bootstrap peers not up yet). @default 5s */
  joinRetry: withDefault(Interval, C.JOIN_RETRY_MS),
  /** First repeat of the self-lookup after joining; 0 turns repeated self-lookups off. @default 10s */
  initialSelfLookup: withDefault(Duration, C.INITIAL_SELF_LOOKUP_MS),
  /** Self-lookup period after that. @default 5m */
  selfLookupInterval: withDefault(Interval, C.SELF_LOOKUP_INTERVAL_MS),
  /** Light-node peer cache entries. @default 100 */
  peerCacheSize: withDefault(Count, C.PEER_CACHE_SIZE),
  /** Providers a findProviders operation waits for before it stops early. @default 20 */
  maxProviders: withDefault(Count, C.MAX_PROVIDERS),
  /** Per-bucket diversity limit (a Sybil defence). @default off */
  diversity: Schema.optional(
    Schema.Struct({
      /** Most contacts of one group per bucket. */
      max: Count,
      /** @default "prefix" */
      by: Schema.optional(Schema.Literal("prefix", "group")),
      /** Bits after the bucket prefix that form a `prefix` group. @default 3 */
      prefixBits: Schema.optional(Count),
    }),
  ),
  /** Look ourselves up when the first contacts arrive, to fill the near buckets. @default true */
  selfLookup: withDefault(Schema.Boolean, true),
  /**
   * After the join's self-lookup, refresh this many buckets just farther than the nearest
   * neighbour (Kademlia §2.3 refreshes all of them, ~log2 n lookups per join; the sparse
   * ones next to the neighbourhood matter most, the far ones fill from traffic anyway).
   * 0 turns it off. @default 3
   */
  joinRefreshBuckets: withDefault(Natural, 3),
  /** Put the k result ids (`closest`) into `lookup.done` observations of `lookup` commands (costs log space). @default false */
  observeClosest: withDefault(Schema.Boolean, false),
});

/** What only code can configure: hooks that are not data. */
export interface KademliaHooks {
  /** Record validation hook. @default accept every record */
  readonly validate?: RecordValidator;
  /**
   * Simulation only: rewrites (or, returning undefined, suppresses) this node's answers,
   * which makes it a Sybil (see `sim/sybil/`). Honest nodes leave it unset. @default undefined
   */
  readonly answerFilter?: AnswerFilter;
  /** Server mode: which requests are served (the authenticated backbone's token check). @default serve every request */
  readonly authorize?: Authorizer;
}

/** User configuration of the Kademlia actor: its parameters (all optional, defaults documented above) and hooks. */
export type KademliaInit = Partial<typeof KademliaParams.Encoded> & KademliaHooks;

/** A request as an {@link AnswerFilter} sees it. */
export interface FilteredRequest {
  readonly self: NodeId;
  readonly from: NodeId;
  readonly type: "FIND_NODE" | "GET_VALUE" | "GET_PROVIDERS" | "PUT_VALUE" | "ADD_PROVIDER";
  readonly key: string;
  /** The point in the keyspace the request is about. */
  readonly target: Uint8Array;
  /** This node's contacts, for a filter that answers with far or chosen ones. */
  readonly contacts: () => readonly NodeId[];
}

/** What an honest node would answer; a filter returns its own version, or undefined to stay silent (and store nothing). */
export interface Answer {
  readonly closer: readonly NodeId[];
  readonly providers?: readonly NodeId[];
  readonly record?: ValueRecord;
}

/** See {@link KademliaInit.answerFilter}. */
export type AnswerFilter = (req: FilteredRequest, honest: Answer) => Answer | undefined;

/** {@link KademliaInit} with every default applied. */
export type KadConfig = typeof KademliaParams.Type & { readonly mode: "server" | "client" } & KademliaHooks;

/** Applies defaults and rejects impossible values, naming the field. */
export function resolveConfig(init: KademliaInit = {}): KadConfig {
  const { validate, answerFilter, authorize, ...params } = init;
  const decoded = decodeInit("kademlia", KademliaParams, params);
  return { ...decoded, mode: decoded.mode ?? "server", validate, answerFilter, authorize };
}
