import { sha256 } from "@noble/hashes/sha2.js";
import { hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import type { ActorEvent } from "../../runtime/actor.js";
import type { Crypto, KeyPair } from "../../runtime/crypto.js";
import { modelledCrypto } from "../../runtime/crypto/modelled.js";
import { realCrypto } from "../../runtime/crypto/real.js";
import type { NodeId, WireMessage } from "../../runtime/driver.js";
import { Difficulty } from "./difficulty.js";
import type { Notification, Refusal } from "./notification.js";
import type { NotifyConfig } from "./params.js";
import { RecipientLimit } from "./rate-limit.js";
import { NotificationStore } from "./store.js";
import { parseThreshold } from "./work.js";

/** What survives a restart: the stored notifications and the recipients announced in the DHT. */
export interface NotifyPersisted {
  readonly notifications: readonly Notification[];
  readonly provided: readonly string[];
}

/** A wallet's fetch in progress. */
export interface Fetch {
  readonly ref: string;
  readonly recipient: string;
  readonly since: number;
  /** Relays asked and not yet answered. */
  readonly waiting: Set<NodeId>;
  readonly asked: NodeId[];
  /** Valid notifications gathered, by hash (the dedupe). */
  readonly got: Map<string, Notification>;
  /** Invalid ones the relays returned (counted, never delivered). */
  rejected: number;
}

/** Counters in the machine context for tests, status and reports. */
export interface NotifyStats {
  accepted: number;
  refused: Record<Refusal, number>;
  /** Copies stored here (entry and replica). */
  stored: number;
  evicted: number;
  expired: number;
  /** Copies pulled by anti-entropy. */
  repaired: number;
  /** Messages with a bad field, counted and dropped. */
  malformed: number;
}

/** The actor's mutable core, held in the xstate context (changed only inside a step; see machine.ts). */
export interface NotifyState {
  readonly cfg: NotifyConfig;
  readonly self: NodeId;
  readonly base: bigint;
  /** Signs and checks relays' signatures: real, or the simulator's modelled crypto. */
  readonly crypto: Crypto;
  /** The node's Ed25519 signing key. */
  readonly key: KeyPair;
  readonly store: NotificationStore;
  readonly difficulty: Difficulty;
  readonly limit: RecipientLimit;
  /** Recipients this node announced as provider. */
  readonly provided: Set<string>;
  /** Hashes accepted here, until they expire: replays are refused even when a replica holds them. */
  readonly accepted: Map<string, number>;
  /** Accepted notifications waiting for their replica lookup, by hash. */
  readonly routing: Map<string, Notification>;
  /** The last replica lookup per recipient: the closest nodes and when they were found. */
  readonly placement: Map<string, { readonly closest: readonly NodeId[]; readonly at: number }>;
  readonly fetches: Map<string, Fetch>;
  /** Outstanding QUERY rid → fetch ref and peer. */
  readonly queries: Map<number, { readonly ref: string; readonly peer: NodeId }>;
  nextRid: number;
  readonly stats: NotifyStats;
}

// One instance per kind: the modelled crypto's signatures verify only under the same world secret.
const CRYPTO = { real: realCrypto(), modelled: modelledCrypto() } as const;

/** The node's signing key: the configured seed, or one derived from its id (simulation). */
function identity(cfg: NotifyConfig, self: NodeId): Uint8Array {
  return cfg.identity ? hexToBytes(cfg.identity) : sha256(utf8ToBytes(`meshtwin/notify/identity/${self}`));
}

/** Fresh state for node `self`, refilled from `restored` (expired notifications dropped). */
export function createState(cfg: NotifyConfig, self: NodeId, now: number, restored?: NotifyPersisted): NotifyState {
  const crypto = CRYPTO[cfg.crypto];
  const base = parseThreshold(cfg.baseDifficulty);
  const store = new NotificationStore(cfg.perRecipient);
  for (const n of restored?.notifications ?? []) if (n.timestamp + n.ttl > now) store.put(n);
  const refused = {
    malformed: 0,
    "bad-hash": 0,
    expired: 0,
    "bad-time": 0,
    "low-work": 0,
    "bad-signature": 0,
    duplicate: 0,
    stale: 0,
    "rate-limited": 0,
  };
  return {
    cfg,
    self,
    base,
    crypto,
    key: crypto.generateKeyPair("ed25519", identity(cfg, self)),
    store,
    difficulty: new Difficulty(base, cfg.targetRate, cfg.rateWindow, cfg.maxLevel),
    limit: new RecipientLimit(cfg.recipientLimit, cfg.recipientWindow),
    provided: new Set(restored?.provided ?? []),
    accepted: new Map(),
    routing: new Map(),
    placement: new Map(),
    fetches: new Map(),
    queries: new Map(),
    nextRid: 1,
    stats: { accepted: 0, refused, stored: 0, evicted: 0, expired: 0, repaired: 0, malformed: 0 },
  };
}

/** Collects the effects of one step; the machine turns them into the named actions of `runtime/effects.ts`. */
export class Out {
  readonly effects: { type: string; params: unknown }[] = [];
  send(to: NodeId, msg: WireMessage): void {
    this.effects.push({ type: "send", params: { to, msg } });
  }
  setTimer(key: string, ms: number, event: ActorEvent): void {
    this.effects.push({ type: "setTimer", params: { key, ms, event } });
  }
  cancelTimer(key: string): void {
    this.effects.push({ type: "cancelTimer", params: { key } });
  }
  tell(actor: string, event: ActorEvent): void {
    this.effects.push({ type: "tell", params: { actor, event } });
  }
  observe(type: string, data: unknown): void {
    this.effects.push({ type: "observe", params: { type, data } });
  }
}
