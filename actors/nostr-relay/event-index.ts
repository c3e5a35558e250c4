import { expiresAt, newestFirst, slotKey, type NostrEvent } from "./event.js";
import { matches, type Filter } from "./filter.js";

/** Ascending (oldest first, ties by id descending), so the newest are appended and read from the end. */
const ascending = (a: NostrEvent, b: NostrEvent): number => -newestFirst(a, b);

/** Index of the first element not below `ev` in an ascending list. */
function lowerBound(list: readonly NostrEvent[], ev: NostrEvent): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ascending(list[mid]!, ev) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: NostrEvent[], ev: NostrEvent): void {
  const last = list[list.length - 1];
  if (!last || ascending(last, ev) < 0) list.push(ev);
  else list.splice(lowerBound(list, ev), 0, ev);
}

function removeSorted(list: NostrEvent[], ev: NostrEvent): void {
  const i = lowerBound(list, ev);
  if (list[i] === ev) list.splice(i, 1);
}

function addTo<K>(map: Map<K, NostrEvent[]>, key: K, ev: NostrEvent): void {
  const list = map.get(key);
  if (list) insertSorted(list, ev);
  else map.set(key, [ev]);
}

function removeFrom<K>(map: Map<K, NostrEvent[]>, key: K, ev: NostrEvent): void {
  const list = map.get(key);
  if (!list) return;
  removeSorted(list, ev);
  if (list.length === 0) map.delete(key);
}

/** Single-letter tag index keys of an event (`e:<id>`), deduplicated. */
function tagKeys(ev: NostrEvent): Set<string> {
  const keys = new Set<string>();
  for (const t of ev.tags) if (t[0] && t[0].length === 1 && t[1] !== undefined) keys.add(`${t[0]}:${t[1]}`);
  return keys;
}

/**
 * The relay's stored events, in memory, with the indexes NIP-01 queries need: by id,
 * author, kind, single-letter tag and replaceable slot, each list kept in time order so a
 * `limit` query reads only the newest matches. Durability is the store's job (RelayStore);
 * this is the state the actor decides with.
 */
export class EventIndex {
  private readonly byId = new Map<string, NostrEvent>();
  private readonly all: NostrEvent[] = [];
  private readonly byAuthor = new Map<string, NostrEvent[]>();
  private readonly byKind = new Map<number, NostrEvent[]>();
  private readonly byTag = new Map<string, NostrEvent[]>();
  private readonly slots = new Map<string, NostrEvent>();
  private readonly sizes = new Map<string, number>();
  /** Events with a NIP-40 expiration, by id → unix time. */
  readonly expiring = new Map<string, number>();
  /** Bytes of the stored events' JSON. */
  bytes = 0;

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): NostrEvent | undefined {
    return this.byId.get(id);
  }

  /** The event occupying a replaceable/addressable slot. */
  slot(key: string): NostrEvent | undefined {
    return this.slots.get(key);
  }

  /** Oldest first (for retention). */
  oldest(): NostrEvent | undefined {
    return this.all[0];
  }

  /** Every event, oldest first. */
  values(): readonly NostrEvent[] {
    return this.all;
  }

  add(ev: NostrEvent, size: number): void {
    if (this.byId.has(ev.id)) return;
    this.byId.set(ev.id, ev);
    this.sizes.set(ev.id, size);
    this.bytes += size;
    insertSorted(this.all, ev);
    addTo(this.byAuthor, ev.pubkey, ev);
    addTo(this.byKind, ev.kind, ev);
    for (const k of tagKeys(ev)) addTo(this.byTag, k, ev);
    const slot = slotKey(ev);
    if (slot) this.slots.set(slot, ev);
    const exp = expiresAt(ev);
    if (exp !== undefined) this.expiring.set(ev.id, exp);
  }

  remove(id: string): NostrEvent | undefined {
    const ev = this.byId.get(id);
    if (!ev) return undefined;
    this.byId.delete(id);
    this.bytes -= this.sizes.get(id) ?? 0;
    this.sizes.delete(id);
    removeSorted(this.all, ev);
    removeFrom(this.byAuthor, ev.pubkey, ev);
    removeFrom(this.byKind, ev.kind, ev);
    for (const k of tagKeys(ev)) removeFrom(this.byTag, k, ev);
    const slot = slotKey(ev);
    if (slot && this.slots.get(slot) === ev) this.slots.delete(slot);
    this.expiring.delete(id);
    return ev;
  }

  /** The smallest set of index lists that together hold every match of `f`. */
  private sources(f: Filter): readonly (readonly NostrEvent[])[] {
    let best: (readonly NostrEvent[])[] = [this.all];
    let bestSize = this.all.length;
    const consider = (lists: (readonly NostrEvent[])[]): void => {
      const size = lists.reduce((n, l) => n + l.length, 0);
      if (size < bestSize) {
        best = lists;
        bestSize = size;
      }
    };
    // Only the lists that exist: a key with no events adds nothing (and none at all means no match).
    const pick = <K>(map: Map<K, NostrEvent[]>, keys: readonly K[]): NostrEvent[][] =>
      keys.flatMap((k) => {
        const list = map.get(k);
        return list ? [list] : [];
      });
    if (f.authors) consider(pick(this.byAuthor, [...new Set(f.authors)]));
    if (f.kinds) consider(pick(this.byKind, [...new Set(f.kinds)]));
    if (f.tags)
      for (const [name, values] of f.tags)
        consider(
          pick(
            this.byTag,
            [...values].map((v) => `${name}:${v}`),
          ),
        );
    return best;
  }

  /**
   * Matches of one filter, newest first, at most `limit` (NIP-01: the limit applies to
   * this initial query only). Expired events (NIP-40) are not returned.
   */
  query(f: Filter, limit: number, nowSec: number): NostrEvent[] {
    if (limit <= 0 || f.unsupported) return [];
    const live = (ev: NostrEvent): boolean => {
      const exp = this.expiring.get(ev.id);
      return (exp === undefined || exp > nowSec) && matches(f, ev);
    };
    if (f.ids) {
      const out: NostrEvent[] = [];
      for (const id of new Set(f.ids)) {
        const ev = this.byId.get(id);
        if (ev && live(ev)) out.push(ev);
      }
      return out.sort(newestFirst).slice(0, limit);
    }
    const lists = this.sources(f);
    const out: NostrEvent[] = [];
    for (const list of lists) {
      let taken = 0;
      for (let i = list.length - 1; i >= 0 && taken < limit; i--) {
        const ev = list[i]!;
        if (f.since !== undefined && ev.created_at < f.since) break; // older from here on
        if (live(ev)) {
          out.push(ev);
          taken++;
        }
      }
    }
    if (lists.length === 1) return out;
    const seen = new Set<string>();
    return out
      .sort(newestFirst)
      .filter((ev) => (seen.has(ev.id) ? false : (seen.add(ev.id), true)))
      .slice(0, limit);
  }
}
