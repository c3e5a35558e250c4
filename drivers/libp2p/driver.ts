import "../../runtime/polyfills.js";
import type { Connection, Libp2p, PeerId, PeerInfo, Stream } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import * as lp from "it-length-prefixed";
import type { Driver, DriverCapabilities, Envelope, NodeId, ReceiveHandler } from "../../runtime/driver.js";
import { ADDRESS_LOOKUP_PROTOCOL, AddressLookup } from "./address-lookup.js";
import { Exchange } from "./exchange.js";
import { createLibp2pNode, type Libp2pNodeInit } from "./node.js";
import { OutboundLane, type DropReason } from "./outbound.js";
import { resolveProtocols, type ProtocolSpec, type ResolvedProtocol } from "./protocols.js";

const FRAMING_ERRORS = new Set([
  "InvalidMessageLengthError",
  "InvalidDataLengthError",
  "InvalidDataLengthLengthError",
  "UnexpectedEOFError",
]);

/** Configuration of {@link createLibp2pDriver}. */
export interface Libp2pDriverInit extends Libp2pNodeInit {
  /** The actor protocols this node speaks; a frame for any other is refused by libp2p. */
  readonly protocols: readonly ProtocolSpec[];
  /** Largest frame payload accepted or sent; a longer length prefix is malformed. @default 1048576 */
  readonly maxFrameBytes?: number;
  /** Frames held per (peer, protocol) while its stream opens or drains. @default 4096 */
  readonly maxQueuedFrames?: number;
  /** Give up dialing a peer after this long. @default 5000 */
  readonly dialTimeoutMs?: number;
  /** Request–response protocols: dial, write and read of one request; wait for the actor's answer. @default 10000 */
  readonly requestTimeoutMs?: number;
}

/** A peer found by local discovery (mDNS), with the addresses it announced. */
export interface DiscoveredPeer {
  readonly id: NodeId;
  readonly addrs: readonly string[];
}

/** What the driver counted; the network's faults end up here, never as exceptions. */
export interface Libp2pDriverStats {
  /** Frames handed to a stream (or looped back). */
  sent: number;
  delivered: number;
  /** Frames that did not decode, oversized length prefixes, payloads the codec refused. */
  malformed: number;
  /** Frames given up: unreachable peer, full queue, reset stream, sent while stopped. */
  dropped: number;
  /** `no-request`: an answer whose request stream is gone (request–response protocols). */
  readonly dropReasons: Record<DropReason | "bad-peer-id" | "encode" | "no-request", number>;
}

/**
 * A Driver over libp2p (TCP, noise, yamux, identify, ping, optional mDNS). The NodeId is
 * the libp2p peer id string. Each actor protocol is the libp2p protocol
 * `/meshtwin/<actor>/<version>`; each (peer, protocol) pair keeps one outbound stream of
 * length-prefixed frames, so one actor's messages to one peer arrive in order.
 */
export class Libp2pDriver implements Driver {
  readonly id: NodeId;
  readonly capabilities: DriverCapabilities;
  readonly stats: Libp2pDriverStats = {
    sent: 0,
    delivered: 0,
    malformed: 0,
    dropped: 0,
    dropReasons: {
      unreachable: 0,
      "queue-full": 0,
      "stream-failed": 0,
      stopped: 0,
      "bad-peer-id": 0,
      encode: 0,
      "no-request": 0,
    },
  };
  private readonly receivers: ReceiveHandler[] = [];
  private readonly discoverers: ((peer: DiscoveredPeer) => void)[] = [];
  private readonly identified: ((peer: DiscoveredPeer) => void)[] = [];
  private readonly lanes = new Map<string, OutboundLane>();
  private readonly inbound = new Set<Stream>();
  /** Request–response protocols (kad-dht style), by actor name. */
  private readonly exchanges = new Map<string, Exchange>();
  /** Peers found by local discovery: the broadcast domain. */
  private readonly local = new Set<NodeId>();
  private readonly maxFrame: number;
  private readonly lookup: AddressLookup;
  private live = false;
  private transition: Promise<void> = Promise.resolve();

