import type { Libp2p, PeerId, Stream } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import * as lp from "it-length-prefixed";

/** Libp2p protocol of the address lookup. */
export const ADDRESS_LOOKUP_PROTOCOL = "/meshtwin/addrs/1.0.0";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function firstFrame(stream: Stream, max: number): Promise<Uint8Array | undefined> {
  for await (const frame of lp.decode(stream, { maxDataLength: max })) return frame.subarray();
  return undefined;
}

/**
 * Actors learn peers by id only (peer exchange carries NodeIds, as in the simulator), but
 * TCP needs an address. Before dialling a peer whose addresses it does not know, the
 * driver asks the peers it is connected to: each answers from its own peer store, which
 * identify filled when they connected. One round trip, no DHT needed.
 */
export class AddressLookup {
  constructor(
    private readonly libp2p: Libp2p,
    private readonly timeoutMs: number,
  ) {}

  /** Answers lookups from connected peers. */
  async register(): Promise<void> {
    await this.libp2p.handle(ADDRESS_LOOKUP_PROTOCOL, (stream) => void this.answer(stream), { force: true });
  }

  /** True when the peer store already has an address for `peer`. */
  async known(peer: PeerId): Promise<boolean> {
    try {
      return (await this.libp2p.peerStore.get(peer)).addresses.length > 0;
    } catch {
      return false;
    }
  }

  /** Asks up to `ask` connected peers for `peer`'s addresses; merges the first answer into the peer store. */
  async resolve(peer: PeerId, ask = 3): Promise<boolean> {
    const target = peer.toString();
    const neighbours = [...new Set(this.libp2p.getConnections().map((c) => c.remotePeer.toString()))]
      .filter((p) => p !== target)
      .slice(0, ask);
    const answers = await Promise.all(neighbours.map((n) => this.ask(n, target)));
    const addrs = answers.find((a) => a.length > 0);
    if (!addrs) return false;
    await this.libp2p.peerStore.merge(peer, { multiaddrs: addrs.map((a) => multiaddr(a)) });
    return true;
  }

  private async ask(neighbour: string, target: string): Promise<string[]> {
    try {
      const signal = AbortSignal.timeout(this.timeoutMs);
      const stream = await this.libp2p.dialProtocol(peerIdFromString(neighbour), ADDRESS_LOOKUP_PROTOCOL, { signal });
      stream.send(lp.encode.single(encoder.encode(target)));
      const reply = await firstFrame(stream, 64 * 1024);
      await stream.close().catch(() => {});
      const parsed: unknown = reply ? JSON.parse(decoder.decode(reply)) : [];
      return Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === "string") : [];
    } catch {
      return []; // a neighbour that cannot answer is just not helpful
    }
  }

  private async answer(stream: Stream): Promise<void> {
    try {
      const req = await firstFrame(stream, 256);
      let addrs: string[] = [];
      if (req) {
        try {
          const peer = await this.libp2p.peerStore.get(peerIdFromString(decoder.decode(req)));
          addrs = peer.addresses.map((a) => a.multiaddr.toString());
        } catch {
          // unknown or malformed peer id: an empty answer
        }
      }
      stream.send(lp.encode.single(encoder.encode(JSON.stringify(addrs))));
      await stream.close();
    } catch (err) {
      stream.abort(err as Error);
    }
  }
}
