import * as Schema from "effect/Schema";
import { Interval, withDefault } from "../params.js";
import { REGIONS } from "./regions.js";

const DAY = 86_400_000;

/** A region name: one of the five backbone regions. */
export const RegionName = Schema.Literal(...REGIONS);

/** Hex of exactly `bytes` bytes. */
const HexBytes = (bytes: number) =>
  Schema.String.pipe(
    Schema.pattern(new RegExp(`^[0-9a-fA-F]{${2 * bytes}}$`), {
      message: (i) => `expected ${bytes} bytes as ${2 * bytes} hex characters, got ${JSON.stringify(i.actual)}`,
    }),
  );

/** One entry of the backbone roster: nodes (a group or node names in the simulator, a peer id in production) and their region. */
export const RosterEntry = Schema.Struct({
  nodes: Schema.String,
  region: RegionName,
  /** The node's Ed25519 token public key (hex), as `meshtwin keygen` prints it. @default derived from `keySalt` (simulator) */
  tokenKey: Schema.optional(HexBytes(32)),
});

/**
 * Parameters of the `auth` actor (`protocols: { auth: … }`). A `backbone` node answers
 * challenges and issues session tokens; any other node authenticates to the backbone of
 * its region at start and renews before its token expires.
 */
export const AuthParams = Schema.Struct({
  /** The node's region. */
  region: RegionName,
  /** Every backbone node with its region: where light nodes authenticate, whose tokens backbone nodes honour. @default [] */
  backbone: withDefault(Schema.Array(RosterEntry), []),
  /** What the session is for: bound into the challenge signature (ML-DSA context) and the token. @default "backbone-session" */
  purpose: withDefault(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)), "backbone-session"),
  /** Lifetime of an issued token. @default 24h */
  tokenLifetime: withDefault(Interval, DAY),
  /**
   * Where a token this backbone node issues is honoured: `all` regions (the backbone is one
   * DHT, and a light node's iterative lookup reaches backbone nodes everywhere), or only the
   * issuer's region and its `neighbours` (a far region then refuses it with `region`; lookups
   * that must cross it need recursive lookups through the home backbone, not built). @default "all"
   */
  tokenRegions: withDefault(Schema.Literal("all", "neighbours"), "all"),
  /** A light node renews this long before its token expires. @default 1h */
  renewBefore: withDefault(Interval, 3_600_000),
  /** A challenge must be answered within this. @default 30s */
  challengeTimeout: withDefault(Interval, 30_000),
  /** A light node gives up on one backbone node after this and asks the next. @default 3s */
  requestTimeout: withDefault(Interval, 3_000),
  /** Pause after a refusal, or after every backbone node was tried, before trying again. @default 10s */
  retry: withDefault(Interval, 10_000),
  /** A light node provides its own id on the backbone's DHT after its first session, so peers can find it. @default true */
  announce: withDefault(Schema.Boolean, true),
  /**
   * `real`: ML-DSA-87 and Ed25519 from @noble (production, tests). `modelled`: the simulator's
   * cheap crypto with the same accept/refuse behaviour, whose CPU cost (measured here, see
   * `runtime/crypto/modelled.ts`) delays the answer on the node's virtual clock. @default "real"
   */
  crypto: withDefault(Schema.Literal("real", "modelled"), "real"),
  /** The node's 32-byte key seed (hex); production fills it from the key file. @default derived from `keySalt`, else the node's Rng */
  key: Schema.optional(HexBytes(32)),
  /** Simulator: keys are derived from this and the node id, so a roster can name token keys without key files. */
  keySalt: Schema.optional(Schema.String),
});

export type AuthParams = typeof AuthParams.Type;
