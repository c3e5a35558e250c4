import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Observable } from "rxjs";
import type { LogEntry } from "../runtime/event-log.js";
import {
  indexTraceFile,
  TraceIndexer,
  VIZ_FILES,
  VIZ_INDEX_VERSION,
  type TraceIndexOptions,
} from "../viz/src/index/trace-index.js";
import { CliError } from "./errors.js";
import { startVizServer, type LiveFeed, type VizServer } from "../viz/src/server/serve.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const VIZ = join(ROOT, "viz");
const DIST = join(VIZ, "dist");

/** Where the viewer listens. */
export interface VizServeOptions {
  /** @default 7357 */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** Do not print the URL. */
  readonly quiet?: boolean;
}

/** Newest modification time (ms) of the files under `path`. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** True when viz/dist is at least as new as every source of the viewer. */
function distFresh(): boolean {
  const pages = ["index.html", "sweep.html"].map((p) => join(DIST, p));
  const built = pages.every((p) => existsSync(p)) ? Math.min(...pages.map((p) => statSync(p).mtimeMs)) : 0;
  const sources = Math.max(
    newest(join(VIZ, "index.html")),
    newest(join(VIZ, "sweep.html")),
    newest(join(VIZ, "src", "sweep")),
    newest(join(VIZ, "vite.config.ts")),
    newest(join(VIZ, "src", "app")),
    newest(join(ROOT, "runtime", "trace-index-format.ts")),
    newest(join(ROOT, "runtime", "trace-index-graph.ts")),
  );
  return built >= sources;
}

/**
 * Builds viz/dist with vite when it is missing or older than the viewer's sources. A lock
 * file serializes concurrent callers (two test files, two `meshtwin viz`), since vite
 * empties the output directory before writing it.
 */
export async function ensureVizBuilt(): Promise<void> {
  if (distFresh()) return;
  // In the temp dir, keyed by checkout, so a killed build leaves nothing in the work tree.
  const lock = join(tmpdir(), `meshtwin-viz-build-${createHash("sha256").update(VIZ).digest("hex").slice(0, 12)}.lock`);
  for (;;) {
    try {
      closeSync(openSync(lock, "wx"));
      break;
    } catch {
      // A lock older than two minutes was left by a killed build.
      if (existsSync(lock) && statSync(lock).mtimeMs < Date.now() - 120_000) rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 200));
      if (distFresh() && !existsSync(lock)) return;
    }
  }
  try {
    if (distFresh()) return;
    const { build } = await import("vite");
    await build({ configFile: join(VIZ, "vite.config.ts"), logLevel: "warn" });
  } finally {
    rmSync(lock, { force: true });
  }
}

/** A run directory: DIR itself when it holds a trace or an index, else its newest subdirectory that does. */
export function resolveRunDir(dir: string): string {
  if (!existsSync(dir)) throw new CliError(`${dir}: no such folder (give a run's output folder, e.g. out/smoke)`);
  if (!statSync(dir).isDirectory()) throw new CliError(`${dir} is a file: give a run's output folder`);
  const has = (d: string): boolean => existsSync(join(d, "trace.ndjson")) || existsSync(join(d, VIZ_FILES.index));
  if (has(dir)) return dir;
  const runs = readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((d) => statSync(d).isDirectory() && has(d));
  if (runs.length === 0)
    throw new CliError(
      `${dir}: no trace.ndjson or ${VIZ_FILES.index} here or in its subfolders (run a scenario first, without --no-trace)`,
    );
  return runs.sort((a, b) => newest(join(b, "trace.ndjson")) - newest(join(a, "trace.ndjson")))[0]!;
}

/** Indexes `runDir/trace.ndjson` unless a current index is already there. */
export async function ensureIndex(runDir: string, options?: TraceIndexOptions): Promise<void> {
  const index = join(runDir, VIZ_FILES.index);
  const trace = join(runDir, "trace.ndjson");
  if (existsSync(index) && (!existsSync(trace) || statSync(index).mtimeMs >= statSync(trace).mtimeMs)) {
    const head = readFileSync(index, "utf8").slice(0, 40);
    if (head.startsWith(`{"version":${VIZ_INDEX_VERSION},`)) return;
  }
  await indexTraceFile(trace, runDir, options);
}

