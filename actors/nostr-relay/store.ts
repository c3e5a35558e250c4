import type { NostrEvent } from "./event.js";

/**
 * Where a relay's accepted events go to survive a restart. The actor calls these
 * synchronously as it decides; an implementation queues the write (level in production,
 * IndexedDB in a browser, nothing in the simulator, whose disk is the actor's persisted
 * context) and its host must not release an `OK true` before the write is durable.
 * On start the host passes what the store holds as the actor's `restored` events.
 */
export interface RelayStore {
  put(event: NostrEvent): void;
  remove(id: string): void;
}

/** A store that keeps nothing: the simulator (state persists through `persist`) and tests. */
export const memoryOnly: RelayStore = { put: () => {}, remove: () => {} };
