import type { NodeId } from "../../runtime/driver.js";
import * as C from "./constants.js";
import type { RecordValidator, ValueRecord } from "./records.js";
import type { DiversityLimit } from "./routing-table.js";
import type { Authorizer } from "./authorize.js";

/** User configuration of the Kademlia actor; every field has a documented default. */
export interface KademliaInit {
  /** `server` keeps k-buckets and answers requests; `client` is a light node with an LRU peer cache. @default "server" */
  readonly mode?: "server" | "client";
  /** Node ids contacted first (server: join by a self-lookup through them; client: the backbone). @default [] */
  readonly bootstrap?: readonly NodeId[];
  /** @default 20 ({@link C.K}) */
  readonly k?: number;
  /** @default 3 ({@link C.ALPHA}) */
  readonly alpha?: number;
  /** Disjoint lookup paths d (S/Kademlia). @default 1 */
  readonly disjointPaths?: number;
  /** @default 2000 */
  readonly requestTimeoutMs?: number;
  /** @default 1000 */
  readonly pingTimeoutMs?: number;
  /** @default 30000 */
  readonly operationTimeoutMs?: number;
  /** @default 36 h */
  readonly recordTtlMs?: number;
  /** @default 48 h */
  readonly providerTtlMs?: number;
  /** @default 22 h */
  readonly providerRepublishMs?: number;
  /** Bucket refresh period; 0 turns refresh off. @default 10 min */
  readonly refreshIntervalMs?: number;
  /** @default 1 h */
  readonly sweepIntervalMs?: number;
  /** First self-lookup after the join; 0 turns repeated self-lookups off. @default 10 s */
  readonly initialSelfLookupMs?: number;
  /** Self-lookup period after that. @default 5 min */
  readonly selfLookupIntervalMs?: number;
  /** Retry delay of a join that reached nobody (bootstrap peers not up yet). @default 5 s */
  readonly joinRetryMs?: number;
  /** Light-node peer cache entries. @default 100 */
  readonly peerCacheSize?: number;
  /** @default 20 */
  readonly maxProviders?: number;
  /** Per-bucket diversity limit. @default undefined (off) */
  readonly diversity?: DiversityLimit;
  /** Record validation hook. @default accept every record */
  readonly validate?: RecordValidator;
  /**
   * Simulation only: rewrites (or, returning undefined, suppresses) this node's answers,
   * which makes it a Sybil (see `sim/sybil/`). Honest nodes leave it unset. @default undefined
   */
  readonly answerFilter?: AnswerFilter;
  /** Server mode: which requests are served (the authenticated backbone's token check). @default serve every request */
  readonly authorize?: Authorizer;
  /**
   * After the join's self-lookup, refresh this many buckets just farther than the nearest
   * neighbour (Kademlia §2.3 refreshes all of them, ~log2 n lookups per join; the sparse
   * ones next to the neighbourhood matter most, the far ones fill from traffic anyway).
   * 0 turns it off. @default 3
   */
  readonly joinRefreshBuckets?: number;
  /** Look ourselves up when the first contacts arrive, to fill the near buckets. @default true */
  readonly selfLookup?: boolean;
  /** Put `closest` (the k result ids) into `lookup.done` observations of `lookup` commands. @default true */
  readonly observeClosest?: boolean;
}

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
export type KadConfig = Required<Omit<KademliaInit, "diversity" | "validate" | "answerFilter" | "authorize">> &
  Pick<KademliaInit, "diversity" | "validate" | "answerFilter" | "authorize">;

/** Applies defaults and rejects impossible values, naming the field. */
export function resolveConfig(init: KademliaInit = {}): KadConfig {
  const cfg: KadConfig = {
    mode: init.mode ?? "server",
    bootstrap: init.bootstrap ?? [],
    k: init.k ?? C.K,
    alpha: init.alpha ?? C.ALPHA,
    disjointPaths: init.disjointPaths ?? C.DISJOINT_PATHS,
    requestTimeoutMs: init.requestTimeoutMs ?? C.REQUEST_TIMEOUT_MS,
    pingTimeoutMs: init.pingTimeoutMs ?? C.PING_TIMEOUT_MS,
    operationTimeoutMs: init.operationTimeoutMs ?? C.OPERATION_TIMEOUT_MS,
    recordTtlMs: init.recordTtlMs ?? C.RECORD_TTL_MS,
    providerTtlMs: init.providerTtlMs ?? C.PROVIDER_TTL_MS,
    providerRepublishMs: init.providerRepublishMs ?? C.PROVIDER_REPUBLISH_MS,
    refreshIntervalMs: init.refreshIntervalMs ?? C.REFRESH_INTERVAL_MS,
    sweepIntervalMs: init.sweepIntervalMs ?? C.SWEEP_INTERVAL_MS,
    joinRetryMs: init.joinRetryMs ?? C.JOIN_RETRY_MS,
    initialSelfLookupMs: init.initialSelfLookupMs ?? C.INITIAL_SELF_LOOKUP_MS,
    selfLookupIntervalMs: init.selfLookupIntervalMs ?? C.SELF_LOOKUP_INTERVAL_MS,
    peerCacheSize: init.peerCacheSize ?? C.PEER_CACHE_SIZE,
    maxProviders: init.maxProviders ?? C.MAX_PROVIDERS,
    selfLookup: init.selfLookup ?? true,
    joinRefreshBuckets: init.joinRefreshBuckets ?? 3,
    observeClosest: init.observeClosest ?? true,
    diversity: init.diversity,
    validate: init.validate,
    answerFilter: init.answerFilter,
    authorize: init.authorize,
  };
  const positive: (keyof KadConfig)[] = ["k", "alpha", "disjointPaths", "requestTimeoutMs", "pingTimeoutMs"];
  for (const f of [...positive, "operationTimeoutMs", "peerCacheSize", "maxProviders"] as const) {
    const v = cfg[f] as number;
    if (!Number.isFinite(v) || v < 1) throw new RangeError(`kademlia.${f} must be a number ≥ 1, got ${String(v)}`);
  }
  if (cfg.refreshIntervalMs < 0)
    throw new RangeError(`kademlia.refreshIntervalMs must be ≥ 0, got ${cfg.refreshIntervalMs}`);
  if (cfg.mode !== "server" && cfg.mode !== "client")
    throw new RangeError(`kademlia.mode must be "server" or "client", got ${String(cfg.mode)}`);
  if (cfg.diversity && !(cfg.diversity.max >= 1))
    throw new RangeError(`kademlia.diversity.max must be ≥ 1, got ${cfg.diversity.max}`);
  return cfg;
}
