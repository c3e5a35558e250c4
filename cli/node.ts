import { createServer } from "node:net";
import { basename, extname, join } from "node:path";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import { loadOrCreateIdentity } from "../drivers/libp2p/identity.js";
import { openNodeStore } from "../drivers/store/index.js";
import { CliError } from "./errors.js";
import { map, type Observable } from "rxjs";
import type { LogEntry } from "../runtime/event-log.js";
import { loadNodeConfig, type NodeConfig } from "./node-config.js";
import { startNode } from "./node-runtime.js";

/** Options of `meshtwin node`. */
export interface NodeCommandOptions {
  /** Where the node's store, key and status file live. @default `data/<name or config file name>` */
  readonly dataDir?: string;
  /** Where progress lines go. @default process.stdout */
  readonly out?: (line: string) => void;
  /** Serve the live viewer of this node's neighbourhood on 127.0.0.1 at this port (0: any free port). */
  readonly viz?: number;
}

/**
 * `meshtwin node --config node.yaml [--data-dir DIR]`: runs one production node until
 * SIGINT or SIGTERM, then releases everything in order and returns the exit code.
 * Prints `id`, `listen` (one per address, each dialable) and `status` lines first, so a
 * script or a second terminal can pick up the bootstrap address.
 */
export async function nodeCommand(configFile: string, opts: NodeCommandOptions = {}): Promise<number> {
  const out = opts.out ?? ((line: string) => process.stdout.write(line + "\n"));
  const config = loadNodeConfig(configFile);
  const dataDir = opts.dataDir ?? join("data", config.name ?? basename(configFile, extname(configFile)));
  await preflight(config, configFile, dataDir);
  const node = await startNode(config, { dataDir });
  out(`id ${node.id}`);
  for (const a of node.addresses) out(`listen ${a}`);
  out(`status ${node.statusUrl}/status`);
  if (node.relayUrl) out(`relay ${node.relayUrl}`);
  out(`data ${dataDir}`);
  // The live viewer follows this node's log: its view of its neighbours, modes, messages.
  // Its timeline counts from now: the log's wall-clock times are shifted to start at 0.
  const viewer =
    opts.viz === undefined
      ? undefined
      : await (
          await import("./viz.js")
        ).serveLive(sinceStart(node.store.log!.entries$, Date.now()), {
          port: opts.viz,
          quiet: true,
        });
  if (viewer) out(`viz ${viewer.url}`);
  // What a person watching the terminal wants to see: peers, mode changes, messages.
  const seen = new Set<string>();
  node.driver.onPeerIdentified((p) => {
    if (!seen.has(p.id)) out(`peer ${p.id} ${p.addrs.join(" ")}`);
    seen.add(p.id);
  });
  const bodies = new Map<string, unknown>();
  node.store.log!.entries$.subscribe((e) => {
    const d = e.data as { mode?: string; id?: string; origin?: string; items?: { id: string; body?: unknown }[] };
    if (e.type === "discovery.mode") out(`mode ${d.mode}`);
    // Bodies wait here for their `delivered` observation; bounded, as a duplicate never gets one.
    if (e.type === "gossip.in" && Array.isArray(d.items) && bodies.size < 1000)
      for (const it of d.items) if (it && !bodies.has(it.id)) bodies.set(it.id, it.body);
    if (e.type === "gossip.published") out(`published ${d.id}`);
    if (e.type === "gossip.delivered") {
      out(`gossip ${d.id} from ${d.origin}: ${JSON.stringify(bodies.get(d.id!) ?? null)}`);
      bodies.delete(d.id!);
    }
  });
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  out("stopping");
  await viewer?.close();
  await node.stop();
  out("stopped");
  return 0;
}

/** Entries with `at` counted from `origin` (ms), as the viewer expects of a simulated run. */
function sinceStart(entries$: Observable<LogEntry>, origin: number): Observable<LogEntry> {
  return entries$.pipe(map((e) => ({ ...e, at: Math.max(0, e.at - origin) })));
}

/** Resolves when `port` on `host` can be bound; rejects with the system error (EADDRINUSE, …) if not. */
function canBind(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(port, host, () => s.close(() => resolve()));
  });
}

/**
 * What would stop the node, found before anything starts and said in one line naming the
 * config file and field, or the data dir: a listen address that is not a multiaddr or whose
 * port is taken, a bootstrap address whose peer id is not one, a taken status port, a data
 * dir that is a file, unwritable, damaged or locked by another node, a garbled identity.key.
 */
export async function preflight(config: NodeConfig, file: string, dataDir: string): Promise<void> {
  const bad = (path: string, message: string) => new CliError(`${file}: ${path}: ${message}`);
  const inUse = (path: string, host: string, port: number) =>
    canBind(host, port).catch((err: NodeJS.ErrnoException) => {
      throw bad(path, err.code === "EADDRINUSE" ? `${host}:${port} is already in use by another program` : err.message);
    });
  for (const [i, a] of (config.listen ?? []).entries()) {
    let parts;
    try {
      parts = multiaddr(a).getComponents();
    } catch (err) {
      throw bad(`listen[${i}]`, `not a multiaddr (${(err as Error).message}): ${a}`);
    }
    const ip = parts.find((c) => c.name === "ip4" || c.name === "ip6")?.value;
    const tcp = Number(parts.find((c) => c.name === "tcp")?.value ?? 0);
    if (ip && tcp > 0) await inUse(`listen[${i}]`, ip, tcp);
  }
  for (const [i, a] of (config.bootstrap ?? []).entries()) {
    try {
      multiaddr(a);
    } catch (err) {
      throw bad(`bootstrap[${i}]`, `not a multiaddr (${(err as Error).message}): ${a}`);
    }
    const id = a.slice(a.lastIndexOf("/p2p/") + 5);
    try {
      peerIdFromString(id);
    } catch {
      throw bad(`bootstrap[${i}]`, `'${id}' after /p2p/ is not a libp2p peer id`);
    }
  }
  if (config.statusPort) await inUse("statusPort", "127.0.0.1", config.statusPort);
  // Opening the store says what is wrong with the data dir (StoreOpenError: one line naming it).
  const store = await openNodeStore(dataDir, { log: false });
  await store.close();
  await loadOrCreateIdentity(join(dataDir, "identity.key"));
}