  constructor(
    /** The libp2p node, for services (kad-dht interop) and diagnostics; the driver owns its lifetime. */
    readonly libp2p: Libp2p,
    private readonly protocols: Map<string, ResolvedProtocol>,
    private readonly init: Libp2pDriverInit,
  ) {
    this.id = libp2p.peerId.toString();
    this.maxFrame = init.maxFrameBytes ?? 1 << 20;
    this.capabilities = { mtu: this.maxFrame, broadcast: Boolean(init.mdns), cost: 1 };
    this.lookup = new AddressLookup(libp2p, init.dialTimeoutMs ?? 5000);
    libp2p.addEventListener("peer:discovery", (e) => this.discovered(e.detail));
    libp2p.addEventListener("peer:identify", (e) => {
      if (!this.live) return;
      const peer = { id: e.detail.peerId.toString(), addrs: e.detail.listenAddrs.map((a) => a.toString()) };
      for (const h of this.identified) h(peer);
    });
    for (const p of protocols.values()) {
      if (!p.exchange) continue;
      const limits = { maxFrame: this.maxFrame, timeoutMs: init.requestTimeoutMs ?? 10_000 };
      const exchange = new Exchange(libp2p, p, p.exchange, limits, {
        live: () => this.live,
        ready: () => this.transition,
        deliver: (e) => this.deliver(e),
        malformed: () => void this.stats.malformed++,
        sent: () => void this.stats.sent++,
        drop: (reason) => this.drop(1, reason),
        resolve: (peer) => this.locate(peer),
        undeliverable: (to, payload) => {
          if (!this.live) return;
          for (const h of this.undeliverables) h({ from: this.id, to, protocol: p.name, payload });
        },
      });
      this.exchanges.set(p.name, exchange);
    }
  }

  /** Starts listening and registers the protocol handlers. Idempotent; resolves when listening. */
  start(): Promise<void> {
    if (this.live) return this.transition;
    this.live = true;
    this.transition = this.transition.then(async () => {
      for (const p of this.protocols.values()) {
        if (!p.serve) continue;
        const exchange = this.exchanges.get(p.name);
        const handler = exchange
          ? (stream: Stream, conn: Connection) => void exchange.accept(stream, conn)
          : (stream: Stream, conn: Connection) => void this.read(stream, conn, p);
        await this.libp2p.handle(p.id, handler, {
          force: true,
          maxInboundStreams: 256,
          maxOutboundStreams: 256,
        });
      }
      await this.lookup.register();
      await this.libp2p.start();
    });
    return this.transition;
  }

  /** Stops libp2p; queued frames are dropped and nothing is delivered afterwards. Idempotent. */
  stop(): Promise<void> {
    if (!this.live) return this.transition;
    this.live = false;
    for (const lane of this.lanes.values()) lane.close();
    this.lanes.clear();
    for (const s of this.inbound) s.abort(new Error("driver stopped"));
    this.inbound.clear();
    for (const e of this.exchanges.values()) e.close();
    this.transition = this.transition.then(async () => {
      await this.libp2p.unhandle([...[...this.protocols.values()].map((p) => p.id), ADDRESS_LOOKUP_PROTOCOL]);
      await this.libp2p.stop();
    });
    return this.transition;
  }

  get isRunning(): boolean {
    return this.live;
  }

  /** Number of (peer, protocol) lanes with frames queued or being written; 0 when all is flushed. */
  get pendingLanes(): number {
    let n = 0;
    for (const lane of this.lanes.values()) if (lane.busy) n++;
    return n;
  }

  send(envelope: Envelope): void {
    if (!this.live) return this.drop(1, "stopped");
    const proto = this.protocolOf(envelope.protocol);
    if (envelope.to === this.id) {
      // Loopback never touches a socket but is still asynchronous, like any delivery.
      this.stats.sent++;
      queueMicrotask(() => this.deliver({ ...envelope, from: this.id }));
      return;
    }
    const exchange = this.exchanges.get(proto.name);
    if (exchange) return exchange.send(envelope);
    let peer: PeerId;
    try {
      peer = peerIdFromString(envelope.to);
    } catch {
      return this.drop(1, "bad-peer-id");
    }
    let bytes: Uint8Array;
    try {
      bytes = proto.codec.encode(envelope.payload);
    } catch {
      return this.drop(1, "encode");
    }
    if (bytes.byteLength > this.maxFrame) return this.drop(1, "encode");
    this.lane(peer, proto).push(lp.encode.single(bytes).subarray());
  }

  /** Sends to every peer found by local discovery (the LAN segment). */
  broadcast(envelope: Omit<Envelope, "to">): void {
    for (const to of this.local) this.send({ ...envelope, to });
  }

  private readonly undeliverables: ((envelope: Envelope) => void)[] = [];

  /** Requests given up as unreachable before they left (see Driver.onUndeliverable). */
  onUndeliverable(handler: (envelope: Envelope) => void): void {
    this.undeliverables.push(handler);
  }

  onReceive(handler: ReceiveHandler): void {
    this.receivers.push(handler);
  }

  /** Told about each peer local discovery (mDNS) finds; feeds the discovery actor's local method. */
  onPeerDiscovered(handler: (peer: DiscoveredPeer) => void): void {
    this.discoverers.push(handler);
  }

