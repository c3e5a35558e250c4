import * as Schema from "effect/Schema";
import { Count, Duration, Interval, Natural, withDefault } from "../params.js";
import * as C from "./constants.js";

/** A u64 threshold as 16 hex digits, as Nano writes them (`fffffe0000000000`). */
export const U64Hex = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{16}$/i, {
    message: (i) =>
      `expected a 64-bit threshold as 16 hex digits such as fffffe0000000000, got ${JSON.stringify(i.actual)}`,
  }),
);

/** 32 bytes as 64 hex digits (a key or a seed). */
export const Hex32 = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{64}$/i, {
    message: (i) => `expected 32 bytes as 64 hex digits, got ${JSON.stringify(i.actual)}`,
  }),
);

/**
 * Parameters of the `notify` relay actor, as written under `protocols: notify:` in a
 * scenario group or a node config. Every default is the seed's figure (`constants.ts`).
 */
export const NotifyParams = Schema.Struct({
  /** Longest lifetime a notification may ask for. @default 90d */
  maxTtl: withDefault(Interval, C.TTL_MS),
  /** Notifications kept per recipient, least recently used evicted first. @default 1000 */
  perRecipient: withDefault(Count, C.PER_RECIPIENT),
  /** Nodes storing each notification (XOR-closest to the recipient). @default 3 */
  replicas: withDefault(Count, C.REPLICAS),
  /** Work threshold at rest, and what replicas and wallets require. @default fffffe0000000000 */
  baseDifficulty: withDefault(U64Hex, C.BASE_DIFFICULTY),
  /** Highest load level: the work needed doubles per level. @default 6 */
  maxLevel: withDefault(Natural, C.MAX_LEVEL),
  /** Accepted notifications per `rateWindow` for each level. @default 600 */
  targetRate: withDefault(Count, C.TARGET_RATE),
  /** @default 1h */
  rateWindow: withDefault(Interval, C.RATE_WINDOW_MS),
  /** Notifications per recipient per `recipientWindow` this relay accepts. @default 60 */
  recipientLimit: withDefault(Count, C.RECIPIENT_LIMIT),
  /** @default 1h */
  recipientWindow: withDefault(Interval, C.RECIPIENT_WINDOW_MS),
  /** Digest exchange with co-replicas. @default 6h */
  antiEntropyInterval: withDefault(Interval, C.ANTI_ENTROPY_MS),
  /** @default 1h */
  sweepInterval: withDefault(Interval, C.SWEEP_MS),
  /** @default 10s */
  requestTimeout: withDefault(Interval, C.REQUEST_TIMEOUT_MS),
  /**
   * How long a recipient's replica lookup is reused for new notifications: a flood to one
   * recipient costs one DHT lookup per interval, not one per notification. @default 10m
   */
  placementTtl: withDefault(Duration, C.PLACEMENT_TTL_MS),
  /** Wait for a DHT answer from the kademlia actor. @default 60s */
  lookupTimeout: withDefault(Interval, C.LOOKUP_TIMEOUT_MS),
  /** How far in the future a timestamp may lie. @default 10m */
  maxSkew: withDefault(Duration, C.MAX_SKEW_MS),
  /** How old a new submission may be (replays of older ones are refused). @default 1h */
  maxAge: withDefault(Interval, C.MAX_AGE_MS),
  /**
   * Ed25519 seed of the node's signing identity. The production node passes its own key;
   * absent, it is derived from the node id (deterministic, for simulation only). @default derived
   */
  identity: Schema.optional(Hex32),
  /**
   * Signatures with the real Ed25519, or (simulation) the modelled crypto: the same
   * accept/refuse behaviour at a fraction of the CPU (`runtime/crypto/modelled.ts`). @default "real"
   */
  crypto: withDefault(Schema.Literal("real", "modelled"), "real"),
});

/** Decoded parameters (every default applied). */
export type NotifyConfig = typeof NotifyParams.Type;
/** Parameters as written in a file. */
export type NotifyInit = typeof NotifyParams.Encoded;
