import type { Connection, Libp2p, PeerId, Stream } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import * as lp from "it-length-prefixed";
import type { Envelope, NodeId, WireMessage } from "../../runtime/driver.js";
import type { ExchangeCodec, ExchangeKind, PeerAddrs } from "../../runtime/exchange-codec.js";

/** What an {@link Exchange} reports to its driver. */
export interface ExchangeHooks {
  readonly live: () => boolean;
  /** Resolves once the driver listens (a send right after start waits for it). */
  readonly ready: () => Promise<void>;
  readonly deliver: (envelope: Envelope) => void;
  readonly malformed: () => void;
  readonly sent: () => void;
  readonly drop: (reason: "unreachable" | "stream-failed" | "encode" | "bad-peer-id" | "no-request") => void;
  /** A request that could not be sent because the peer is unreachable: the actor fails it at once. */
  readonly undeliverable?: (to: NodeId, msg: WireMessage) => void;
  /** Finds addresses for a peer known only by id, before it is dialled. @default none */
  readonly resolve?: (peer: PeerId) => Promise<void>;
}

/** Limits of an {@link Exchange}. */
export interface ExchangeLimits {
  readonly maxFrame: number;
  /** Dial, write and read of one outgoing request; also how long an incoming request waits for the actor. */
  readonly timeoutMs: number;
}

/** One request–response protocol of the libp2p driver (see {@link ExchangeCodec}). */
export class Exchange {
  private nextRid = 1;
  /** Incoming requests waiting for the actor's answer, by `<peer> <rid>`. */
  private readonly waiting = new Map<string, (reply: WireMessage | undefined) => void>();
  private readonly streams = new Set<Stream>();
  /**
   * Whether each connected peer's identify listed the protocol. Not the peer store: libp2p
   * records a protocol there for any peer that merely opened a stream with it.
   */
  private readonly servers = new Map<NodeId, boolean>();

  constructor(
    private readonly libp2p: Libp2p,
    private readonly proto: { readonly name: string; readonly id: string },
    private readonly codec: ExchangeCodec,
    private readonly limits: ExchangeLimits,
    private readonly hooks: ExchangeHooks,
  ) {
    libp2p.addEventListener("peer:identify", (e) =>
      this.servers.set(e.detail.peerId.toString(), e.detail.protocols.includes(proto.id)),
    );
    libp2p.addEventListener("peer:disconnect", (e) => this.servers.delete(e.detail.toString()));
  }

  private get self(): NodeId {
    return this.libp2p.peerId.toString();
  }

  /** Sends an actor's message: a new request stream, or the reply on the stream its request came in on. */
  send(envelope: Envelope): void {
    const kind = this.codec.classify(envelope.payload);
    if (kind.kind === "response") {
      const answer = this.waiting.get(`${envelope.to} ${kind.rid}`);
      // The stream is gone (timed out, reset) or the actor answered twice: nobody waits.
      if (!answer) return this.hooks.drop("no-request");
      answer(envelope.payload);
      return;
    }
    let peer: PeerId;
    try {
      peer = peerIdFromString(envelope.to);
    } catch {
      return this.hooks.drop("bad-peer-id");
    }
    void this.request(peer, envelope.payload, kind);
  }

  /** Serves a stream a peer opened: each request goes to the actor, its answer back on the stream. */
  async accept(stream: Stream, conn: Connection): Promise<void> {
    const from = conn.remotePeer.toString();
    this.streams.add(stream);
    try {
      for await (const frame of lp.decode(stream, { maxDataLength: this.limits.maxFrame })) {
        if (!this.hooks.live()) break;
        let decoded;
        try {
          decoded = this.codec.decode(frame.subarray(), "request");
        } catch {
          // No answer will come, so the asker is told at once by the closed stream.
          this.hooks.malformed();
          break;
        }
        await this.learn(decoded.peers);
        const kind = this.codec.classify(decoded.message);
        if (kind.kind !== "request") {
          this.deliver(from, decoded.message);
          continue;
        }
        const rid = this.nextRid++;
        let request = this.codec.withRid(decoded.message, rid);
        if (this.codec.fromClient && !this.serves(conn.remotePeer)) request = this.codec.fromClient(request);
        // Registered before delivery: the actor usually answers within the delivery itself.
        const reply = this.awaitReply(from, rid);
        this.deliver(from, request);
        const answer = await reply;
        if (!answer || !this.hooks.live()) break;
        const bytes = await this.encode(answer);
        if (!bytes) break;
        stream.send(lp.encode.single(bytes));
        this.hooks.sent();
      }
      await stream.close();
    } catch (err) {
      if (this.hooks.live() && (err as Error).name?.includes("Length")) this.hooks.malformed();
      stream.abort(err as Error);
    } finally {
      this.streams.delete(stream);
    }
  }

