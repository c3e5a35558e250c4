import type { NodeId, WireMessage } from "../../runtime/driver.js";
import { Message, type PeerInfo } from "./dht.js";
import { bytesToKey } from "./key-bytes.js";
import type { KadMessage } from "./messages.js";
import { decode, encode } from "./wire.js";

/** The libp2p protocol id of the public IPFS DHT; a private network uses another prefix. */
export const KAD_PROTOCOL_ID = "/ipfs/kad/1.0.0";

/**
 * The protocol id for a DHT prefix, as go-libp2p's `ProtocolPrefix` and js kad-dht's
 * `protocol` option spell it: `/myapp` gives `/myapp/kad/1.0.0`. Nodes with different
 * prefixes never talk, which is how a private DHT stays apart from the public one.
 * @param prefix @default "/ipfs"
 */
export function kadProtocolId(prefix = "/ipfs"): string {
  if (!/^(\/[a-z0-9._-]+)+$/i.test(prefix))
    throw new Error(`kad protocol prefix must look like /name, got '${prefix}'`);
  return `${prefix}/kad/1.0.0`;
}

/** A peer named in a frame, with the multiaddr bytes it came with. */
export interface KadPeerAddrs {
  readonly id: NodeId;
  readonly addrs: readonly Uint8Array[];
}

const withAddrs = (list: readonly PeerInfo[], addrs: ReadonlyMap<NodeId, readonly Uint8Array[]>): PeerInfo[] =>
  list.map((p) => ({ ...p, multiaddrs: (addrs.get(bytesToKey(p.id)) ?? []).map((a) => new Uint8Array(a)) }));

/**
 * The kademlia actor's messages as kad-dht request–response frames (the driver's
 * `ExchangeCodec`, matched structurally so this folder stays free of drivers). It adds
 * what `wire.ts` leaves out for stock nodes: the multiaddrs of every peer a frame names
 * (a stock node dials only peers whose addresses it was given, and keeps a provider only
 * if the ADD_PROVIDER names its addresses), and the request id the stream replaces.
 */
export const kadExchangeCodec = {
  classify(msg: WireMessage) {
    if (msg.type.endsWith("_RESPONSE")) return { kind: "response", rid: msg.rid as number } as const;
    // Unanswered in libp2p: the stream is closed after the one frame.
    if (msg.type === "ADD_PROVIDER") return { kind: "oneway" } as const;
    return { kind: "request", rid: msg.rid as number } as const;
  },

  peersOf(msg: WireMessage, self: NodeId): readonly NodeId[] {
    const m = msg as unknown as KadMessage;
    if (m.type === "ADD_PROVIDER") return [self];
    return [...("closer" in m ? m.closer : []), ...("providers" in m ? m.providers : [])];
  },

  encode(msg: WireMessage, self: NodeId, addrs: ReadonlyMap<NodeId, readonly Uint8Array[]>): Uint8Array | undefined {
    const m = msg as unknown as KadMessage;
    // libp2p refuses a put by closing the stream; an echo would read as stored.
    if (m.type === "PUT_VALUE_RESPONSE" && !m.ok) return undefined;
    const plain = Message.decode(encode(m, self));
    return Message.encode({
      ...plain,
      closer: withAddrs(plain.closer, addrs),
      providers: withAddrs(plain.providers, addrs),
    });
  },

  decode(bytes: Uint8Array, role: "request" | "response"): { message: WireMessage; peers: KadPeerAddrs[] } {
    const r = decode(bytes, role);
    if (!r.ok) throw new TypeError(r.error.reason);
    // Decoded once more for the addresses; `decode` already proved the frame sound.
    const m = Message.decode(bytes);
    const peers = [...m.closer, ...m.providers].map((p) => ({ id: bytesToKey(p.id), addrs: p.multiaddrs }));
    return { message: r.message as unknown as WireMessage, peers };
  },

  withRid(msg: WireMessage, rid: number): WireMessage {
    return { ...msg, rid };
  },

  /** libp2p tells a client-mode peer by identify (it does not serve the protocol); the actor by `client`. */
  fromClient(msg: WireMessage): WireMessage {
    return { ...msg, client: true };
  },
};
