/** Defaults of the notification relay (the NanoNym relay seed's figures). */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Wire format version of a sealed notification. */
export const VERSION = 1;
/** How long a notification is kept: 90 days. */
export const TTL_MS = 90 * DAY;
/** Notifications kept per recipient; the least recently used is evicted beyond it. */
export const PER_RECIPIENT = 1000;
/** Nodes that store each notification: the XOR-closest to the recipient's key. */
export const REPLICAS = 3;
/**
 * The difficulty at rest: Nano's epoch-2 receive threshold (2^23 expected hashes, a few
 * seconds of one core here). Each load level halves the space of valid work.
 */
export const BASE_DIFFICULTY = "fffffe0000000000";
/** Load levels above the base: at most 2^6 × the base work. */
export const MAX_LEVEL = 6;
/** Notifications accepted per rate window before the difficulty doubles. */
export const TARGET_RATE = 600;
export const RATE_WINDOW_MS = HOUR;
/** Notifications one recipient may receive through one relay per recipient window. */
export const RECIPIENT_LIMIT = 60;
export const RECIPIENT_WINDOW_MS = HOUR;
/** Digest exchange with the other replicas of every recipient held. */
export const ANTI_ENTROPY_MS = 6 * HOUR;
/** Expired notifications are dropped this often. */
export const SWEEP_MS = HOUR;
/** A query to another relay, or a DHT operation we asked the kademlia actor for. */
export const REQUEST_TIMEOUT_MS = 10_000;
export const LOOKUP_TIMEOUT_MS = 60_000;
/** A recipient's replica set, once looked up, is reused this long. */
export const PLACEMENT_TTL_MS = 10 * 60_000;
/** How far in the future a timestamp may lie (clock skew). */
export const MAX_SKEW_MS = 10 * 60_000;
/** How old a new submission may be: time to compute work at the top level, with margin. */
export const MAX_AGE_MS = HOUR;
/** Largest encrypted payload accepted, in bytes (the inner message is ~100 B). */
export const MAX_PAYLOAD = 512;
/** Domain separation of the hash and the storing node's signature. */
export const HASH_DOMAIN = "meshtwin/notify/hash/1";
export const SIGN_DOMAIN = "meshtwin/notify/stored/1";
/** The DHT key under which a recipient's relays announce themselves. */
export const dhtKey = (recipient: string): string => `notify:${recipient}`;
