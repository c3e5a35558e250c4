import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import type { EventLog } from "../../runtime/event-log.js";

/** One relay node's load over a run. */
export interface RelayLoad {
  readonly node: NodeId;
  slots: number;
  /** Reservations held now, and at most at any moment. */
  reservations: number;
  peak: number;
  /** Messages it forwarded (`hop` to the next relay or `stop` to the destination). */
  forwarded: number;
}

/** A reservation a relay's crash took away, and when the client held a new one. */
export interface LostReservation {
  readonly client: NodeId;
  readonly relay: NodeId;
  readonly at: Millis;
  renewedAt: Millis | undefined;
  /** The client itself went down before renewing: not judged. */
  clientDown: boolean;
}

/**
 * NAT facts gathered from the log while the run goes: each node's reachability and
 * current relay (its peer record), relay loads, acknowledgements, and reservations lost
 * to relay crashes. Reads only observations and sends, like the visualizer.
 */
export class NatObserver {
  readonly status = new Map<NodeId, string>();
  readonly relayOf = new Map<NodeId, NodeId>();
  readonly loads = new Map<NodeId, RelayLoad>();
  /** Message id → path it was acknowledged over. */
  readonly acked = new Map<string, string>();
  readonly lost: LostReservation[] = [];
  private readonly open = new Map<NodeId, LostReservation[]>();

  constructor(log: EventLog) {
    log.entries$.subscribe((e) => {
      switch (e.type) {
        case "reachability.status":
          this.status.set(e.node, (e.data as { status: string }).status);
          break;
        case "relay.reserved": {
          const relay = (e.data as { relay: NodeId }).relay;
          this.relayOf.set(e.node, relay);
          for (const l of this.open.get(e.node) ?? []) l.renewedAt ??= e.at;
          this.open.delete(e.node);
          break;
        }
        case "relay.lost":
          this.relayOf.delete(e.node);
          break;
        case "relay.reservations": {
          const { count, slots } = e.data as { count: number; slots: number };
          const l = this.load(e.node);
          l.slots = slots;
          l.reservations = count;
          if (count > l.peak) l.peak = count;
          break;
        }
        case "relay.serving":
          this.load(e.node).slots = (e.data as { slots: number }).slots;
          break;
        case "relay.send": {
          // A `hop` with an empty route is a sender's own first hop, not forwarding.
          const msg = (e.data as { msg: { type: string; route?: unknown[] } }).msg;
          if (msg.type === "stop" || (msg.type === "hop" && (msg.route?.length ?? 0) > 0))
            this.load(e.node).forwarded++;
          break;
        }
        case "holepunch.acked": {
          const { id, path } = e.data as { id: string; path: string };
          this.acked.set(id, path);
          break;
        }
        case "node.crash":
          this.crashed(e.node, e.at);
          break;
      }
    });
  }

  /** A relay went down: every client holding a slot on it must find another. */
  private crashed(node: NodeId, at: Millis): void {
    for (const l of this.open.get(node) ?? []) l.clientDown = true;
    this.open.delete(node);
    this.status.delete(node);
    this.relayOf.delete(node);
    const load = this.loads.get(node);
    if (load) load.reservations = 0;
    for (const [client, relay] of this.relayOf) {
      if (relay !== node) continue;
      const l: LostReservation = { client, relay, at, renewedAt: undefined, clientDown: false };
      this.lost.push(l);
      const list = this.open.get(client);
      if (list) list.push(l);
      else this.open.set(client, [l]);
    }
  }

  private load(node: NodeId): RelayLoad {
    let l = this.loads.get(node);
    if (!l) this.loads.set(node, (l = { node, slots: 0, reservations: 0, peak: 0, forwarded: 0 }));
    return l;
  }

  /** The peer record of `node` now: directly dialable if public, and its relayed address. */
  record(node: NodeId): { direct: boolean; relays: NodeId[] } {
    const relay = this.relayOf.get(node);
    return { direct: this.status.get(node) === "public", relays: relay ? [relay] : [] };
  }
}
