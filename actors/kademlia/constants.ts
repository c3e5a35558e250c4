/**
 * Kademlia parameters and their defaults. The numbers follow @libp2p/kad-dht where it
 * has one (k, α, record and provider lifetimes); timeouts are shorter because they
 * bound one request, not a whole dial-and-query.
 */

/** Bucket size and the number of closest peers a lookup returns. @default 20 */
export const K = 20;

/** Parallel requests in flight per lookup path. @default 3 */
export const ALPHA = 3;

/** Disjoint lookup paths (S/Kademlia); 1 is plain Kademlia. @default 1 */
export const DISJOINT_PATHS = 1;

/** Time a peer has to answer one request before it counts as failed. @default 2000 ms */
export const REQUEST_TIMEOUT_MS = 2_000;

/** Time the least-recently-seen contact has to answer the ping that decides its eviction. @default 1000 ms */
export const PING_TIMEOUT_MS = 1_000;

/** Upper bound on a whole operation (lookup and the store phase after it). @default 30 s */
export const OPERATION_TIMEOUT_MS = 30_000;

/** Age after which a stored value record is dropped (libp2p MAX_RECORD_AGE). @default 36 h */
export const RECORD_TTL_MS = 36 * 3600_000;

/** Age after which a provider record is dropped (libp2p PROVIDERS_VALIDITY). @default 48 h */
export const PROVIDER_TTL_MS = 48 * 3600_000;

/** How often a node re-announces the keys it provides (libp2p reprovide interval). @default 22 h */
export const PROVIDER_REPUBLISH_MS = 22 * 3600_000;

/** How often every non-empty bucket is refreshed with a lookup of a random key in it. @default 10 min */
export const REFRESH_INTERVAL_MS = 10 * 60_000;

/** How often expired records and providers are swept from memory. @default 1 h */
export const SWEEP_INTERVAL_MS = 3600_000;

/**
 * First repeat of the self-lookup after joining. Nodes that joined early saw a sparse
 * network; looking themselves up again once the others are in makes their near
 * neighbours learn of them (libp2p's initial self-query serves the same purpose). @default 10 s
 */
export const INITIAL_SELF_LOOKUP_MS = 10_000;

/** Period of the self-lookup after the first repeat (libp2p querySelfInterval). @default 5 min */
export const SELF_LOOKUP_INTERVAL_MS = 5 * 60_000;

/** Wait before a join that reached nobody is tried again through the bootstrap peers. @default 5 s */
export const JOIN_RETRY_MS = 5_000;

/** Entries of a light (client-mode) node's LRU peer cache. @default 100 */
export const PEER_CACHE_SIZE = 100;

/** Providers a findProviders operation waits for before it stops early. @default 20 */
export const MAX_PROVIDERS = 20;

/** Bits in a key: sha256 output. */
export const KEY_BITS = 256;
