import type { ActorEvent } from "../../runtime/actor.js";
import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import type { Contact } from "./closest.js";
import type { KadConfig } from "./config.js";
import { kadKey, type KadKey } from "./distance.js";
import type { Lookup } from "./lookup.js";
import type { KadMessage } from "./messages.js";
import { PeerCache } from "./peer-cache.js";
import { ProviderStore, RecordStore, type ValueRecord } from "./records.js";
import { RoutingTable } from "./routing-table.js";

/** Workload operations, plus the ones the node runs for itself. */
export type Op = "lookup" | "get" | "put" | "provide" | "findProviders" | "join" | "refresh";

/** One operation in progress: its lookup, then (put, provide) the store phase. */
export interface Operation {
  readonly qid: number;
  readonly op: Op;
  readonly key: string;
  readonly started: Millis;
  readonly lookup: Lookup;
  /** The value a put stores. */
  readonly value?: string;
  /** Requests sent, for the cost per operation. */
  msgs: number;
  /** get: the first valid record and the hop it came from. */
  record?: { readonly record: ValueRecord; readonly hop: number };
  /** findProviders: providers found, and the hop of the first answer that had any. */
  readonly providers: Set<NodeId>;
  providersHop: number;
  /** put: store acknowledgements awaited and received. */
  storing?: { pending: number; stored: number; readonly closest: NodeId[]; readonly hops: number };
  /** Light node: the lookup ran because the cache missed. */
  readonly cacheMiss: boolean;
  /** Outstanding requests of this operation: rid → peer. */
  readonly inflight: Map<number, NodeId>;
  /** A sibling actor that commanded the operation by `tell`: it is told `kad.result` with `tag`. */
  readonly replyTo?: { readonly actor: string; readonly tag: unknown };
}

/** What an outstanding request is for. */
export type Pending =
  | { readonly kind: "query"; readonly qid: number; readonly peer: NodeId }
  | { readonly kind: "store"; readonly qid: number; readonly peer: NodeId }
  | { readonly kind: "evict"; readonly peer: NodeId; readonly candidate: Contact; readonly bucket: number };

/** Counters exposed in the machine context for tests and reports. */
export interface KadStats {
  requestsIn: number;
  responsesIn: number;
  /** Responses whose rid or sender matched no outstanding request. */
  unexpected: number;
  timeouts: number;
  evictions: number;
  /** Contacts refused by the diversity limit. */
  diversityRejects: number;
  /** Invalid records refused (PUT_VALUE or a GET_VALUE answer). */
  invalidRecords: number;
}

/** The actor's mutable core, held in the xstate context (see machine.ts for why mutable). */
export interface KadState {
  readonly cfg: KadConfig;
  readonly self: NodeId;
  readonly selfKey: KadKey;
  readonly table: RoutingTable;
  /** Light nodes only. */
  readonly cache: PeerCache | undefined;
  /** Light nodes: server-mode peers to ask on a cache miss. */
  readonly backbone: NodeId[];
  readonly records: RecordStore;
  readonly providers: ProviderStore;
  /** Keys we provide, re-announced every providerRepublish. */
  readonly provided: Set<string>;
  /** Contacts saved before a restart, tried like bootstrap peers. */
  readonly restoredContacts: readonly NodeId[];
  readonly ops: Map<number, Operation>;
  readonly pending: Map<number, Pending>;
  /** Buckets with an eviction ping outstanding: one at a time per bucket. */
  readonly evicting: Set<number>;
  /** Last time a lookup targeted each bucket, so refresh skips busy buckets. */
  readonly bucketUsed: Map<number, Millis>;
  nextRid: number;
  nextQid: number;
  joined: boolean;
  joining: boolean;
  readonly stats: KadStats;
  /** Light nodes: the session token presented with every request (told by the auth actor). */
  token: string | undefined;
  /**
   * Light nodes: peers found as providers of their own id (other light nodes), LRU, as
   * large as the peer cache. Apart from `cache`, whose servers seed lookups: a light node
   * answers no requests, so it must never be asked one.
   */
  readonly resolved: PeerCache | undefined;
}

/** Collects the effects of one step; the machine turns them into named actions. */
export class Out {
  readonly effects: { type: string; params: unknown }[] = [];
  joined = false;
  send(to: NodeId, msg: KadMessage): void {
    this.effects.push({ type: "send", params: { to, msg } });
  }
  setTimer(key: string, ms: Millis, event: ActorEvent): void {
    this.effects.push({ type: "setTimer", params: { key, ms, event } });
  }
  cancelTimer(key: string): void {
    this.effects.push({ type: "cancelTimer", params: { key } });
  }
  observe(type: string, data: unknown): void {
    this.effects.push({ type: "observe", params: { type, data } });
  }
  tell(actor: string, event: ActorEvent): void {
    this.effects.push({ type: "tell", params: { actor, event } });
  }
}

/** A contact for a node id. */
export const contact = (id: NodeId): Contact => ({ id, key: kadKey(id) });

/** Fresh state for node `self`. */
export function createState(
  cfg: KadConfig,
  self: NodeId,
  restored?: { readonly contacts: readonly NodeId[]; readonly provided: readonly string[] },
): KadState {
  const selfKey = kadKey(self);
  return {
    cfg,
    self,
    selfKey,
    table: new RoutingTable(selfKey, cfg.k, cfg.diversity),
    cache: cfg.mode === "client" ? new PeerCache(cfg.peerCacheSize) : undefined,
    backbone: [],
    records: new RecordStore(cfg.recordTtl, cfg.validate),
    providers: new ProviderStore(cfg.providerTtl),
    provided: new Set(restored?.provided ?? []),
    restoredContacts: restored?.contacts ?? [],
    ops: new Map(),
    pending: new Map(),
    evicting: new Set(),
    bucketUsed: new Map(),
    nextRid: 1,
    nextQid: 1,
    joined: false,
    joining: false,
    token: undefined,
    resolved: cfg.mode === "client" ? new PeerCache(cfg.peerCacheSize) : undefined,
    stats: {
      requestsIn: 0,
      responsesIn: 0,
      unexpected: 0,
      timeouts: 0,
      evictions: 0,
      diversityRejects: 0,
      invalidRecords: 0,
    },
  };
}
