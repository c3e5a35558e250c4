import type { NodeId } from "../../runtime/driver.js";
import type { Rng } from "../../runtime/rng.js";
import { closestK, type Contact } from "./closest.js";
import { bitAt, commonPrefixLength, type KadKey } from "./distance.js";

/**
 * A per-bucket cap on contacts that look alike, so one operator cannot fill a bucket
 * (S/Kademlia, and the per-IP limits of deployed DHTs). `prefix` groups contacts by the
 * `prefixBits` bits after the bucket's own prefix — honest keys spread evenly there,
 * ids ground to sit near one target do not; `group` groups by the node id's group
 * (`<group>-<index>` in the simulator, standing in for an IP range).
 */
export interface DiversityLimit {
  /** Most contacts of one group per bucket. */
  readonly max: number;
  /** @default "prefix" */
  readonly by?: "prefix" | "group";
  /** Bits after the bucket prefix that form a `prefix` group. @default 3 */
  readonly prefixBits?: number;
}

/** What {@link RoutingTable.update} did. `full` asks the caller to ping `lrs` before evicting it. */
export type UpdateResult =
  | { readonly kind: "added" | "updated" | "self" }
  | { readonly kind: "rejected"; readonly reason: "diversity" }
  | { readonly kind: "full"; readonly bucket: number; readonly lrs: Contact };

/** The group of a simulator id `<group>-<index>`; the whole id when it has no dash. */
export function idGroup(id: NodeId): string {
  const i = id.lastIndexOf("-");
  return i > 0 ? id.slice(0, i) : id;
}

/**
 * k-buckets indexed by the common-prefix length with our own key. Each bucket is
 * ordered least-recently-seen first; a full bucket never evicts on its own — the caller
 * pings the LRS contact and calls {@link replace} only if it does not answer, because
 * long-lived contacts are the most likely to stay (Kademlia §2.2).
 */
export class RoutingTable {
  private readonly buckets: Contact[][];
  private readonly index = new Map<NodeId, number>();

  constructor(
    readonly selfKey: KadKey,
    readonly k: number,
    private readonly diversity?: DiversityLimit,
  ) {
    this.buckets = Array.from({ length: selfKey.length * 8 }, () => []);
  }

  get size(): number {
    return this.index.size;
  }

  /** Bucket of a key: the number of leading bits it shares with ours. */
  bucketIndex(key: KadKey): number {
    return commonPrefixLength(this.selfKey, key);
  }

  has(id: NodeId): boolean {
    return this.index.has(id);
  }

  /** Contacts of one bucket, least-recently-seen first (a copy). */
  bucket(i: number): Contact[] {
    return (this.buckets[i] ?? []).slice();
  }

  /** Every contact, bucket by bucket. */
  *contacts(): IterableIterator<Contact> {
    for (const b of this.buckets) yield* b;
  }

  /** Indices of the buckets that hold at least one contact. */
  nonEmptyBuckets(): number[] {
    const out: number[] = [];
    this.buckets.forEach((b, i) => b.length > 0 && out.push(i));
    return out;
  }

  /** Records that we heard from `c`: moves it to the most-recently-seen end, or adds it if there is room. */
  update(c: Contact): UpdateResult {
    const i = this.bucketIndex(c.key);
    if (i >= this.buckets.length) return { kind: "self" };
    const bucket = this.buckets[i]!;
    if (this.index.has(c.id)) {
      const at = bucket.findIndex((x) => x.id === c.id);
      bucket.push(bucket.splice(at, 1)[0]!);
      return { kind: "updated" };
    }
    if (this.diversity && this.sameGroupCount(bucket, i, c) >= this.diversity.max) {
      return { kind: "rejected", reason: "diversity" };
    }
    if (bucket.length >= this.k) return { kind: "full", bucket: i, lrs: bucket[0]! };
    bucket.push(c);
    this.index.set(c.id, i);
    return { kind: "added" };
  }

  /** Evicts `oldId` (it failed its ping) and appends `c` in its place. */
  replace(oldId: NodeId, c: Contact): void {
    this.remove(oldId);
    this.update(c);
  }

  remove(id: NodeId): boolean {
    const i = this.index.get(id);
    if (i === undefined) return false;
    const bucket = this.buckets[i]!;
    bucket.splice(
      bucket.findIndex((x) => x.id === id),
      1,
    );
    this.index.delete(id);
    return true;
  }

  /**
   * The `n` known contacts closest to `target`, nearest first. Buckets are visited in
   * distance order instead of scanning the table: with c = cpl(self, target), bucket c
   * holds everything nearer than 2^(L-1-c), the deeper buckets share the next band,
   * and each shallower bucket i < c lies wholly in [2^(L-1-i), 2^(L-i)).
   */
  closest(target: KadKey, n: number, exclude?: NodeId): Contact[] {
    const c = this.bucketIndex(target);
    const out = c < this.buckets.length ? closestK(target, this.buckets[c]!, n, exclude) : [];
    if (out.length < n) {
      const deeper: Contact[] = [];
      for (let j = c + 1; j < this.buckets.length; j++) for (const x of this.buckets[j]!) deeper.push(x);
      for (const x of closestK(target, deeper, n - out.length, exclude)) out.push(x);
    }
    for (let i = Math.min(c, this.buckets.length) - 1; i >= 0 && out.length < n; i--) {
      const b = this.buckets[i]!;
      if (b.length === 0) continue;
      for (const x of closestK(target, b, n - out.length, exclude)) out.push(x);
    }
    return out;
  }

  /** A uniformly random key that falls in bucket `i` (for bucket refresh). */
  randomKeyInBucket(i: number, rng: Rng): KadKey {
    const key = this.selfKey.slice();
    const byte = i >> 3;
    const bit = 7 - (i & 7);
    // Keep our first i bits, flip bit i, randomize the rest.
    const keepMask = (0xff << (bit + 1)) & 0xff;
    key[byte] = (key[byte]! & keepMask) | (~key[byte]! & (1 << bit) & 0xff) | (rng.u32() & ((1 << bit) - 1));
    for (let j = byte + 1; j < key.length; j++) key[j] = rng.u32() & 0xff;
    return key;
  }

  private sameGroupCount(bucket: readonly Contact[], i: number, c: Contact): number {
    const d = this.diversity!;
    const groupOf =
      d.by === "group" ? (x: Contact) => idGroup(x.id) : (x: Contact) => prefixGroup(x.key, i + 1, d.prefixBits ?? 3);
    const g = groupOf(c);
    let n = 0;
    for (const x of bucket) if (groupOf(x) === g) n++;
    return n;
  }
}

/** The `bits` bits of `key` starting at bit `from`, as a string (missing bits read as 0). */
function prefixGroup(key: KadKey, from: number, bits: number): string {
  let g = "";
  for (let b = from; b < from + bits && b < key.length * 8; b++) g += bitAt(key, b);
  return g;
}
