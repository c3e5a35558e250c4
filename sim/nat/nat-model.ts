import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";
import type { NetworkGate, GatePass } from "../network/sim-network.js";
import type { NatBehaviour } from "./behaviour.js";

/** One external port of a NAT device: who holds it and whom it has sent to. */
interface MappingEntry {
  readonly port: number;
  readonly internal: NodeId;
  readonly key: string;
  /** Last outbound packet: the mapping and its filter entries expire `timeout` after it. */
  lastOut: Millis;
  /** Destination address → last send, for address-dependent filtering. */
  readonly sentAddr: Map<string, Millis>;
  /** Destination `address:port` → last send, for address-and-port-dependent filtering. */
  readonly sentEp: Map<string, Millis>;
}

interface Device {
  readonly id: string;
  readonly behaviour: NatBehaviour;
  nextPort: number;
  readonly byKey: Map<string, MappingEntry>;
  readonly byPort: Map<number, MappingEntry>;
  /** Each inside node's mappings, oldest first: the first live one is its observed ("primary") port. */
  readonly byNode: Map<NodeId, MappingEntry[]>;
}

/** The source and destination ports of one message, fixed when it leaves the sender. */
interface Flow extends GatePass {
  readonly srcPort: number;
  readonly dstPort: number;
}

/** Why the NAT layer dropped messages. */
export interface NatStats {
  /** Arrived at a port with no live mapping (never opened, expired, or a symmetric NAT's other port). */
  noMapping: number;
  /** A mapping exists but its filter refused the sender. */
  filtered: number;
  /** Between two nodes behind the same device, with hairpinning off. */
  hairpin: number;
  /** Messages that crossed at least one NAT and were let through. */
  passed: number;
}

const PUBLIC: Flow = { srcPort: 0, dstPort: 0 };

/**
 * NAT devices per RFC 4787 for the simulated network. The simulator has no addresses or
 * ports, so they are modelled: a PUBLIC node's address is its id and it has one port (0);
 * a NAT device's address is `nat:<device>` and it hands out a fresh port per mapping. A
 * message from a NATed node opens (or refreshes) the mapping its mapping behaviour picks
 * and is seen by the receiver as coming from that device port; a message to a NATed node
 * is addressed to the port its sender last heard it from (replies find the open mapping),
 * or else to the node's primary port (its oldest live mapping: what an observer such as
 * its relay reports). It passes only if that port's mapping belongs to the node, is live,
 * and its filter admits the sender. Mappings expire `timeout` after their last outbound
 * packet; new ones get new ports, so a peer holding a stale port is dropped.
 */
export class NatModel implements NetworkGate {
  readonly stats: NatStats = { noMapping: 0, filtered: 0, hairpin: 0, passed: 0 };
  private readonly devices = new Map<string, Device>();
  private readonly deviceOf = new Map<NodeId, Device>();
  /** `receiver\0sender` → the sender's port as last seen by the receiver. */
  private readonly known = new Map<string, number>();

  /** Puts `node` behind device `deviceId` (created with `behaviour` on first use). */
  add(node: NodeId, deviceId: string, behaviour: NatBehaviour): void {
    if (this.deviceOf.has(node)) throw new Error(`node ${node} is behind a NAT already`);
    let d = this.devices.get(deviceId);
    if (!d) {
      d = { id: deviceId, behaviour, nextPort: 1024, byKey: new Map(), byPort: new Map(), byNode: new Map() };
      this.devices.set(deviceId, d);
    }
    this.deviceOf.set(node, d);
  }

  /** True if `node` sits behind a NAT. */
  isNatted(node: NodeId): boolean {
    return this.deviceOf.has(node);
  }

  /** The node's public address: its NAT device's, or its own id. */
  addressOf(node: NodeId): string {
    const d = this.deviceOf.get(node);
    return d ? `nat:${d.id}` : node;
  }

  /** Live mappings of a node (for tests and reports). */
  mappings(node: NodeId, now: Millis): { port: number; sentTo: string[] }[] {
    const d = this.deviceOf.get(node);
    if (!d) return [];
    return (d.byNode.get(node) ?? [])
      .filter((m) => this.live(d, m, now))
      .map((m) => ({ port: m.port, sentTo: [...m.sentEp.keys()] }));
  }

