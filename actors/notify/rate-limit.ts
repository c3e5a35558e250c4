/**
 * Per-recipient rate limit: at most `limit` notifications for one recipient in any
 * `window` ms (a sliding log of acceptance times per recipient, at most `limit` long).
 * A flood aimed at one wallet is refused before it costs storage or replication.
 */
export class RecipientLimit {
  private readonly recent = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly window: number,
  ) {}

  private live(recipient: string, now: number): number[] {
    const times = this.recent.get(recipient) ?? [];
    let i = 0;
    while (i < times.length && times[i]! <= now - this.window) i++;
    return i > 0 ? times.slice(i) : times;
  }

  /** True when one more notification for `recipient` fits now. */
  allows(recipient: string, now: number): boolean {
    return this.live(recipient, now).length < this.limit;
  }

  record(recipient: string, now: number): void {
    const times = this.live(recipient, now);
    times.push(now);
    this.recent.set(recipient, times);
  }

  /** Forgets recipients with nothing in the window (called by the sweep). */
  sweep(now: number): void {
    for (const [r] of this.recent) {
      const times = this.live(r, now);
      if (times.length === 0) this.recent.delete(r);
      else this.recent.set(r, times);
    }
  }
}
