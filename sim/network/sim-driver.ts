import type { Driver, DriverCapabilities, Envelope, ReceiveHandler } from "../../runtime/driver.js";

/** The network side a simulated driver talks to. */
export interface SimTransport {
  send(envelope: Envelope): void;
  broadcast(envelope: Omit<Envelope, "to">): void;
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

  constructor(private readonly transport: SimTransport) {}

  get accepting(): boolean {
    return this.started;
  }

  start(): void {
    this.started = true;
  }

  stop(): void {
    this.started = false;
  }

  send(envelope: Envelope): void {
    if (this.started) this.transport.send(envelope);
  }

  broadcast(envelope: Omit<Envelope, "to">): void {
    if (this.started) this.transport.broadcast(envelope);
  }

  onReceive(handler: ReceiveHandler): void {
    this.handler = handler;
  }

  /** Called by the network when a message arrives. */
  deliver(envelope: Envelope): void {
    if (this.started) this.handler?.(envelope);
  }
}
