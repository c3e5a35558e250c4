import type { NodeId } from "../../runtime/driver.js";
import type { LinkParams } from "./link-params.js";

/** What the fault rules say about one message. */
export type Verdict =
  | { readonly kind: "pass"; readonly degrade: Partial<LinkParams> | undefined }
  | { readonly kind: "drop"; readonly reason: "partition" }
  | { readonly kind: "hold" };

interface PairRule {
  readonly a: ReadonlySet<NodeId>;
  readonly b: ReadonlySet<NodeId>;
}

const inPair = (r: PairRule, from: NodeId, to: NodeId): boolean =>
  (r.a.has(from) && r.b.has(to)) || (r.a.has(to) && r.b.has(from));

/**
 * The fault state of the network as ordered rules (turmoil's pass / hold / drop):
 * a partition drops messages between its sides, a hold queues them until release,
 * a degrade overrides link parameters. The engine decides when faults change.
 */
export class Faults {
  /** Side index per node while a partition is active; nodes on no side are unaffected. */
  private sideMap: Map<NodeId, number> | undefined;
  private holds: PairRule[] = [];
  private degrades: (PairRule & { readonly params: Partial<LinkParams> })[] = [];

  partition(sides: readonly (readonly NodeId[])[]): void {
    const map = new Map<NodeId, number>();
    sides.forEach((side, i) => {
      for (const id of side) map.set(id, i);
    });
    this.sideMap = map;
  }

  heal(): void {
    this.sideMap = undefined;
  }

  /**
   * The side of each node in the active partition, undefined when none is. Each partition
   * gets a new map that is never changed, so it can be kept as a record of the moment.
   */
  get sides(): ReadonlyMap<NodeId, number> | undefined {
    return this.sideMap;
  }

  hold(a: ReadonlySet<NodeId>, b: ReadonlySet<NodeId>): void {
    this.holds.push({ a, b });
  }

  /** Removes every hold; the caller delivers what was held. */
  release(): void {
    this.holds = [];
  }

  degrade(a: ReadonlySet<NodeId>, b: ReadonlySet<NodeId>, params: Partial<LinkParams>): void {
    this.degrades.push({ a, b, params });
  }

  restore(): void {
    this.degrades = [];
  }

  verdict(from: NodeId, to: NodeId): Verdict {
    if (this.sideMap !== undefined) {
      const sa = this.sideMap.get(from);
      const sb = this.sideMap.get(to);
      if (sa !== undefined && sb !== undefined && sa !== sb) return { kind: "drop", reason: "partition" };
    }
    for (const h of this.holds) if (inPair(h, from, to)) return { kind: "hold" };
    let degrade: Partial<LinkParams> | undefined;
    for (const d of this.degrades) if (inPair(d, from, to)) degrade = { ...degrade, ...d.params };
    return { kind: "pass", degrade };
  }
}
