import type { NodeId } from "../../runtime/driver.js";
import type { LinkParams } from "./link-params.js";

/** What the fault rules say about one message, and which rule said it. */
export type Verdict =
  | { readonly kind: "pass"; readonly degrade: Partial<LinkParams> | undefined }
  | { readonly kind: "drop"; readonly rule: string }
  | { readonly kind: "hold"; readonly rule: string };

/** One installed fault. Rules never change once installed, so a list of them is a record of a moment. */
export type FaultRule =
  /** Drops messages between different sides (only from side 0 to side 1 when `oneWay`); nodes on no side are unaffected. */
  | {
      readonly kind: "partition";
      readonly name: string;
      readonly sideOf: ReadonlyMap<NodeId, number>;
      readonly oneWay: boolean;
    }
  /** Queues messages between `a` and `b` (both ways) until released. */
  | { readonly kind: "hold"; readonly name: string; readonly a: ReadonlySet<NodeId>; readonly b: ReadonlySet<NodeId> }
  /** Overrides link parameters between `a` and `b` (both ways). */
  | {
      readonly kind: "degrade";
      readonly name: string;
      readonly a: ReadonlySet<NodeId>;
      readonly b: ReadonlySet<NodeId>;
      readonly params: Partial<LinkParams>;
    };

const between = (r: { a: ReadonlySet<NodeId>; b: ReadonlySet<NodeId> }, from: NodeId, to: NodeId): boolean =>
  (r.a.has(from) && r.b.has(to)) || (r.a.has(to) && r.b.has(from));

function cuts(r: Extract<FaultRule, { kind: "partition" }>, from: NodeId, to: NodeId): boolean {
  const sa = r.sideOf.get(from);
  const sb = r.sideOf.get(to);
  if (sa === undefined || sb === undefined || sa === sb) return false;
  return !r.oneWay || (sa === 0 && sb === 1);
}

/**
 * The fault state of the network as an ordered list of rules (turmoil's model): for a
 * message from `from` to `to`, the first partition or hold that matches decides (drop or
 * hold, naming itself); degrades that match merge their link parameters, later ones
 * winning. Verbs install and remove rules by name, so several partitions, one-way ones
 * and degrades of one link during another's partition coexist. The engine decides when.
 */
export class Faults {
  private list: readonly FaultRule[] = [];
  /** Unnamed holds and degrades accumulate, each its own rule (`hold#1`, `degrade#2`). */
  private unnamed = 0;

  /** The installed rules, oldest first. A new array after every change: keep it as a snapshot. */
  get rules(): readonly FaultRule[] {
    return this.list;
  }

  /** Installs a rule; a rule of the same kind and name is replaced in place. */
  install(rule: FaultRule): void {
    const i = this.list.findIndex((r) => r.kind === rule.kind && r.name === rule.name);
    this.list = i < 0 ? [...this.list, rule] : this.list.map((r, j) => (j === i ? rule : r));
  }

  /** Removes the rules of `kind` named `name` (every one of that kind when `name` is undefined); returns them. */
  remove(kind: FaultRule["kind"], name?: string): FaultRule[] {
    const gone = this.list.filter((r) => r.kind === kind && (name === undefined || r.name === name));
    if (gone.length) this.list = this.list.filter((r) => !gone.includes(r));
    return gone;
  }

  /** Installs a partition between `sides` (replacing one of the same name); `oneWay` cuts side 0 → side 1 only. */
  partition(sides: readonly (readonly NodeId[])[], options: { name?: string; oneWay?: boolean } = {}): void {
    const sideOf = new Map<NodeId, number>();
    sides.forEach((side, i) => side.forEach((id) => sideOf.set(id, i)));
    this.install({ kind: "partition", name: options.name ?? "partition", sideOf, oneWay: options.oneWay ?? false });
  }

  /** Removes the partition named `name`, or every partition. */
  heal(name?: string): void {
    this.remove("partition", name);
  }

  /** Queues messages between `a` and `b` (both ways) until {@link SimNetwork.release}. */
  hold(a: ReadonlySet<NodeId>, b: ReadonlySet<NodeId>, name = `hold#${++this.unnamed}`): string {
    this.install({ kind: "hold", name, a, b });
    return name;
  }

  /** Overrides link parameters between `a` and `b` (both ways) until restored. */
  degrade(
    a: ReadonlySet<NodeId>,
    b: ReadonlySet<NodeId>,
    params: Partial<LinkParams>,
    name = `degrade#${++this.unnamed}`,
  ): string {
    this.install({ kind: "degrade", name, a, b, params });
    return name;
  }

  /** Removes the degrade named `name`, or every degrade. */
  restore(name?: string): void {
    this.remove("degrade", name);
  }

  /** True if some installed hold still matches (for messages held until release). */
  holds(from: NodeId, to: NodeId): boolean {
    return this.list.some((r) => r.kind === "hold" && between(r, from, to));
  }

  verdict(from: NodeId, to: NodeId): Verdict {
    let degrade: Partial<LinkParams> | undefined;
    for (const r of this.list) {
      if (r.kind === "partition") {
        if (cuts(r, from, to)) return { kind: "drop", rule: r.name };
      } else if (r.kind === "hold") {
        if (between(r, from, to)) return { kind: "hold", rule: r.name };
      } else if (between(r, from, to)) degrade = { ...degrade, ...r.params };
    }
    return { kind: "pass", degrade };
  }
}

/** True if a message from `from` to `to` would be cut by a partition among `rules` (a snapshot). */
export function partitioned(rules: readonly FaultRule[], from: NodeId, to: NodeId): boolean {
  return rules.some((r) => r.kind === "partition" && cuts(r, from, to));
}
