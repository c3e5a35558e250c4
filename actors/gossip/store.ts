import type { GossipItem } from "./messages.js";

/** FNV-1a 32-bit: a cheap, well-spread hash of an id, identical in every node. */
export function hash32(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The message store with an order-independent digest: the XOR of the ids' hashes per
 * bucket, updated incrementally on every insert, so a digest costs O(buckets) and two
 * stores with the same ids always agree whatever order they learned them in.
 */
export class Store {
  readonly items = new Map<string, GossipItem>();
  readonly sums: number[];
  private readonly ids: Set<string>[];

  constructor(readonly buckets: number) {
    this.sums = new Array<number>(buckets).fill(0);
    this.ids = Array.from({ length: buckets }, () => new Set<string>());
  }

  get size(): number {
    return this.items.size;
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  get(id: string): GossipItem | undefined {
    return this.items.get(id);
  }

  /** Adds `item`; false if the id was already stored. */
  add(item: GossipItem): boolean {
    if (this.items.has(item.id)) return false;
    this.items.set(item.id, item);
    const h = hash32(item.id);
    const b = h & (this.buckets - 1);
    this.sums[b] = (this.sums[b]! ^ h) >>> 0;
    this.ids[b]!.add(item.id);
    return true;
  }

  /** Buckets whose sum differs from `other` (a peer's digest). */
  differing(other: readonly number[]): number[] {
    const out: number[] = [];
    for (let b = 0; b < this.buckets; b++) if (this.sums[b] !== (other[b] ?? 0)) out.push(b);
    return out;
  }

  /** Ids stored in the given buckets. */
  idsIn(buckets: readonly number[]): string[] {
    const out: string[] = [];
    for (const b of buckets) {
      const set = this.ids[b];
      if (set) for (const id of set) out.push(id);
    }
    return out;
  }
}