  outbound(from: NodeId, to: NodeId, now: Millis): GatePass | undefined {
    const src = this.deviceOf.get(from);
    const dst = this.deviceOf.get(to);
    if (src === undefined && dst === undefined) return PUBLIC;
    if (src !== undefined && src === dst && !src.behaviour.hairpin) {
      this.stats.hairpin++;
      return undefined;
    }
    const dstAddr = dst ? `nat:${dst.id}` : to;
    const dstPort = dst ? (this.known.get(`${from}\u0000${to}`) ?? this.primaryPort(dst, to, now)) : 0;
    if (!src) return { srcPort: 0, dstPort };
    const m = this.open(src, from, dstAddr, dstPort, now);
    return { srcPort: m.port, dstPort };
  }

  inbound(from: NodeId, to: NodeId, pass: GatePass, now: Millis): boolean {
    if (pass === PUBLIC) return true;
    const flow = pass as Flow;
    const dst = this.deviceOf.get(to);
    if (dst) {
      const m = dst.byPort.get(flow.dstPort);
      if (m === undefined || m.internal !== to || !this.live(dst, m, now)) {
        this.stats.noMapping++;
        return false;
      }
      if (!this.admits(dst, m, from, flow.srcPort, now)) {
        this.stats.filtered++;
        return false;
      }
    }
    // The receiver now answers the sender at the port it came from.
    if (flow.srcPort !== 0) this.known.set(`${to}\u0000${from}`, flow.srcPort);
    this.stats.passed++;
    return true;
  }

  private admits(d: Device, m: MappingEntry, from: NodeId, srcPort: number, now: Millis): boolean {
    const addr = this.addressOf(from);
    const t = d.behaviour.timeout;
    switch (d.behaviour.filtering) {
      case "endpoint-independent":
        return true;
      case "address-dependent": {
        const at = m.sentAddr.get(addr);
        return at !== undefined && now - at <= t;
      }
      case "address-and-port-dependent": {
        const at = m.sentEp.get(`${addr}:${srcPort}`);
        return at !== undefined && now - at <= t;
      }
    }
  }

  private live(d: Device, m: MappingEntry, now: Millis): boolean {
    if (now - m.lastOut <= d.behaviour.timeout) return true;
    this.expire(d, m);
    return false;
  }

  private expire(d: Device, m: MappingEntry): void {
    d.byKey.delete(m.key);
    d.byPort.delete(m.port);
    const list = d.byNode.get(m.internal);
    const i = list?.indexOf(m) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  }

  /** The mapping the device's mapping behaviour picks for this flow, created or refreshed. */
  private open(d: Device, from: NodeId, dstAddr: string, dstPort: number, now: Millis): MappingEntry {
    const mode = d.behaviour.mapping;
    const key =
      mode === "endpoint-independent"
        ? from
        : mode === "address-dependent"
          ? `${from}|${dstAddr}`
          : `${from}|${dstAddr}:${dstPort}`;
    let m = d.byKey.get(key);
    if (m !== undefined && !this.live(d, m, now)) m = undefined;
    if (m === undefined) {
      m = { port: d.nextPort++, internal: from, key, lastOut: now, sentAddr: new Map(), sentEp: new Map() };
      d.byKey.set(key, m);
      d.byPort.set(m.port, m);
      const list = d.byNode.get(from);
      if (list) list.push(m);
      else d.byNode.set(from, [m]);
    }
    m.lastOut = now;
    m.sentAddr.set(dstAddr, now);
    m.sentEp.set(`${dstAddr}:${dstPort}`, now);
    return m;
  }

  /** The node's oldest live mapping's port, or -1 (nothing is open: any dial fails). */
  private primaryPort(d: Device, node: NodeId, now: Millis): number {
    const list = d.byNode.get(node);
    while (list && list.length > 0) {
      const m = list[0]!;
      if (this.live(d, m, now)) return m.port;
    }
    return -1;
  }
}
