import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";

/** A value stored under a key, as it travels in PUT_VALUE / GET_VALUE. */
export interface ValueRecord {
  readonly value: string;
  /** When the author published it (its clock); newer wins when two records compete. */
  readonly published: Millis;
}

/**
 * Decides whether a record may be stored or returned (libp2p's validators: e.g. a `/pk/`
 * key must hash to the key it is stored under). Throwing counts as invalid.
 */
export type RecordValidator = (key: string, record: ValueRecord) => boolean;

/** Accepts every record. */
export const acceptAll: RecordValidator = () => true;

/** Runs a validator; a validator that throws rejects the record rather than crashing the actor. */
export function isValid(validate: RecordValidator, key: string, record: ValueRecord): boolean {
  try {
    return validate(key, record);
  } catch {
    return false;
  }
}

interface Stored extends ValueRecord {
  readonly received: Millis;
}

/** Value records with a validation hook and a time-to-live counted from when we received them. */
export class RecordStore {
  private readonly records = new Map<string, Stored>();

  constructor(
    private readonly ttlMs: Millis,
    private readonly validate: RecordValidator = acceptAll,
  ) {}

  get size(): number {
    return this.records.size;
  }

  /** Stores `record` if it is valid and not older than what we hold; returns whether it was kept. */
  put(key: string, record: ValueRecord, now: Millis): boolean {
    if (!isValid(this.validate, key, record)) return false;
    const old = this.get(key, now);
    if (old && old.published > record.published) return false;
    this.records.set(key, { value: record.value, published: record.published, received: now });
    return true;
  }

  /** The live record under `key`; expired ones are dropped on the way. */
  get(key: string, now: Millis): ValueRecord | undefined {
    const r = this.records.get(key);
    if (!r) return undefined;
    if (now - r.received >= this.ttlMs) {
      this.records.delete(key);
      return undefined;
    }
    return { value: r.value, published: r.published };
  }

  /** Drops every expired record; returns how many. */
  sweep(now: Millis): number {
    let n = 0;
    for (const [key, r] of this.records) {
      if (now - r.received >= this.ttlMs) {
        this.records.delete(key);
        n++;
      }
    }
    return n;
  }
}

/** Who provides which key, each entry expiring `ttlMs` after its last announcement. */
export class ProviderStore {
  private readonly byKey = new Map<string, Map<NodeId, Millis>>();

  constructor(private readonly ttlMs: Millis) {}

  /** Records (or renews) that `provider` has `key`. */
  add(key: string, provider: NodeId, now: Millis): void {
    let m = this.byKey.get(key);
    if (!m) this.byKey.set(key, (m = new Map()));
    // Re-insert so the map stays in announcement order, newest last.
    m.delete(provider);
    m.set(provider, now);
  }

  /** Live providers of `key`, most recently announced first, at most `limit`. */
  get(key: string, now: Millis, limit: number): NodeId[] {
    const m = this.byKey.get(key);
    if (!m) return [];
    const out: NodeId[] = [];
    for (const [p, at] of m) {
      if (now - at >= this.ttlMs) m.delete(p);
      else out.push(p);
    }
    if (m.size === 0) this.byKey.delete(key);
    return out.reverse().slice(0, limit);
  }

  get keys(): number {
    return this.byKey.size;
  }

  /** Drops expired entries; returns how many. */
  sweep(now: Millis): number {
    let n = 0;
    for (const [key, m] of this.byKey) {
      for (const [p, at] of m) {
        if (now - at >= this.ttlMs) {
          m.delete(p);
          n++;
        }
      }
      if (m.size === 0) this.byKey.delete(key);
    }
    return n;
  }
}
