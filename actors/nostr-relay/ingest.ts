import { EventIndex } from "./event-index.js";
import { expiresAt, kindClass, newestFirst, slotKey, supersedes, type NostrEvent } from "./event.js";
import type { RelayStore } from "./store.js";

/** Outcome of offering an event to the store. */
export interface Ingested {
  readonly ok: boolean;
  /** OK message (`duplicate: …`, `blocked: …`); "" for a plain accept. */
  readonly message: string;
  /** True when the event is new to subscribers (stored, or ephemeral). */
  readonly fresh: boolean;
  /** Ids removed by this event (replaced or deleted). */
  readonly removed: readonly string[];
}

/**
 * What happens to a valid event: NIP-01 storage rules (replaceable and addressable
 * slots, ephemeral never stored), NIP-09 deletion, NIP-40 expiration, storage cap and
 * retention. Every change goes to the index (the state) and the RelayStore (durability).
 */
export class Ingest {
  readonly index = new EventIndex();
  /** NIP-09: deleted event id → pubkeys that asked, so a late copy is refused. */
  private readonly deletedIds = new Map<string, Set<string>>();
  /** NIP-09: `kind:pubkey:d` → created_at of the newest deletion of that address. */
  private readonly deletedAddrs = new Map<string, number>();

  constructor(
    private readonly store: RelayStore,
    private readonly capBytes: number,
  ) {}

  /** Rebuilds state from stored events (no writes): deletions are re-read from kind-5 events. */
  load(events: readonly NostrEvent[]): void {
    // Oldest first, so every index list is appended to, never spliced (O(n) rather than O(n²)).
    const sorted = [...events].sort((a, b) => -newestFirst(a, b));
    for (const ev of sorted) this.index.add(ev, JSON.stringify(ev).length);
    for (const ev of events) if (ev.kind === 5) this.noteDeletion(ev);
  }

  private noteDeletion(del: NostrEvent): string[] {
    const removed: string[] = [];
    for (const t of del.tags) {
      if (t[0] === "e" && t[1]) {
        let who = this.deletedIds.get(t[1]);
        if (!who) this.deletedIds.set(t[1], (who = new Set()));
        who.add(del.pubkey);
        const target = this.index.get(t[1]);
        // Only the author may delete, and deleting a deletion has no effect (NIP-09).
        if (target && target.pubkey === del.pubkey && target.kind !== 5) removed.push(target.id);
      } else if (t[0] === "a" && t[1]) {
        const [kind, pubkey] = t[1].split(":");
        if (pubkey !== del.pubkey || kind === undefined) continue;
        this.deletedAddrs.set(t[1], Math.max(this.deletedAddrs.get(t[1]) ?? 0, del.created_at));
        const target = this.index.slot(t[1]) ?? this.index.slot(`${kind}:${pubkey}`);
        if (target && target.created_at <= del.created_at && target.kind !== 5) removed.push(target.id);
      }
    }
    return removed;
  }

  private isDeleted(ev: NostrEvent): boolean {
    if (this.deletedIds.get(ev.id)?.has(ev.pubkey)) return true;
    const slot = slotKey(ev);
    if (slot === undefined) return false;
    const addr = kindClass(ev.kind) === "addressable" ? slot : `${slot}:`;
    const at = this.deletedAddrs.get(addr) ?? this.deletedAddrs.get(slot);
    return at !== undefined && ev.created_at <= at;
  }

  private drop(id: string): void {
    if (this.index.remove(id)) this.store.remove(id);
  }

  /** Offers a valid (checked) event at unix time `nowSec`. */
  offer(ev: NostrEvent, nowSec: number): Ingested {
    const exp = expiresAt(ev);
    if (exp !== undefined && exp <= nowSec)
      return { ok: false, message: "invalid: event has expired", fresh: false, removed: [] };
    const cls = kindClass(ev.kind);
    if (cls === "ephemeral") return { ok: true, message: "", fresh: true, removed: [] };
    if (this.index.has(ev.id))
      return { ok: true, message: "duplicate: already have this event", fresh: false, removed: [] };
    if (this.isDeleted(ev)) return { ok: false, message: "blocked: deleted by its author", fresh: false, removed: [] };
    const removed: string[] = [];
    const slot = slotKey(ev);
    if (slot) {
      const old = this.index.slot(slot);
      if (old && !supersedes(ev, old))
        return { ok: true, message: "duplicate: a newer version is stored", fresh: false, removed: [] };
      if (old) removed.push(old.id);
    }
    if (ev.kind === 5) removed.push(...this.noteDeletion(ev));
    for (const id of removed) this.drop(id);
    const text = JSON.stringify(ev);
    this.index.add(ev, text.length);
    this.store.put(ev);
    removed.push(...this.enforceCap(ev.id));
    return { ok: true, message: "", fresh: true, removed };
  }

  /** Drops the oldest events while over the storage cap (never `keep`, the one just accepted). */
  private enforceCap(keep?: string): string[] {
    const out: string[] = [];
    while (this.index.bytes > this.capBytes) {
      const old = this.index.oldest();
      if (!old || old.id === keep) break;
      this.drop(old.id);
      out.push(old.id);
    }
    return out;
  }

  /** NIP-40 expiry and age retention (`retentionSec` 0: none). Returns the ids dropped. */
  sweep(nowSec: number, retentionSec: number): string[] {
    const out: string[] = [];
    for (const [id, exp] of [...this.index.expiring]) {
      if (exp <= nowSec) {
        this.drop(id);
        out.push(id);
      }
    }
    if (retentionSec > 0) {
      for (let old = this.index.oldest(); old && old.created_at < nowSec - retentionSec; old = this.index.oldest()) {
        this.drop(old.id);
        out.push(old.id);
      }
    }
    return out;
  }
}
