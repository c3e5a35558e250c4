import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { registry, type RegistryChange, type RegistryEvent, type RegistryInit } from "../../actors/registry/index.js";
import { NodeHost } from "../../runtime/actor-host.js";
import { createEventLog } from "../../runtime/event-log.js";
import { createRng } from "../../runtime/rng.js";
import { wallClock } from "../../runtime/wall-clock.js";
import { HttpRequestDriver, readBody, respond } from "./http-driver.js";
import { RegistryStore } from "./store.js";

/** Options of {@link startRegistryService}. */
export interface RegistryServiceOptions {
  /** `MESH_DB_PATH`. @default ./mesh.db */
  readonly dbPath?: string;
  /** `MESH_PORT`; 0 picks a free port. @default 8190 */
  readonly port?: number;
  /** Address to listen on. @default 127.0.0.1 */
  readonly host?: string;
  /** The registry actor's parameters (genesis key, offline timeout, sweep, clock skew). */
  readonly params?: Partial<RegistryInit>;
  /** Largest request body in bytes; longer ones get 413. @default 65536 */
  readonly bodyLimit?: number;
  /** Heartbeat history kept, in ms. @default 24 h */
  readonly retention?: number;
}

/** A running registry service. */
export interface RegistryService {
  readonly url: string;
  readonly port: number;
  readonly store: RegistryStore;
  readonly host: NodeHost;
  /** Stops accepting, answers what is in flight, closes the event streams and the database. Idempotent. */
  stop(): Promise<void>;
}

const METHODS = new Set(["GET", "POST"]);

/**
 * `meshtwin registry`: the registry actor behind the seed's HTTP API, on SQLite. A write
 * is acknowledged only after the transaction holding it is committed: requests arriving in
 * the same turn share one commit (group commit), then their replies go out, then the events.
 */
export async function startRegistryService(opts: RegistryServiceOptions = {}): Promise<RegistryService> {
  const store = new RegistryStore(opts.dbPath ?? "./mesh.db");
  const retention = opts.retention ?? 86_400_000;
  const clock = wallClock();
  const log = createEventLog();
  let changes: RegistryChange[] = [];
  let events: RegistryEvent[] = [];
  let scheduled = false;
  let failed: unknown;
  const clients = new Set<WebSocket>();
  let lastPrune = 0;

  const commit = (): void => {
    scheduled = false;
    const batch = changes;
    changes = [];
    const replies = driver.takeReplies();
    const announce = events;
    events = [];
    try {
      if (failed === undefined) store.apply(batch);
    } catch (e) {
      failed = e;
      process.stderr.write(`registry: database write failed, refusing further requests: ${String(e)}\n`);
    }
    for (const { res, reply } of replies)
      if (failed === undefined) respond(res, reply.status, reply.body);
      else respond(res, 503, { error: "registry database unavailable" });
    if (failed !== undefined) return;
    for (const e of announce) {
      const text = JSON.stringify(e);
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
    }
    const now = clock.now();
    if (now - lastPrune > 60_000) {
      lastPrune = now;
      store.prune(now - retention);
    }
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(commit);
  };

  const driver = new HttpRequestDriver(opts.bodyLimit ?? 65_536, schedule);
  log.entries$.subscribe((e) => {
    if (e.type === "registry.change") changes.push(e.data as RegistryChange);
    else if (e.type === "registry.event") events.push(e.data as RegistryEvent);
    else return;
    schedule();
  });
  const def = registry(opts.params ?? {});
  const disk = new Map<string, unknown>([["registry", store.load()]]);
  const host = new NodeHost({ id: "registry", segment: "registry", driver, clock, log, rng: createRng(1), disk }, [
    def,
  ]);
  host.start(true);

  const limit = opts.bodyLimit ?? 65_536;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://registry");
      if (!METHODS.has(req.method ?? "")) return respond(res, 405, { error: `method ${req.method} not allowed` });
      let body: unknown;
      if (req.method === "POST") {
        const raw = await readBody(req, limit);
        if (raw === undefined) return respond(res, 413, { error: `body: larger than ${limit} bytes` }, true);
        try {
          body = raw.length === 0 ? undefined : JSON.parse(raw.toString("utf8"));
        } catch {
          return respond(res, 400, { error: "body: not valid JSON" });
        }
      }
      if (failed !== undefined) return respond(res, 503, { error: "registry database unavailable" });
      driver.submit(res, req.method as "GET" | "POST", url.pathname, Object.fromEntries(url.searchParams), body);
    })().catch(() => respond(res, 400, { error: "request could not be read" }));
  });
  // Longer than clients' keep-alive (undici: 4 s), so a client never reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://registry").pathname !== "/events") return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on("close", () => clients.delete(ws));
      ws.on("error", () => clients.delete(ws));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 8190, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      // In-flight requests are answered (their commit is at most one turn away); idle keep-alive sockets go.
      server.closeIdleConnections();
      const deadline = Date.now() + 2000;
      while (driver.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      if (scheduled) commit();
      for (const ws of clients) ws.close(1001, "registry stopping");
      wss.close();
      server.closeAllConnections();
      await closed;
      host.stop();
      if (changes.length > 0) store.apply(changes);
      store.close();
    })());
  return { url: `http://${opts.host ?? "127.0.0.1"}:${port}`, port, store, host, stop };
}
