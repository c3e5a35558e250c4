import type { Millis } from "../../runtime/clock.js";

/** How one directed link behaves. */
export interface LinkParams {
  /** One-way propagation delay. @default 20 */
  readonly latency: Millis;
  /** Extra delay drawn uniformly from [0, jitter) per message. @default 0 */
  readonly jitter: Millis;
  /** Probability a message is lost, in [0, 1]. @default 0 */
  readonly loss: number;
  /** Bits per second a sender can put on this link; Infinity = no serialization delay. @default Infinity */
  readonly bandwidth: number;
  /** Deliver in send order per (sender, receiver), as over TCP. @default true */
  readonly ordered: boolean;
}

export const defaultLinkParams: LinkParams = { latency: 20, jitter: 0, loss: 0, bandwidth: Infinity, ordered: true };

/** A rule of the network model: parameters for messages between two sets of groups (both directions). */
export interface LinkRule {
  readonly between: readonly [readonly string[], readonly string[]];
  readonly params: Partial<LinkParams>;
}

/**
 * Link parameters per pair of node groups: the default, then every matching rule in
 * order (later rules override earlier ones field by field). Resolved once per pair.
 */
export class LinkTable {
  private readonly cache = new Map<string, LinkParams>();

  constructor(
    private readonly base: LinkParams,
    private readonly rules: readonly LinkRule[],
  ) {}

  params(fromGroup: string, toGroup: string): LinkParams {
    const key = `${fromGroup}\u0000${toGroup}`;
    let p = this.cache.get(key);
    if (p === undefined) {
      p = this.rules.reduce<LinkParams>(
        (acc, rule) => (matches(rule, fromGroup, toGroup) ? { ...acc, ...rule.params } : acc),
        this.base,
      );
      this.cache.set(key, p);
    }
    return p;
  }
}

function matches(rule: LinkRule, a: string, b: string): boolean {
  const [x, y] = rule.between;
  return (x.includes(a) && y.includes(b)) || (x.includes(b) && y.includes(a));
}
