import { once } from "node:events";
import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { createGunzip } from "node:zlib";
import { parseDuration } from "../actors/params.js";
import { CliError } from "./errors.js";

/**
 * `meshtwin trace cat|grep`: a run's trace printed whole or filtered, read as a stream
 * (64 KiB at a time, gunzipped on the fly when compressed) so a 500 MB trace costs no
 * more memory than a small one. Lines are printed exactly as stored, so `| jq` works and
 * `trace cat | sha256sum` is the run's fingerprint.
 */

/** What `trace grep` keeps; an absent or empty list lets everything through. */
export interface TraceFilter {
  /** Exact node ids. */
  readonly nodes?: readonly string[];
  /** Exact actor names. */
  readonly actors?: readonly string[];
  /** Type prefixes: `net.drop`, `gossip.`. */
  readonly types?: readonly string[];
  /** Simulated ms, inclusive. */
  readonly from?: number;
  /** Simulated ms, exclusive. */
  readonly to?: number;
}

/** The fields of a line the filters read. */
export interface LineHead {
  readonly at: number;
  readonly node: string;
  readonly actor: string;
  readonly type: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** The trace file behind `target`: a run's folder (trace.ndjson, else trace.ndjson.gz) or a file. */
export function resolveTrace(target: string): string {
  if (!existsSync(target)) throw new CliError(`${target}: no such file or folder`);
  if (!statSync(target).isDirectory()) return target;
  for (const name of ["trace.ndjson", "trace.ndjson.gz"]) if (existsSync(join(target, name))) return join(target, name);
  throw new CliError(`${target}: no trace.ndjson or trace.ndjson.gz in this folder (was it run with --no-trace?)`);
}

/** True when the file starts with gzip's magic bytes (whatever its name says). */
function isGzip(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    closeSync(fd);
  }
}

/** The decompressed bytes of a trace file as a stream; a read or gunzip error surfaces on it. */
export function openTrace(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: 1 << 16 });
  if (!isGzip(path)) return file;
  const gunzip = createGunzip();
  file.on("error", (err) => gunzip.destroy(err));
  return file.pipe(gunzip);
}

// Entries are written by JSON.stringify in this key order (runtime/event-log.ts), so the
// head of a line is read without parsing its data; anything else falls back to JSON.parse.
const STR = '"((?:[^"\\\\]|\\\\.)*)"';
const HEAD = new RegExp(`^\\{"seq":-?\\d+,"at":(-?[0-9.eE+-]+),"node":${STR},"actor":${STR},"type":${STR}`);
const unescape = (s: string): string => (s.includes("\\") ? (JSON.parse(`"${s}"`) as string) : s);

/** The head of one NDJSON line; undefined when the line is not a log entry. */
export function lineHead(line: string): LineHead | undefined {
  const m = HEAD.exec(line);
  if (m) return { at: Number(m[1]), node: unescape(m[2]!), actor: unescape(m[3]!), type: unescape(m[4]!) };
  try {
    const e = JSON.parse(line) as Partial<LineHead>;
    if (typeof e.at === "number" && typeof e.node === "string" && typeof e.actor === "string")
      return { at: e.at, node: e.node, actor: e.actor, type: String(e.type) };
  } catch {
    // not JSON: not an entry
  }
  return undefined;
}

/** True when `head` passes every filter that is set. */
export function matches(f: TraceFilter, h: LineHead): boolean {
  if (f.from !== undefined && h.at < f.from) return false;
  if (f.to !== undefined && h.at >= f.to) return false;
  if (f.nodes?.length && !f.nodes.includes(h.node)) return false;
  if (f.actors?.length && !f.actors.includes(h.actor)) return false;
  if (f.types?.length && !f.types.some((t) => h.type.startsWith(t))) return false;
  return true;
}

async function write(out: Writable, text: string | Buffer): Promise<void> {
  // Backpressure: a slow reader (`| less`) must not make us buffer the whole trace.
  if (!out.write(text)) await once(out, "drain");
}

/** Copies the decompressed trace to `out` byte for byte. */
export async function catTrace(path: string, out: Writable): Promise<void> {
  for await (const chunk of openTrace(path)) await write(out, chunk as Buffer);
}

/**
 * Writes the lines of the trace that pass `filter` to `out`, each with its newline;
 * returns how many. Traces are in simulated-time order, so reading stops at `to`.
 */
export async function grepTrace(path: string, filter: TraceFilter, out: Writable): Promise<number> {
  const input = openTrace(path);
  input.setEncoding("utf8"); // a multi-byte character split between chunks stays whole
  let rest = "";
  let count = 0;
  let lineNo = 0;
  for await (const chunk of input) {
    const lines = (rest + (chunk as string)).split("\n");
    rest = lines.pop()!;
    let kept = "";
    let past = false;
    for (const line of lines) {
      lineNo++;
      if (line === "") continue;
      const head = lineHead(line);
      if (!head) throw new CliError(`${path}:${lineNo}: not a trace entry (expected one JSON log entry per line)`);
      if (filter.to !== undefined && head.at >= filter.to) {
        past = true;
        break;
      }
      if (matches(filter, head)) {
        kept += line + "\n";
        count++;
      }
    }
    if (kept) await write(out, kept);
    if (past) {
      input.destroy();
      return count;
    }
  }
  if (rest !== "") {
    const head = lineHead(rest);
    if (!head) throw new CliError(`${path}:${lineNo + 1}: not a trace entry (expected one JSON log entry per line)`);
    if (matches(filter, head)) {
      await write(out, rest + "\n");
      count++;
    }
  }
  return count;
}

/** A `--from`/`--to` value: a duration (`90s`, `2m`, `1m30s`) or whole milliseconds. */
export function parseTime(flag: string, value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : parseDuration(value);
  if (ms === undefined || !Number.isFinite(ms))
    throw new CliError(`${flag} takes a simulated time such as 90s, 2m or 1m30s, got '${value}'`);
  return ms;
}

/** Options of `trace grep` as commander hands them over. */
export interface GrepOptions {
  readonly node?: string[];
  readonly actor?: string[];
  readonly type?: string[];
  readonly from?: string;
  readonly to?: string;
}

/** The filter `opts` ask for; a window that ends before it starts is refused. */
export function filterOf(opts: GrepOptions): TraceFilter {
  const from = opts.from === undefined ? undefined : parseTime("--from", opts.from);
  const to = opts.to === undefined ? undefined : parseTime("--to", opts.to);
  if (from !== undefined && to !== undefined && to <= from)
    throw new CliError(`--to (${opts.to}) must be later than --from (${opts.from})`);
  return { nodes: opts.node, actors: opts.actor, types: opts.type, from, to };
}

/** A damaged compressed trace, in one line naming the file. */
async function readable<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    if (code.startsWith("Z_") || code === "ERR_ZLIB_INITIALIZATION_FAILED")
      throw new CliError(`${path}: damaged gzip data (${(err as Error).message})`);
    throw err;
  }
}

/** `meshtwin trace cat`: the exit code. */
export async function traceCatCommand(target: string): Promise<number> {
  const path = resolveTrace(target);
  await readable(path, () => catTrace(path, process.stdout));
  return 0;
}

/** `meshtwin trace grep`: the exit code (0 even when nothing matched, like `jq`; the count goes to stderr on a terminal). */
export async function traceGrepCommand(target: string, opts: GrepOptions): Promise<number> {
  const filter = filterOf(opts);
  const path = resolveTrace(target);
  const n = await readable(path, () => grepTrace(path, filter, process.stdout));
  if (process.stderr.isTTY) process.stderr.write(`${n.toLocaleString("en-US")} entries\n`);
  return 0;
}
