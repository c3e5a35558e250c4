import type { NodeId } from "../../runtime/driver.js";
import { closestK, type Contact } from "./closest.js";

/**
 * A light node's peer cache: at most `capacity` contacts, least recently used evicted
 * first. A Map iterates in insertion order, so re-inserting on use keeps LRU order
 * without a separate list.
 */
export class PeerCache {
  private readonly entries = new Map<NodeId, Contact>();

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`peer cache capacity must be ≥ 1, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The contact for `id`, marking it used; undefined on a miss. */
  get(id: NodeId): Contact | undefined {
    const c = this.entries.get(id);
    if (c) {
      this.entries.delete(id);
      this.entries.set(id, c);
    }
    return c;
  }

  has(id: NodeId): boolean {
    return this.entries.has(id);
  }

  /** Adds or refreshes `c`; evicts the least recently used entry when full. */
  put(c: Contact): void {
    this.entries.delete(c.id);
    this.entries.set(c.id, c);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  remove(id: NodeId): void {
    this.entries.delete(id);
  }

  /** Ids from least to most recently used. */
  ids(): NodeId[] {
    return [...this.entries.keys()];
  }

  closest(target: Uint8Array, n: number, exclude?: NodeId): Contact[] {
    return closestK(target, this.entries.values(), n, exclude);
  }
}
