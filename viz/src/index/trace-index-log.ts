import { closeSync, openSync, writeSync } from "node:fs";
import { entryLine, type LogEntry } from "../../../runtime/event-log.js";
import type { VizLogBlock } from "../../../runtime/trace-index-format.js";

/** Longest sampled line kept verbatim; longer ones keep their header and a prefix of `data`. */
const MAX_SAMPLE_CHARS = 320;

/** The fields of a trace line the index needs before deciding whether to parse `data`. */
export interface LineHeader {
  seq: number;
  at: number;
  node: string;
  actor: string;
  type: string;
}

/**
 * Reads seq/at/node/actor/type from a line written by `entryLine` (fixed key order)
 * without parsing `data`: most lines only feed the log sample, and a full JSON.parse of
 * millions of lines is what makes indexing an existing trace slow.
 */
export function parseHeader(line: string): LineHeader | undefined {
  if (!line.startsWith('{"seq":')) return undefined;
  const atK = line.indexOf(',"at":', 7);
  const nodeK = line.indexOf(',"node":"', atK);
  const actorK = line.indexOf('","actor":"', nodeK);
  const typeK = line.indexOf('","type":"', actorK);
  const dataK = line.indexOf('","data":', typeK);
  if (atK < 0 || nodeK < 0 || actorK < 0 || typeK < 0) return undefined;
  const node = line.slice(nodeK + 9, actorK);
  const actor = line.slice(actorK + 11, typeK);
  const type = line.slice(typeK + 10, dataK < 0 ? line.lastIndexOf('"') : dataK);
  // Escaped quotes would make the slices wrong: let the caller fall back to JSON.parse.
  if (node.includes("\\") || actor.includes("\\") || type.includes("\\")) return undefined;
  return { seq: Number(line.slice(7, atK)), at: Number(line.slice(atK + 6, nodeK)), node, actor, type };
}

/** Shortens a sampled line so the sample file stays a small fraction of the trace. */
function clip(line: string): string {
  if (line.length <= MAX_SAMPLE_CHARS) return line;
  const dataK = line.indexOf(',"data":');
  const head = dataK < 0 ? line.slice(0, 120) : line.slice(0, dataK);
  const body = dataK < 0 ? "" : line.slice(dataK + 8, dataK + 8 + MAX_SAMPLE_CHARS - head.length);
  return `${head},"data":${JSON.stringify(body + "…")}}`;
}

/**
 * Keeps each node's last `perNode` entries per window of `windowMs` and writes them, one
 * block per window, to an NDJSON file (`{"n":node,"e":[…]}` per node with entries). Without
 * a path it only keeps the current and previous window in memory (live mode).
 */
export class LogSampler {
  readonly blocks: VizLogBlock[] = [];
  private rings: (string | LogEntry)[][] = [];
  private previous: (string | LogEntry)[][] = [];
  private window = 0;
  private offset = 0;
  private readonly fd: number | undefined;

  constructor(
    path: string | undefined,
    readonly windowMs: number,
    readonly perNode: number,
  ) {
    this.fd = path === undefined ? undefined : openSync(path, "w");
  }

  /** Records an entry (a parsed entry or its trace line) of node `n` at time `at`. */
  add(n: number, at: number, item: string | LogEntry): void {
    const w = Math.floor(at / this.windowMs);
    if (w > this.window) this.flush(w);
    let ring = this.rings[n];
    if (!ring) ring = this.rings[n] = [];
    ring.push(item);
    // Trim in batches: a splice per entry would dominate the cost at millions of entries.
    if (ring.length >= this.perNode * 4) ring.splice(0, ring.length - this.perNode);
  }

  /** The node's latest sampled lines (current window, else the previous one), for live inspection. */
  recent(n: number): string[] {
    const ring = this.rings[n]?.length ? this.rings[n]! : (this.previous[n] ?? []);
    return ring.slice(-this.perNode).map((e) => clip(typeof e === "string" ? e : entryLine(e)));
  }

  /** Writes the current window and starts window `next`. */
  flush(next: number): void {
    const lines: string[] = [];
    this.rings.forEach((ring, n) => {
      if (!ring || ring.length === 0) return;
      const items = ring.slice(-this.perNode).map((e) => clip(typeof e === "string" ? e : entryLine(e)));
      lines.push(`{"n":${n},"e":[${items.join(",")}]}\n`);
    });
    if (this.fd !== undefined && lines.length > 0) {
      const text = lines.join("");
      const length = Buffer.byteLength(text);
      writeSync(this.fd, text);
      this.blocks.push({ w: this.window, offset: this.offset, length });
      this.offset += length;
    }
    this.previous = this.rings;
    this.rings = [];
    this.window = next;
  }

  /** Flushes the last window and closes the file. */
  close(): void {
    this.flush(this.window + 1);
    if (this.fd !== undefined) closeSync(this.fd);
  }
}
