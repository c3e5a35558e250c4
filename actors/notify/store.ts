import type { Notification } from "./notification.js";

/** What {@link NotificationStore.put} did. */
export interface PutResult {
  readonly stored: boolean;
  /** Hashes evicted to make room (least recently used first). */
  readonly evicted: readonly string[];
}

/**
 * Notifications by recipient, each recipient's kept in least-recently-used order (a Map
 * re-inserted on use: insertion order is recency order), at most `cap` per recipient.
 * "Use" is storing and serving a query: what a wallet still reads stays. Expired ones go
 * at `sweep`; queries never return them even before.
 */
export class NotificationStore {
  private readonly byRecipient = new Map<string, Map<string, Notification>>();
  private count = 0;

  constructor(readonly cap: number) {}

  get size(): number {
    return this.count;
  }

  has(recipient: string, hash: string): boolean {
    return this.byRecipient.get(recipient)?.has(hash) ?? false;
  }

  /** Recipients with stored notifications, sorted (a deterministic order for anti-entropy). */
  recipients(): string[] {
    return [...this.byRecipient.keys()].sort();
  }

  /** Stores `n` as the most recently used; a duplicate is only touched. */
  put(n: Notification): PutResult {
    let m = this.byRecipient.get(n.recipient);
    if (!m) this.byRecipient.set(n.recipient, (m = new Map()));
    if (m.has(n.hash)) {
      const old = m.get(n.hash)!;
      m.delete(n.hash);
      m.set(n.hash, old);
      return { stored: false, evicted: [] };
    }
    m.set(n.hash, n);
    this.count++;
    const evicted: string[] = [];
    for (const h of m.keys()) {
      if (m.size <= this.cap) break;
      m.delete(h);
      this.count--;
      evicted.push(h);
    }
    return { stored: true, evicted };
  }

  /** Hashes held for a recipient (unexpired at `now`), sorted. */
  hashes(recipient: string, now: number): string[] {
    const m = this.byRecipient.get(recipient);
    if (!m) return [];
    const out: string[] = [];
    for (const n of m.values()) if (n.timestamp + n.ttl > now) out.push(n.hash);
    return out.sort();
  }

  /** Notifications for `recipient` with `timestamp ≥ since`, unexpired, oldest first; each counts as used. */
  since(recipient: string, since: number, now: number): Notification[] {
    const m = this.byRecipient.get(recipient);
    if (!m) return [];
    const out = [...m.values()].filter((n) => n.timestamp >= since && n.timestamp + n.ttl > now);
    for (const n of out) {
      m.delete(n.hash);
      m.set(n.hash, n);
    }
    return out.sort((a, b) => a.timestamp - b.timestamp || (a.hash < b.hash ? -1 : 1));
  }

  /** The stored notifications with these hashes (those we have). */
  get(recipient: string, hashes: readonly string[]): Notification[] {
    const m = this.byRecipient.get(recipient);
    if (!m) return [];
    return hashes.flatMap((h) => (m.has(h) ? [m.get(h)!] : []));
  }

  /** Drops every notification expired at `now`; returns their hashes. */
  sweep(now: number): string[] {
    const gone: string[] = [];
    for (const [r, m] of this.byRecipient) {
      for (const [h, n] of m)
        if (n.timestamp + n.ttl <= now) {
          m.delete(h);
          gone.push(h);
        }
      if (m.size === 0) this.byRecipient.delete(r);
    }
    this.count -= gone.length;
    return gone;
  }

  /** Everything, recipient by recipient in LRU order (what a restart restores). */
  all(): Notification[] {
    return [...this.byRecipient.values()].flatMap((m) => [...m.values()]);
  }
}
