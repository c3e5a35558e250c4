import type { Driver, Envelope, NodeId, ReceiveHandler } from "../../../runtime/driver.js";
import type { Rng } from "../../../runtime/rng.js";
import type { ManualClock } from "./manual-clock.js";

/**
 * A tiny in-test network: every link has `latency` ± `jitter` ms, broadcast reaches the
 * sender's segment, and a partition drops everything between its sides (at send and at
 * delivery, so messages in flight when it starts are lost too).
 */
export class TestNetwork {
  private readonly drivers = new Map<NodeId, TestDriver>();
  private side = new Map<NodeId, number>();
  /** Messages delivered and dropped, for assertions on cost. */
  delivered = 0;
  dropped = 0;

  constructor(
    readonly clock: ManualClock,
    private readonly rng: Rng,
    private readonly latency = 20,
    private readonly jitter = 10,
  ) {}

  driver(id: NodeId, segment: string): TestDriver {
    const d = new TestDriver(this, id, segment);
    this.drivers.set(id, d);
    return d;
  }

  /** Splits the network: each list is one side; nodes in no list are cut off from all. */
  partition(...sides: readonly (readonly NodeId[])[]): void {
    this.side = new Map();
    sides.forEach((ids, i) => ids.forEach((id) => this.side.set(id, i)));
  }

  heal(): void {
    this.side = new Map();
  }

  reachable(a: NodeId, b: NodeId): boolean {
    if (this.side.size === 0) return true;
    const sa = this.side.get(a);
    return sa !== undefined && sa === this.side.get(b);
  }

  transmit(envelope: Envelope): void {
    const target = this.drivers.get(envelope.to);
    if (!target || !this.reachable(envelope.from, envelope.to)) {
      this.dropped++;
      return;
    }
    const delay = this.latency + (this.jitter > 0 ? this.rng.int(this.jitter + 1) : 0);
    this.clock.setTimer(delay, () => {
      if (!this.reachable(envelope.from, envelope.to) || !target.deliver(envelope)) this.dropped++;
      else this.delivered++;
    });
  }

  broadcastFrom(from: TestDriver, envelope: Omit<Envelope, "to">): void {
    for (const d of this.drivers.values()) {
      if (d !== from && d.segment === from.segment) this.transmit({ ...envelope, to: d.id });
    }
  }
}

/** The driver of one node on a {@link TestNetwork}. */
export class TestDriver implements Driver {
  readonly capabilities = { mtu: 65536, broadcast: true, cost: 1 };
  private handler: ReceiveHandler | undefined;
  private up = false;

  constructor(
    private readonly net: TestNetwork,
    readonly id: NodeId,
    readonly segment: string,
  ) {}

  start(): void {
    this.up = true;
  }

  stop(): void {
    this.up = false;
  }

  send(envelope: Envelope): void {
    if (this.up) this.net.transmit(envelope);
  }

  broadcast(envelope: Omit<Envelope, "to">): void {
    if (this.up) this.net.broadcastFrom(this, envelope);
  }

  onReceive(handler: ReceiveHandler): void {
    this.handler = handler;
  }

  /** Hands an envelope to the node; false if it is down. */
  deliver(envelope: Envelope): boolean {
    if (!this.up || !this.handler) return false;
    this.handler(envelope);
    return true;
  }
}
