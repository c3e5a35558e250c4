import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { WebSocketServer, type WebSocket } from "ws";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".ndjson": "application/x-ndjson",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** A live run the server streams to viewers over `/live`. */
export interface LiveFeed {
  /** Called once per new client; returns its first message (a snapshot) and a send loop. */
  connect(send: (message: string) => void): { poll(): void; close(): void };
  /** Latest sampled log entries of a node, for the inspector. */
  recentLog(node: number): unknown[];
}

/** Options of {@link startVizServer}. */
export interface VizServerOptions {
  /** The built viewer (viz/dist). */
  readonly distDir: string;
  /** A run directory holding viz.json and its files, served under /run/. */
  readonly runDir?: string;
  readonly live?: LiveFeed;
  /** @default 7357 */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** Wall time between live pushes. @default 500 */
  readonly pushMs?: number;
}

/** A running viewer server. */
export interface VizServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Resolves `rel` inside `root`, or undefined when it would escape it or is not a file. */
function inside(root: string, rel: string): string | undefined {
  const path = normalize(join(root, decodeURIComponent(rel)));
  if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  return existsSync(path) && statSync(path).isFile() ? path : undefined;
}

/** Sends a file, honouring a single `Range: bytes=a-b` (the viewer fetches flows and log blocks by range). */
function sendFile(req: IncomingMessage, res: ServerResponse, path: string): void {
  const size = statSync(path).size;
  const type = TYPES[extname(path)] ?? "application/octet-stream";
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
  if (range) {
    const start = Number(range[1]);
    const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
    if (start > end || start >= size) {
      res.writeHead(416, { "content-range": `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, {
      "content-type": type,
      "content-length": end - start + 1,
      "content-range": `bytes ${start}-${end}/${size}`,
    });
    createReadStream(path, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, {
    "content-type": type,
    "content-length": size,
    "accept-ranges": "bytes",
    "cache-control": "no-cache",
  });
  createReadStream(path).pipe(res);
}

/**
 * Serves the viewer, a run's index (`/run/…`) and, with a live feed, a WebSocket at
 * `/live` plus `/live/log?node=N`, on loopback with node's http only. Without a live feed
 * `/live` upgrades are refused, which is how the page knows to open the static run.
 */
export function startVizServer(options: VizServerOptions): Promise<VizServer> {
  const { distDir, runDir, live } = options;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405).end();
    if (path === "/live/log" && live) {
      const body = JSON.stringify(
        live.recentLog(Number(url.searchParams.get("node"))).map((l) => (typeof l === "string" ? JSON.parse(l) : l)),
      );
      return void res.writeHead(200, { "content-type": "application/json" }).end(body);
    }
    const file = path.startsWith("/run/")
      ? runDir && inside(runDir, path.slice(5))
      : inside(distDir, path === "/" ? "index.html" : path.slice(1));
    if (!file) return void res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}\n`);
    sendFile(req, res, file);
  });
  const sockets = new Set<WebSocket>();
  const wss = live ? new WebSocketServer({ noServer: true }) : undefined;
  const clients = new Set<{ poll(): void; close(): void }>();
  server.on("upgrade", (req, socket, head) => {
    if (!wss || new URL(req.url ?? "/", "http://x").pathname !== "/live") return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const client = live!.connect((m) => ws.readyState === ws.OPEN && ws.send(m));
      clients.add(client);
      ws.on("close", () => {
        sockets.delete(ws);
        clients.delete(client);
        client.close();
      });
    });
  });
  const timer = live ? setInterval(() => clients.forEach((c) => c.poll()), options.pushMs ?? 500) : undefined;
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 7357, host, () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : options.port;
      resolve({
        url: `http://${host}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            if (timer) clearInterval(timer);
            for (const ws of sockets) ws.terminate();
            wss?.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