  /** Aborts every open stream and forgets waiting requests. */
  close(): void {
    for (const s of this.streams) s.abort(new Error("driver stopped"));
    this.streams.clear();
    for (const answer of this.waiting.values()) answer(undefined);
    this.waiting.clear();
  }

  /**
   * True once the peer's identify listed the protocol. A peer not identified yet counts as
   * a client: a light node's first request often arrives before its identify, and a server
   * that took it for a server put it in its table, spread it to others, and every later
   * lookup waited out a timeout on it. A real server gets in once identified or once it answers.
   */
  private serves(peer: PeerId): boolean {
    return this.servers.get(peer.toString()) ?? false;
  }

  private awaitReply(from: NodeId, rid: number): Promise<WireMessage | undefined> {
    const key = `${from} ${rid}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), this.limits.timeoutMs);
      const done = (reply: WireMessage | undefined) => {
        clearTimeout(timer);
        this.waiting.delete(key);
        resolve(reply);
      };
      this.waiting.set(key, done);
    });
  }

  private async request(peer: PeerId, msg: WireMessage, kind: ExchangeKind): Promise<void> {
    await this.hooks.ready();
    if (!this.hooks.live()) return;
    const bytes = await this.encode(msg);
    if (!bytes) return this.hooks.drop("encode");
    let stream: Stream | undefined;
    const timer = setTimeout(() => stream?.abort(new Error("request timed out")), this.limits.timeoutMs);
    try {
      try {
        await this.hooks.resolve?.(peer);
        stream = await this.libp2p.dialProtocol(peer, this.proto.id, {
          signal: AbortSignal.timeout(this.limits.timeoutMs),
        });
      } catch {
        if (kind.kind === "request") this.hooks.undeliverable?.(peer.toString(), msg);
        return this.hooks.drop("unreachable");
      }
      this.streams.add(stream);
      stream.send(lp.encode.single(bytes));
      this.hooks.sent();
      if (kind.kind === "request") {
        const frame = await firstFrame(stream, this.limits.maxFrame);
        if (frame) await this.answered(peer.toString(), frame, kind.rid);
      }
      await stream.close();
    } catch (err) {
      if ((err as Error).name?.includes("Length")) this.hooks.malformed();
      else this.hooks.drop("stream-failed");
      stream?.abort(err as Error);
    } finally {
      clearTimeout(timer);
      if (stream) this.streams.delete(stream);
    }
  }

  private async answered(from: NodeId, frame: Uint8Array, rid: number): Promise<void> {
    let decoded;
    try {
      decoded = this.codec.decode(frame, "response");
    } catch {
      return this.hooks.malformed();
    }
    // Learned before delivery, so the actor's next requests to these peers can dial them.
    await this.learn(decoded.peers);
    this.deliver(from, this.codec.withRid(decoded.message, rid));
  }

  private deliver(from: NodeId, payload: WireMessage): void {
    this.hooks.deliver({ from, to: this.self, protocol: this.proto.name, payload });
  }

  /** Puts the addresses a message carried into the peer store; unparseable ones are skipped. */
  private async learn(peers: readonly PeerAddrs[]): Promise<void> {
    for (const p of peers) {
      if (p.id === this.self || p.addrs.length === 0) continue;
      try {
        const multiaddrs = p.addrs.map((a) => multiaddr(a));
        await this.libp2p.peerStore.merge(peerIdFromString(p.id), { multiaddrs });
      } catch {
        // a peer id or address we cannot parse is worth nothing to dial
      }
    }
  }

  private async encode(msg: WireMessage): Promise<Uint8Array | undefined> {
    const self = this.self;
    const addrs = new Map<NodeId, Uint8Array[]>();
    for (const id of this.codec.peersOf(msg, self)) {
      if (addrs.has(id)) continue;
      addrs.set(id, await this.addressesOf(id));
    }
    try {
      const bytes = this.codec.encode(msg, self, addrs);
      return bytes && bytes.byteLength <= this.limits.maxFrame ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  /** Multiaddr bytes without the `/p2p/<id>` suffix, as kad-dht peers exchange them. */
  private async addressesOf(id: NodeId): Promise<Uint8Array[]> {
    try {
      if (id === this.self) return this.libp2p.getMultiaddrs().map((a) => a.decapsulateCode(P2P_CODE).bytes);
      const peer = await this.libp2p.peerStore.get(peerIdFromString(id));
      return peer.addresses.map((a) => a.multiaddr.decapsulateCode(P2P_CODE).bytes);
    } catch {
      return [];
    }
  }
}

/** Multiaddr protocol code of `/p2p`. */
const P2P_CODE = 421;

async function firstFrame(stream: Stream, max: number): Promise<Uint8Array | undefined> {
  for await (const frame of lp.decode(stream, { maxDataLength: max })) return frame.subarray();
  return undefined;
}
