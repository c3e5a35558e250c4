import type { NodeId } from "../../runtime/driver.js";
import { compareDistance, type KadKey } from "./distance.js";

/** A peer as the DHT knows it: its node id and the Kademlia key derived from it. */
export interface Contact {
  readonly id: NodeId;
  readonly key: KadKey;
}

/**
 * Total order on contacts by distance to `target`; equal keys (only possible for the
 * same id, or colliding test ids) fall back to the id so sorting is deterministic.
 */
export function byDistance(target: KadKey): (a: Contact, b: Contact) => number {
  return (a, b) => compareDistance(a.key, b.key, target) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The `k` contacts closest to `target`, nearest first. One pass with a bounded sorted
 * array: most candidates are rejected by one comparison with the current k-th.
 */
export function closestK(target: KadKey, contacts: Iterable<Contact>, k: number, exclude?: NodeId): Contact[] {
  const cmp = byDistance(target);
  const best: Contact[] = [];
  if (k <= 0) return best;
  for (const c of contacts) {
    if (c.id === exclude) continue;
    if (best.length === k && cmp(c, best[k - 1]!) >= 0) continue;
    // Binary search for the insertion point keeps the array sorted.
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(best[mid]!, c) < 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, c);
    if (best.length > k) best.pop();
  }
  return best;
}
