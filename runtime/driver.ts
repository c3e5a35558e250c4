/** Identifier of a node: `<group>-<index>` in the simulator, a configured name in production. */
export type NodeId = string;

/**
 * One message between two nodes' actors. `protocol` names the receiving actor
 * (`gossip`, `kad`, …); `payload` is the actor's wire message, a plain JSON-able object
 * with a string `type`. Real drivers encode it to bytes; the simulator passes it as is.
 */
export interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly protocol: string;
  readonly payload: WireMessage;
}

/** A message as actors exchange it. */
export interface WireMessage {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** What a driver can do, so hosts and actors can adapt (e.g. radio MTU, LAN broadcast). */
export interface DriverCapabilities {
  /** Largest payload in bytes the driver carries in one frame. */
  readonly mtu: number;
  /** True if `broadcast` reaches the local segment (LAN, radio range). */
  readonly broadcast: boolean;
  /** Relative cost of sending one message (1 = wired, higher = radio airtime, metered). */
  readonly cost: number;
}

/** Receives every envelope the driver delivers to this node, in delivery order. */
export type ReceiveHandler = (envelope: Envelope) => void;

/**
 * The one interface between a node and a network, simulated or real. `start` and `stop`
 * are idempotent; after `stop` resolves no handler is called again. A send to an
 * unreachable peer is not an error: the network may drop anything.
 */
export interface Driver {
  readonly capabilities: DriverCapabilities;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
  send(envelope: Envelope): void;
  /** Sends to every node in the local broadcast domain; absent when capabilities.broadcast is false. */
  broadcast?(envelope: Omit<Envelope, "to">): void;
  onReceive(handler: ReceiveHandler): void;
  /**
   * Envelopes the driver gave up on before they left (a request to a peer it cannot reach),
   * so the sender's actor can fail that request at once instead of waiting out a timeout.
   * Absent: the driver never says.
   */
  onUndeliverable?(handler: (envelope: Envelope) => void): void;
}
