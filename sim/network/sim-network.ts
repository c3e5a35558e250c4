import type { Envelope, NodeId } from "../../runtime/driver.js";
import type { Rng } from "../../runtime/rng.js";
import type { Engine } from "../engine.js";
import { Faults } from "./faults.js";
import type { LinkParams, LinkTable } from "./link-params.js";
import { SimDriver } from "./sim-driver.js";

/** Where a node sits in the network. */
export interface NetworkNode {
  readonly id: NodeId;
  readonly group: string;
  /** Local broadcast domain (LAN segment). */
  readonly segment: string;
}

/** What happened to messages, for reports. */
export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  partitioned: number;
  /** Sent to, or arriving at, a node that was down. */
  unreachable: number;
  held: number;
  bytes: number;
}

/** What a {@link NetworkGate} decided when a message left its sender (e.g. the ports it uses). */
export type GatePass = object;

/**
 * An optional per-message admission model (the NAT layer, `sim/nat/`): `outbound` runs
 * when a message leaves its sender (it may open mappings) and returns undefined to drop
 * it; `inbound` runs when it arrives and returns false to drop it. Absent, the network
 * does no extra work per message.
 */
export interface NetworkGate {
  outbound(from: NodeId, to: NodeId, now: number): GatePass | undefined;
  inbound(from: NodeId, to: NodeId, pass: GatePass, now: number): boolean;
}

interface Attached {
  readonly node: NetworkNode;
  readonly driver: SimDriver;
  readonly index: number;
  /** Per receiver index: when this sender's link is busy until (bandwidth) and its last arrival (order). */
  readonly links: Map<number, { busyUntil: number; lastArrival: number }>;
}

/**
 * The simulated network: per-link latency (base + seeded jitter), loss and bandwidth
 * from a {@link LinkTable}, fault rules from {@link Faults}. It has no clock of its own:
 * every delivery is an event on the engine.
 */
export class SimNetwork {
  readonly faults = new Faults();
  readonly stats: NetworkStats = { sent: 0, delivered: 0, lost: 0, partitioned: 0, unreachable: 0, held: 0, bytes: 0 };
  private readonly nodes = new Map<NodeId, Attached>();
  private readonly segments = new Map<string, NodeId[]>();
  private held: Envelope[] = [];
  /** Logs why a message did not arrive (`net.drop`) or waits (`net.hold`); set by the world. */
  onDrop: ((env: Envelope, reason: string, rule?: string) => void) | undefined;
  onHold: ((env: Envelope, rule: string) => void) | undefined;
  /** Set by the NAT layer before the run; see {@link NetworkGate}. */
  gate: NetworkGate | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly rng: Rng,
    private readonly table: LinkTable,
  ) {}

  /** Adds a node and returns its driver. */
  attach(node: NetworkNode): SimDriver {
    if (this.nodes.has(node.id)) throw new Error(`node ${node.id} is attached twice`);
    const driver = new SimDriver({
      send: (env) => this.send(env),
      broadcast: (env) => this.broadcast(env),
    });
    this.nodes.set(node.id, { node, driver, index: this.nodes.size, links: new Map() });
    const seg = this.segments.get(node.segment);
    if (seg) seg.push(node.id);
    else this.segments.set(node.segment, [node.id]);
    return driver;
  }

  /** The driver of an attached node (to interpose a router, see SimDriver.interpose). */
  driver(id: NodeId): SimDriver | undefined {
    return this.nodes.get(id)?.driver;
  }

  node(id: NodeId): NetworkNode | undefined {
    return this.nodes.get(id)?.node;
  }

  isUp(id: NodeId): boolean {
    return this.nodes.get(id)?.driver.accepting ?? false;
  }

  /**
   * Removes the hold named `name` (every hold when undefined) and sends on, with their
   * link delay, the held messages no remaining hold matches.
   */
  release(name?: string): void {
    this.faults.remove("hold", name);
    const held = this.held;
    this.held = [];
    for (const env of held) {
      if (this.faults.holds(env.from, env.to)) this.held.push(env);
      else this.route(env, true);
    }
  }

  private send(env: Envelope): void {
    this.stats.sent++;
    this.route(env);
  }

  private broadcast(env: Omit<Envelope, "to">): void {
    const from = this.nodes.get(env.from);
    if (!from) return;
    for (const to of this.segments.get(from.node.segment) ?? []) {
      if (to === env.from) continue;
      this.stats.sent++;
      this.route({ ...env, to });
    }
  }

  private route(env: Envelope, released = false): void {
    const src = this.nodes.get(env.from);
    const dst = this.nodes.get(env.to);
    if (!src || !dst || !dst.driver.accepting) {
      this.stats.unreachable++;
      this.onDrop?.(env, "down");
      return;
    }
    const verdict = this.faults.verdict(env.from, env.to);
    if (verdict.kind === "drop") {
      this.stats.partitioned++;
      this.onDrop?.(env, "partition", verdict.rule);
      return;
    }
    if (verdict.kind === "hold") {
      this.stats.held++;
      this.held.push(env);
      if (!released) this.onHold?.(env, verdict.rule);
      return;
    }
    const base = this.table.params(src.node.group, dst.node.group);
    const p: LinkParams = verdict.degrade ? { ...base, ...verdict.degrade } : base;
    // A NAT gate (sim/nat) sees the message at the sender before the link can lose it,
    // and again at the receiver's NAT on arrival.
    const gate = this.gate;
    const pass = gate?.outbound(env.from, env.to, this.engine.now);
    if (gate !== undefined && pass === undefined) {
      this.onDrop?.(env, "nat");
      return;
    }
    if (p.loss > 0 && this.rng.float() < p.loss) {
      this.stats.lost++;
      this.onDrop?.(env, "loss");
      return;
    }
    this.engine.at(this.arrivalTime(env, src, dst, p), () => {
      if (!dst.driver.accepting) {
        this.stats.unreachable++;
        this.onDrop?.(env, "down");
        return;
      }
      if (gate !== undefined && !gate.inbound(env.from, env.to, pass!, this.engine.now)) {
        this.onDrop?.(env, "nat");
        return;
      }
      this.stats.delivered++;
      dst.driver.deliver(env);
    });
  }

  private arrivalTime(env: Envelope, src: Attached, dst: Attached, p: LinkParams): number {
    const now = this.engine.now;
    const jitter = p.jitter > 0 ? this.rng.float() * p.jitter : 0;
    // Microsecond resolution keeps traces short and times exact across machines.
    let arrival = Math.round((now + p.latency + jitter) * 1000) / 1000;
    const needsLinkState = p.bandwidth !== Infinity || (p.ordered && p.jitter > 0);
    if (!needsLinkState) return arrival;
    let link = src.links.get(dst.index);
    if (!link) {
      link = { busyUntil: 0, lastArrival: 0 };
      src.links.set(dst.index, link);
    }
    if (p.bandwidth !== Infinity) {
      const bytes = JSON.stringify(env.payload).length;
      this.stats.bytes += bytes;
      const start = Math.max(now, link.busyUntil);
      const txMs = (bytes * 8 * 1000) / p.bandwidth;
      link.busyUntil = start + txMs;
      arrival = Math.round((link.busyUntil + p.latency + jitter) * 1000) / 1000;
    }
    if (p.ordered) arrival = Math.max(arrival, link.lastArrival);
    link.lastArrival = arrival;
    return arrival;
  }
}
