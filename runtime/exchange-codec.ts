import type { NodeId, WireMessage } from "./driver.js";

/** How an outgoing message travels in request–response mode. */
export type ExchangeKind =
  /** Opens a stream, writes the message, reads one reply; `rid` is put back on the reply. */
  | { readonly kind: "request"; readonly rid: number }
  /** Opens a stream, writes the message, closes it (kad-dht's ADD_PROVIDER). */
  | { readonly kind: "oneway" }
  /** Answers the request `rid` that arrived on a stream from the addressee. */
  | { readonly kind: "response"; readonly rid: number };

/** A peer named inside a message, with the addresses (multiaddr bytes) it travelled with. */
export interface PeerAddrs {
  readonly id: NodeId;
  readonly addrs: readonly Uint8Array[];
}

/**
 * The codec of a request–response protocol: one frame per request, one per reply, on a
 * fresh stream each time (the shape of `/ipfs/kad/1.0.0`). The wire format carries no
 * request id, so the driver pairs each reply with its request by stream and puts the
 * actor's id back on it: the actor never sees a stream. A contract between actors and drivers, implemented next to the actor
 * that speaks the format (e.g. `actors/kademlia/wire-exchange.ts`).
 */
export interface ExchangeCodec {
  classify(msg: WireMessage): ExchangeKind;
  /** Ids whose addresses the encoded message carries (closer peers, providers, the sender itself). */
  peersOf(msg: WireMessage, self: NodeId): readonly NodeId[];
  /** Encodes with the given addresses; `undefined` means "close the stream without a reply" (a refusal). */
  encode(msg: WireMessage, self: NodeId, addrs: ReadonlyMap<NodeId, readonly Uint8Array[]>): Uint8Array | undefined;
  /** Decodes a frame that opened a stream (`request`) or answered one; throws on malformed bytes. */
  decode(bytes: Uint8Array, role: "request" | "response"): { message: WireMessage; peers: readonly PeerAddrs[] };
  /** The message with its request id set (decoded frames carry none). */
  withRid(msg: WireMessage, rid: number): WireMessage;
  /**
   * A request from a peer that does not serve the protocol (identify says so: a kad-dht
   * client), marked as such so the actor answers it without adding the peer to its table.
   * @default the message unchanged
   */
  fromClient?(msg: WireMessage): WireMessage;
}