/**
 * `meshtwin viz [DIR]`: indexes the run if needed, builds the viewer if needed, serves
 * both on loopback and prints the URL. Resolves once listening; `close()` stops it.
 */
export async function vizCommand(dir = "out", options: VizServeOptions = {}): Promise<VizServer> {
  if (existsSync(join(dir, "sweep.json"))) return serveSweep(resolve(dir), options);
  const runDir = resolve(resolveRunDir(dir));
  await ensureIndex(runDir);
  await ensureVizBuilt();
  const server = await startVizServer({ distDir: DIST, runDir, port: options.port ?? 7357, host: options.host });
  if (!options.quiet) process.stdout.write(`meshtwin viz: ${runDir}\n  open ${server.url}\n`);
  return server;
}

/** A sweep's folder: its distributions page, and each kept seed's run under `run/seeds/<seed>/`. */
async function serveSweep(dir: string, options: VizServeOptions): Promise<VizServer> {
  await ensureVizBuilt();
  const server = await startVizServer({ distDir: DIST, runDir: dir, port: options.port ?? 7357, host: options.host });
  const url = { ...server, url: `${server.url}sweep.html` };
  if (!options.quiet) process.stdout.write(`meshtwin viz: sweep ${dir}\n  open ${url.url}\n`);
  return url;
}

/**
 * Streams a running log to viewers: the entries are indexed in memory as they arrive and
 * each connected page gets a snapshot, then what changed every half second. The page
 * finds the socket at `/live` and switches to live mode.
 */
export async function serveLive(
  entries$: Observable<LogEntry>,
  options: VizServeOptions & TraceIndexOptions = {},
): Promise<VizServer> {
  const indexer = new TraceIndexer(undefined, options);
  const sub = entries$.subscribe((e) => indexer.push(e));
  await ensureVizBuilt();
  const server = await startVizServer({
    distDir: DIST,
    live: liveFeed(indexer),
    port: options.port,
    host: options.host,
  });
  if (!options.quiet) process.stdout.write(`meshtwin live viewer: open ${server.url}\n`);
  return {
    url: server.url,
    close: () => {
      sub.unsubscribe();
      return server.close();
    },
  };
}

/** Snapshot-then-append protocol over an in-memory indexer (see viz/FORMAT.md, "Live mode"). */
export function liveFeed(indexer: TraceIndexer): LiveFeed {
  const ix = indexer.index;
  return {
    recentLog: (n) => indexer.recentLog(n),
    connect(send) {
      const deliveries = (from: number[]): Record<number, number[]> => {
        const out: Record<number, number[]> = {};
        ix.messages.forEach((_, m) => {
          const rows = indexer.deliveries(m);
          if (rows.length > (from[m] ?? 0)) out[m] = rows.slice(from[m] ?? 0);
        });
        return out;
      };
      const cursor = () => ({
        entries: ix.entries,
        nodes: ix.nodes.length,
        keyframes: ix.keyframes.length,
        events: ix.events.length,
        faults: ix.faults.length,
        samples: ix.components.counts.length,
        rows: ix.messages.map((_, m) => indexer.deliveries(m).length),
      });
      let at = cursor();
      send(JSON.stringify({ type: "snapshot", index: ix, deliveries: deliveries([]) }));
      return {
        poll() {
          if (ix.entries === at.entries) return;
          const next = cursor();
          const changed = ix.messages
            .map((m, i) => [i, m] as const)
            .filter(([i]) => i >= at.rows.length || next.rows[i] !== at.rows[i]);
          send(
            JSON.stringify({
              type: "append",
              end: ix.end,
              entries: ix.entries,
              nodes: ix.nodes.slice(at.nodes),
              nodeProtocols: ix.nodeProtocols,
              protocols: ix.protocols,
              modes: ix.modes,
              keyframes: ix.keyframes.slice(at.keyframes),
              events: ix.events.slice(at.events),
              faults: ix.faults.slice(at.faults),
              counts: ix.components.counts.slice(at.samples),
              largest: ix.components.largest.slice(at.samples),
              messages: changed,
              deliveries: deliveries(at.rows),
            }),
          );
          at = next;
        },
        close() {},
      };
    },
  };
}
