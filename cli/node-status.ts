import { createServer } from "node:http";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Libp2pDriver, Libp2pDriverStats } from "../drivers/libp2p/index.js";
import type { ActorDefinition, ActorEvent } from "../runtime/actor.js";
import type { NodeHost } from "../runtime/actor-host.js";
import type { NodeStore } from "../drivers/store/index.js";
import type { NodeStartRecord } from "./node-start-record.js";

/** An actor's state as status shows it: machine state and the sizes of its collections. */
export interface ActorStatus {
  readonly state: unknown;
  /** Map/Set sizes, array lengths and scalar fields of the context (env and config left out). */
  readonly summary: Record<string, unknown>;
}

/** What `meshtwin status` and `GET /status` report. */
export interface NodeStatus {
  readonly id: string;
  readonly name: string;
  readonly running: boolean;
  readonly uptimeMs: number;
  readonly addresses: readonly string[];
  readonly connectedPeers: readonly string[];
  readonly cachedPeers: number;
  /** Discovery mode (connected, local, bootstrap) when discovery runs. */
  readonly mode: unknown;
  readonly actors: Record<string, ActorStatus>;
  /** Ids of the gossip messages this node holds, when gossip runs. */
  readonly gossipIds?: readonly string[];
  /** The DHT, when kademlia runs: routing-table (or light-node cache) size, records held, keys provided. */
  readonly dht?: {
    readonly contacts: number;
    readonly records: number;
    readonly providers: number;
    readonly provided: number;
  };
  readonly storedRecords: number;
  readonly log: { readonly firstSeq: number; readonly entries: number };
  readonly driver: Libp2pDriverStats;
  readonly statusUrl?: string;
  readonly pid?: number;
}

function summarize(context: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context)) {
    if (k === "env" || k === "cfg") continue;
    if (v instanceof Map || v instanceof Set) out[k] = v.size;
    else if (Array.isArray(v)) out[k] = v.length;
    else if (["string", "number", "boolean"].includes(typeof v)) out[k] = v;
    else if (v && typeof v === "object" && typeof (v as { size?: unknown }).size === "number")
      out[k] = (v as { size: number }).size; // stores and routing tables expose `size`
  }
  return out;
}

/** The live status of a node. */
export function nodeStatus(n: {
  start: NodeStartRecord;
  host: NodeHost;
  driver: Libp2pDriver;
  store: NodeStore;
  defs: readonly ActorDefinition[];
  startedAt: number;
  now: number;
}): NodeStatus {
  const actors: Record<string, ActorStatus> = {};
  for (const def of n.defs) {
    const snap = n.host.snapshot(def.name);
    if (snap) actors[def.name] = { state: snap.value, summary: summarize(snap.context) };
  }
  const gossip = n.host.snapshot("gossip")?.context.store as { items?: Map<string, unknown> } | undefined;
  type Sized = { size: number } | undefined;
  const kad = n.host.snapshot("kad")?.context.kad as
    | { table: Sized; cache: Sized; records: Sized; providers: { keys: number } | undefined; provided: Sized }
    | undefined;
  return {
    id: n.driver.id,
    name: n.start.name,
    running: n.host.isRunning,
    uptimeMs: n.now - n.startedAt,
    addresses: n.driver.addresses(),
    connectedPeers: n.driver.connectedPeers(),
    cachedPeers: n.store.peers.size,
    mode: actors.discovery?.state,
    actors,
    ...(gossip?.items instanceof Map ? { gossipIds: [...gossip.items.keys()].sort() } : {}),
    ...(kad
      ? {
          dht: {
            contacts: (kad.cache ?? kad.table)?.size ?? 0,
            records: kad.records?.size ?? 0,
            providers: kad.providers?.keys ?? 0,
            provided: kad.provided?.size ?? 0,
          },
        }
      : {}),
    storedRecords: n.store.records.size,
    log: { firstSeq: n.store.log?.firstSeq ?? 0, entries: n.store.log?.size ?? 0 },
    driver: n.driver.stats,
  };
}

/**
 * Largest request body the command endpoint reads: a command bigger than a frame (1 MiB)
 * could never be sent anyway, and an unbounded body would be buffered whole in memory.
 * @default 2 MiB
 */
export const MAX_COMMAND_BODY = 2 << 20;

/**
 * Loopback HTTP endpoint: `GET /status` (JSON) and `POST /command/<actor>` with a JSON
 * event, answered once the command is durable. A body over `maxBody` bytes gets 413 and
 * the connection is closed without reading the rest; a refused command gets 400.
 */
export function serveStatus(
  port: number,
  status: () => NodeStatus,
  command: (actor: string, event: ActorEvent) => Promise<void>,
  maxBody = MAX_COMMAND_BODY,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const reply = (code: number, body: unknown, close = false) => {
      if (res.headersSent) return;
      res.writeHead(code, { "content-type": "application/json", ...(close ? { connection: "close" } : {}) });
      res.end(JSON.stringify(body));
    };
    const m = /^\/command\/([a-z0-9._-]+)$/i.exec(req.url ?? "");
    if (req.method === "GET" && req.url === "/status") return reply(200, status());
    if (req.method !== "POST" || !m) return reply(404, { error: "GET /status or POST /command/<actor>" });
    const tooLarge = () => {
      reply(413, { error: `request body over ${maxBody} bytes: a command must fit one frame` }, true);
      // Stop reading: the rest of the body is never buffered; the socket closes once the answer is out.
      req.removeAllListeners("data");
      req.pause();
      res.once("finish", () => req.socket.destroy());
    };
    if (Number(req.headers["content-length"] ?? 0) > maxBody) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > maxBody) return tooLarge();
      chunks.push(c);
    });
    req.on("end", () => {
      if (size > maxBody) return;
      let event: ActorEvent;
      try {
        event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ActorEvent;
        if (typeof event !== "object" || event === null || Array.isArray(event) || typeof event.type !== "string")
          throw new Error("the body must be a JSON object with a string 'type'");
      } catch (err) {
        return reply(400, { error: err instanceof SyntaxError ? `not JSON: ${err.message}` : (err as Error).message });
      }
      command(m[1]!, event).then(
        () => reply(200, { ok: true }),
        (err: Error) => reply(400, { error: err.message }),
      );
    });
  });
  // A client that goes away mid-request must not take the node with it.
  server.on("clientError", (_err, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/** `<dataDir>/status.json`: the last status a node wrote, readable while its database is locked. */
export const statusFile = (dataDir: string): string => join(dataDir, "status.json");

/** Writes the status file atomically (write, then rename). */
export function writeStatusFile(dataDir: string, status: NodeStatus): void {
  const tmp = `${statusFile(dataDir)}.tmp`;
  writeFileSync(tmp, JSON.stringify(status, null, 2));
  renameSync(tmp, statusFile(dataDir));
}

/** Reads the status file, or undefined when the node never ran there. */
export function readStatusFile(dataDir: string): NodeStatus | undefined {
  try {
    return JSON.parse(readFileSync(statusFile(dataDir), "utf8")) as NodeStatus;
  } catch {
    return undefined;
  }
}
