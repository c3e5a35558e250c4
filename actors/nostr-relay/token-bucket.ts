import type { Bucket } from "./params.js";

/**
 * A token bucket on the actor's clock: `burst` tokens at most, refilled at `perSecond`.
 * Lets a quiet client send a burst, then holds it to the sustained rate.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly spec: Bucket,
    now: number,
  ) {
    this.tokens = spec.burst;
    this.at = now;
  }

  /** Takes one token at time `now` (ms); false when the bucket is empty. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.at);
    this.at = Math.max(this.at, now);
    this.tokens = Math.min(this.spec.burst, this.tokens + (elapsed * this.spec.perSecond) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Buckets by key (pubkey), created full on first use; at most `max` kept (oldest forgotten first). */
export class BucketMap {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly spec: Bucket,
    private readonly max = 100_000,
  ) {}

  take(key: string, now: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.max) this.buckets.delete(this.buckets.keys().next().value!);
      b = new TokenBucket(this.spec, now);
      this.buckets.set(key, b);
    }
    return b.take(now);
  }
}
