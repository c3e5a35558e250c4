import * as Schema from "effect/Schema";
import { Count, Duration, Interval, NodeRefs, withDefault } from "../params.js";
import { NostrClientParams } from "./client/params.js";

const Hex64 = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{64}$/, { message: () => "expected 64 lowercase hex characters (a Nostr public key)" }),
);

const Rate = Schema.Number.pipe(
  Schema.positive({ message: (i) => `expected a rate above 0 per second, got ${JSON.stringify(i.actual)}` }),
);

/** A token bucket: `perSecond` sustained, `burst` at once. */
export const Bucket = Schema.Struct({
  /** Tokens added per second. */
  perSecond: Rate,
  /** Bucket size: how many may come at once after a quiet spell. */
  burst: Count,
});
export type Bucket = Schema.Schema.Type<typeof Bucket>;

/** One team member: what it may do on a team relay. */
export const TeamMember = Schema.Struct({
  pubkey: Hex64,
  /** A name for people; not used by the relay. */
  name: Schema.optional(Schema.String),
  /** May REQ / COUNT / sync. @default true */
  read: withDefault(Schema.Boolean, true),
  /** May publish EVENTs (as connection and as event author). @default true */
  write: withDefault(Schema.Boolean, true),
  /** A peer relay of the team: exempt from rate limits (it pushes whole sync rounds). @default false */
  relay: withDefault(Schema.Boolean, false),
});
export type TeamMember = Schema.Schema.Type<typeof TeamMember>;

/** A team file: the relay serves only these keys, after NIP-42 AUTH. */
export const Team = Schema.Struct({
  name: withDefault(Schema.String, "team"),
  members: Schema.Array(TeamMember),
});
export type Team = Schema.Schema.Type<typeof Team>;

/**
 * Parameters of the `nostr-relay` actor (under `protocols: { nostr-relay: … }` and in
 * `meshtwin relay`). Every bound lives here; the actor's `Init` is `Schema.Type` of this.
 */
export const NostrRelayParams = Schema.Struct({
  /** NIP-11 name. @default "meshtwin relay" */
  name: withDefault(Schema.String, "meshtwin relay"),
  /** NIP-11 description. @default "" */
  description: withDefault(Schema.String, ""),
  /** The relay's own URL, checked against the `relay` tag of NIP-42 AUTH events ("" accepts any). @default "" */
  url: withDefault(Schema.String, ""),
  /** Open connections at once; more are refused. @default 1024 */
  maxConnections: withDefault(Count, 1024),
  /** Largest client frame in bytes (NIP-11 `max_message_length`). @default 65536 */
  maxMessageBytes: withDefault(Count, 65536),
  /** Open subscriptions per connection. @default 64 */
  maxSubscriptions: withDefault(Count, 64),
  /** Filters per REQ. @default 16 */
  maxFilters: withDefault(Count, 16),
  /** Largest `limit` honoured (NIP-11 `max_limit`). @default 5000 */
  maxLimit: withDefault(Count, 5000),
  /** `limit` of a filter without one (NIP-11 `default_limit`). @default 500 */
  defaultLimit: withDefault(Count, 500),
  /** Stored events' size cap in MB; the oldest go first beyond it. @default 1024 */
  storageMb: withDefault(Count, 1024),
  /** Events older than this (by created_at) are dropped; 0 keeps them forever. @default 0 */
  retention: withDefault(Duration, 0),
  /** EVENTs per connection. @default {perSecond: 50, burst: 200} */
  connectionRate: withDefault(Bucket, { perSecond: 50, burst: 200 }),
  /** EVENTs per author pubkey. @default {perSecond: 20, burst: 100} */
  pubkeyRate: withDefault(Bucket, { perSecond: 20, burst: 100 }),
  /** REQ / COUNT / NEG-OPEN per connection. @default {perSecond: 20, burst: 100} */
  reqRate: withDefault(Bucket, { perSecond: 20, burst: 100 }),
  /** Require NIP-42 AUTH before anything (implied by `team`). @default false */
  authRequired: withDefault(Schema.Boolean, false),
  /** Team-only relay: members and their rights. @default none (open relay) */
  team: Schema.optional(Team),
  /** Peer relays kept in sync by NIP-77 negentropy (node ids, groups or ws:// URLs). @default [] */
  peers: withDefault(NodeRefs, []),
  /** Public keys of peer relays (after NIP-42 AUTH): exempt from rate limits, as a sync round pushes many events. @default [] */
  peerKeys: withDefault(Schema.Array(Hex64), []),
  /** Period of negentropy sync with each peer. @default 60s */
  syncInterval: withDefault(Interval, 60_000),
  /** Period of the NIP-40 expiration and retention sweep. @default 10s */
  sweepInterval: withDefault(Interval, 10_000),
  /** NIP-77 frame size limit in bytes (≥ 4096, nostr-tools' minimum). @default 60000 */
  negFrameLimit: withDefault(Count.pipe(Schema.greaterThanOrEqualTo(4096)), 60_000),
  /**
   * Signatures: `bip340` (Nostr's) or `modelled` (simulator only: a hash, deterministic and
   * cheap, forgeable; see crypto.ts). Every node of a simulated world must use the same. @default "bip340"
   */
  signatures: withDefault(Schema.Literal("bip340", "modelled"), "bip340"),
  /** Serve as a relay (accept client connections). False for a node that is only a client. @default true */
  serve: withDefault(Schema.Boolean, true),
  /** The node's client role: relays it uses for its own messages. @default none */
  client: Schema.optional(NostrClientParams),
  /** Secret key (hex) the relay signs AUTH with towards its peers; default (simulator only): derived from the node id. */
  secretKey: Schema.optional(Hex64),
});

/** Decoded parameters: what the actor runs with. */
export type NostrRelayInit = Schema.Schema.Type<typeof NostrRelayParams>;
