import type { Millis } from "../runtime/clock.js";
import type { NodeId } from "../runtime/driver.js";
import type { EventLog } from "../runtime/event-log.js";
import type { FaultRule } from "./network/faults.js";

/** A published gossip message and what the network looked like at that moment. */
export interface Publication {
  readonly id: string;
  readonly origin: NodeId;
  readonly at: Millis;
  /** The network's fault rules at publish time (a snapshot: rule lists are never changed in place). */
  readonly faults: readonly FaultRule[];
}

/**
 * Facts gathered from the event log while a run goes: publications, first deliveries,
 * each node's latest view and discovery mode, and when nodes were down. Expectations
 * are judged from these, so they judge what the log says, as the visualizer shows it.
 */
export class Observations {
  readonly publications = new Map<string, Publication>();
  /** Message id → node → time of first receipt. */
  readonly deliveries = new Map<string, Map<NodeId, Millis>>();
  readonly views = new Map<NodeId, readonly NodeId[]>();
  readonly modes = new Map<NodeId, string>();
  /** Node → [down-from, down-until) intervals; an open one has until = Infinity. */
  readonly downtime = new Map<NodeId, [Millis, Millis][]>();

  constructor(
    log: EventLog,
    private readonly currentFaults: () => readonly FaultRule[],
  ) {
    log.entries$.subscribe((e) => {
      switch (e.type) {
        case "gossip.published": {
          const { id } = e.data as { id: string };
          this.publications.set(id, { id, origin: e.node, at: e.at, faults: this.currentFaults() });
          this.firstDelivery(id, e.node, e.at);
          break;
        }
        case "gossip.delivered":
          this.firstDelivery((e.data as { id: string }).id, e.node, e.at);
          break;
        case "membership.view":
          this.views.set(e.node, (e.data as { peers: NodeId[] }).peers);
          break;
        case "discovery.mode":
          this.modes.set(e.node, (e.data as { mode: string }).mode);
          break;
        case "node.crash": {
          const list = this.downtime.get(e.node) ?? [];
          list.push([e.at, Infinity]);
          this.downtime.set(e.node, list);
          this.views.delete(e.node);
          break;
        }
        case "node.restart": {
          const last = this.downtime.get(e.node)?.at(-1);
          if (last && last[1] === Infinity) last[1] = e.at;
          break;
        }
      }
    });
  }

  aliveAt(node: NodeId, at: Millis): boolean {
    const list = this.downtime.get(node);
    return !list || !list.some(([from, until]) => at >= from && at < until);
  }

  private firstDelivery(id: string, node: NodeId, at: Millis): void {
    let m = this.deliveries.get(id);
    if (!m) {
      m = new Map();
      this.deliveries.set(id, m);
    }
    if (!m.has(node)) m.set(node, at);
  }
}