  /** Told each time a connected peer identifies itself, with its listen addresses (worth caching). */
  onPeerIdentified(handler: (peer: DiscoveredPeer) => void): void {
    this.identified.push(handler);
  }

  /** This node's dialable addresses, each ending in `/p2p/<id>`. */
  addresses(): string[] {
    return this.libp2p.getMultiaddrs().map((a) => a.toString());
  }

  /** Connects to a multiaddr (a bootstrap address) and returns the peer's NodeId. */
  async dial(address: string, timeoutMs = this.init.dialTimeoutMs ?? 5000): Promise<NodeId> {
    const conn = await this.libp2p.dial(multiaddr(address), { signal: AbortSignal.timeout(timeoutMs) });
    return conn.remotePeer.toString();
  }

  /** Remembers addresses for a peer (e.g. cached peers at restart) so a later send can dial it. */
  async addPeer(id: NodeId, addrs: readonly string[]): Promise<void> {
    await this.libp2p.peerStore.merge(peerIdFromString(id), { multiaddrs: addrs.map((a) => multiaddr(a)) });
  }

  /** Known addresses of a peer, as the peer store holds them (from identify, mDNS, `addPeer`). */
  async peerAddresses(id: NodeId): Promise<string[]> {
    try {
      const peer = await this.libp2p.peerStore.get(peerIdFromString(id));
      return peer.addresses.map((a) => a.multiaddr.toString());
    } catch {
      return [];
    }
  }

  /** Peers with an open connection, sorted so callers iterate in a stable order. */
  connectedPeers(): NodeId[] {
    return [...new Set(this.libp2p.getConnections().map((c) => c.remotePeer.toString()))].sort();
  }

  private protocolOf(name: string): ResolvedProtocol {
    const p = this.protocols.get(name);
    // An actor sending on a protocol the node was not configured with is a bug, not network weather.
    if (!p) throw new Error(`libp2p driver of ${this.id} has no protocol '${name}'`);
    return p;
  }

  /** A peer known only by id (peer exchange): asks the neighbours where it listens. */
  private async locate(peer: PeerId): Promise<void> {
    if (this.libp2p.getConnections(peer).length === 0 && !(await this.lookup.known(peer)))
      await this.lookup.resolve(peer);
  }

  private lane(peer: PeerId, proto: ResolvedProtocol): OutboundLane {
    const key = `${peer.toString()} ${proto.id}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new OutboundLane(
        async () => {
          await this.transition; // a send right after start() waits for the listener, not a failure
          await this.locate(peer);
          return this.libp2p.dialProtocol(peer, proto.id, {
            signal: AbortSignal.timeout(this.init.dialTimeoutMs ?? 5000),
          });
        },
        (n, reason) => this.drop(n, reason),
        (n) => (this.stats.sent += n),
        this.init.maxQueuedFrames ?? 4096,
      );
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private async read(stream: Stream, conn: Connection, proto: ResolvedProtocol): Promise<void> {
    if (!this.live) return stream.abort(new Error("driver stopped"));
    const from = conn.remotePeer.toString();
    this.inbound.add(stream);
    try {
      for await (const frame of lp.decode(stream, { maxDataLength: this.maxFrame })) {
        if (!this.live) break;
        let payload;
        try {
          payload = proto.codec.decode(frame.subarray());
        } catch {
          this.stats.malformed++;
          continue;
        }
        this.deliver({ from, to: this.id, protocol: proto.name, payload });
      }
    } catch (err) {
      // A bad length prefix or a truncated frame poisons the rest of the stream: count it, cut the stream.
      if (this.live && FRAMING_ERRORS.has((err as Error).name)) this.stats.malformed++;
      stream.abort(err as Error);
    } finally {
      this.inbound.delete(stream);
    }
  }

  private deliver(envelope: Envelope): void {
    if (!this.live) return;
    this.stats.delivered++;
    for (const h of this.receivers) h(envelope);
  }

  private discovered(info: PeerInfo): void {
    if (!this.live) return;
    const id = info.id.toString();
    if (id === this.id) return;
    this.local.add(id);
    const peer: DiscoveredPeer = { id, addrs: info.multiaddrs.map((a) => a.toString()) };
    for (const h of this.discoverers) h(peer);
  }

  private drop(n: number, reason: DropReason | "bad-peer-id" | "encode" | "no-request"): void {
    this.stats.dropped += n;
    this.stats.dropReasons[reason] += n;
  }
}

/** Creates a stopped driver (and its libp2p node); call `start()` to listen. */
export async function createLibp2pDriver(init: Libp2pDriverInit): Promise<Libp2pDriver> {
  const protocols = resolveProtocols(init.protocols);
  const libp2p = await createLibp2pNode(init);
  return new Libp2pDriver(libp2p, protocols, init);
}
