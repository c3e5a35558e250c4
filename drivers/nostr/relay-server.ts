import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getPublicKey } from "nostr-tools/pure";
import { WebSocketServer, type WebSocket } from "ws";
import { createActor, type AnyActor } from "xstate";
import { nostrRelay, relayInformation, type NostrRelayInit } from "../../actors/nostr-relay/index.js";
import type { NostrRelayContext } from "../../actors/nostr-relay/index.js";
import type { ActorEnv, ActorEvent } from "../../runtime/actor.js";
import type { WireMessage } from "../../runtime/driver.js";
import { createRng } from "../../runtime/rng.js";
import { openLevelRelayStore, type LevelRelayStore } from "./level-store.js";
import { PeerLinks } from "./peer-links.js";
import { useWasmSignatures } from "./wasm-signatures.js";

/** Options of {@link startRelayServer}. */
export interface RelayServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** Address to listen on. @default "127.0.0.1" */
  readonly host?: string;
  /** LevelDB folder; absent: events are kept in memory only. */
  readonly dataDir?: string;
  /** Relay parameters as written (decoded by the actor's schema). */
  readonly params?: Record<string, unknown>;
  /** Observations of the actor (`event`, `auth`, `sync`, …). */
  readonly observe?: (type: string, data: unknown) => void;
}

/** A running relay. */
export interface RelayServer {
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly pubkey: string;
  /** The actor's context (counters, index) for tests and benchmarks. */
  context(): NostrRelayContext;
  /** Stops accepting, closes connections, flushes and closes the store. Idempotent. */
  close(): Promise<void>;
}

/**
 * `meshtwin relay`: the `nostr-relay` actor served on a WebSocket (`ws`), NIP-11 on the
 * same port for `Accept: application/nostr+json`. The actor runs as is; this file only
 * routes its `io` to sockets and timers, and holds every output back until the store's
 * flush that covers the writes before it (so `OK true` means "on disk").
 */
export async function startRelayServer(opts: RelayServerOptions): Promise<RelayServer> {
  const host = opts.host ?? "127.0.0.1";
  await useWasmSignatures();
  const store: LevelRelayStore | undefined = opts.dataDir ? await openLevelRelayStore(opts.dataDir) : undefined;
  let keyHex = (opts.params?.secretKey as string | undefined) ?? (await store?.getMeta("secretKey"));
  if (!keyHex) {
    keyHex = randomBytes(32).toString("hex");
    await store?.putMeta("secretKey", keyHex);
  }
  const restored = store ? { events: await store.load() } : undefined;

  const sockets = new Map<string, WebSocket>();
  const http = createServer((req, res) => info(req, res));
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(opts.port, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `ws://${host}:${port}`;
  const def = nostrRelay({ url, ...opts.params, secretKey: keyHex }, { store: store ?? undefined });
  const params = def.init.params as NostrRelayInit;
  const pubkey = getPublicKey(Buffer.from(keyHex, "hex"));

  function info(req: IncomingMessage, res: ServerResponse): void {
    const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*" };
    if ((req.headers.accept ?? "").includes("application/nostr+json")) {
      res.writeHead(200, { "content-type": "application/nostr+json", ...cors });
      res.end(JSON.stringify(relayInformation(params, pubkey)));
    } else if (req.method === "OPTIONS") {
      res.writeHead(204, cors).end();
    } else {
      res.writeHead(426, { "content-type": "text/plain" }).end("a Nostr relay: connect with a WebSocket\n");
    }
  }

  // Outputs wait for the flush covering every write made before them (group commit).
  let queue: (() => void)[] = [];
  let draining = false;
  const emit = (fn: () => void): void => {
    queue.push(fn);
    if (!draining) {
      draining = true;
      queueMicrotask(() => void drain());
    }
  };
  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        if (store?.pending) await store.flush();
        for (const fn of batch) fn();
      }
    } catch (err) {
      // A failed disk write: acknowledge nothing more, stop serving.
      process.stderr.write(`relay store failed: ${(err as Error).message}\n`);
      for (const ws of sockets.values()) ws.terminate();
    } finally {
      draining = false;
    }
  }

  const links = new PeerLinks({
    up: (peer) => deliver({ type: "peer.up", from: peer }),
    down: (peer) => deliver({ type: "peer.down", from: peer }),
    message: (peer, text) => deliver({ type: "r", from: peer, text }),
  });
  const timers = new Map<string, NodeJS.Timeout>();
  const env: ActorEnv = {
    self: url,
    segment: "",
    rng: createRng(randomBytes(16).toString("hex")),
    now: () => Date.now(),
    io: {
      send: (to, msg: WireMessage) => {
        if (msg.type === "r" || msg.type === "close") {
          const ws = sockets.get(to);
          if (!ws) return;
          emit(() => (msg.type === "r" ? ws.send(msg.text as string) : ws.close(1008, "refused")));
        } else if (msg.type === "open") links.open(to);
        else if (msg.type === "c") emit(() => links.send(to, msg.text as string));
      },
      broadcast: () => {},
      setTimer: (key, ms, event) => {
        clearTimeout(timers.get(key));
        timers.set(
          key,
          setTimeout(() => deliver(event), ms),
        );
      },
      cancelTimer: (key) => clearTimeout(timers.get(key)),
      tell: () => {},
      observe: (type, data) => opts.observe?.(type, data),
    },
  };
  const actor: AnyActor = createActor(def.machine, { input: { env, init: def.init, restored } });
  actor.start();
  let stopped = false;
  function deliver(event: ActorEvent): void {
    if (!stopped) actor.send(event);
  }

  const wss = new WebSocketServer({ server: http, maxPayload: Math.max(4 * params.maxMessageBytes, 1 << 20) });
  let next = 0;
  wss.on("connection", (ws) => {
    const id = `c${++next}`;
    sockets.set(id, ws);
    ws.on("message", (data, isBinary) => deliver({ type: "c", from: id, text: isBinary ? "" : data.toString() }));
    ws.on("close", () => {
      sockets.delete(id);
      deliver({ type: "close", from: id });
    });
    ws.on("error", () => {});
    deliver({ type: "open", from: id });
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    pubkey,
    context: () => actor.getSnapshot().context as NostrRelayContext,
    close() {
      closing ??= (async () => {
        stopped = true;
        for (const t of timers.values()) clearTimeout(t);
        links.stop();
        actor.stop();
        for (const ws of sockets.values()) ws.terminate();
        await new Promise<void>((r) => wss.close(() => r()));
        await new Promise<void>((r) => http.close(() => r()));
        while (draining) await new Promise((r) => setImmediate(r));
        await store?.close();
      })();
      return closing;
    },
  };
}
