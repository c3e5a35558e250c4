import type { Driver, DriverCapabilities, Envelope, ReceiveHandler } from "../../runtime/driver.js";

/** The network side a simulated driver talks to. */
export interface SimTransport {
  send(envelope: Envelope): void;
  broadcast(envelope: Omit<Envelope, "to">): void;
}

/**
 * A node-local router between the host and several media (sim/radio: IP plus radios).
 * It sends what the host sends, follows the driver's start and stop, and says whether the
 * node is on the IP network right now.
 */
export interface SimUplink extends SimTransport {
  start?(): void;
  stop?(): void;
  /** False while the node has no IP connectivity: the network then treats it as unreachable. @default true */
  ipUp?(): boolean;
}

/**
 * A node's Driver in the simulator. It holds no queue of its own: the network schedules
 * deliveries on the engine and asks `accepting` at delivery time, so a stopped node
 * receives nothing.
 */
export class SimDriver implements Driver {
  readonly capabilities: DriverCapabilities = { mtu: 65_536, broadcast: true, cost: 1 };
  private handler: ReceiveHandler | undefined;
  private started = false;
  private uplink: SimUplink | undefined;

  constructor(private readonly transport: SimTransport) {}

  /** Whether the node takes messages from the IP network now. */
  get accepting(): boolean {
    return this.started && (this.uplink?.ipUp?.() ?? true);
  }

  /** Routes this node's traffic through `make(ip)` instead of straight to the network; `ip` is the network side. */
  interpose(make: (ip: SimTransport) => SimUplink): void {
    this.uplink = make(this.transport);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.uplink?.start?.();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.uplink?.stop?.();
  }

  send(envelope: Envelope): void {
    if (this.started) (this.uplink ?? this.transport).send(envelope);
  }

  broadcast(envelope: Omit<Envelope, "to">): void {
    if (this.started) (this.uplink ?? this.transport).broadcast(envelope);
  }

  onReceive(handler: ReceiveHandler): void {
    this.handler = handler;
  }

  /** Called by the network when a message arrives. */
  deliver(envelope: Envelope): void {
    if (this.started) this.handler?.(envelope);
  }

  /** Called by another medium of an interposed router (a radio) when a message arrives over it. */
  deliverOther(envelope: Envelope): void {
    if (this.started) this.handler?.(envelope);
  }
}
