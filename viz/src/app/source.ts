import type { LogEntry } from "../../../runtime/event-log.js";
import { VIZ_INDEX_VERSION, type VizIndex, type VizLogLine } from "../../../runtime/trace-index-format.js";

/** Where the viewer's data comes from: a run directory's index files, or a live socket. */
export interface RunSource {
  readonly index: VizIndex;
  readonly live: boolean;
  /** Deliveries of message `m` as flat `[node, at, via, hops]` rows. */
  flows(m: number): Promise<ArrayLike<number>>;
  /** The node's sampled log entries at or before `t`, oldest first. */
  log(node: number, t: number): Promise<LogEntry[]>;
}

/** Bytes per delivery row in `viz.flows.bin`. */
const ROW_BYTES = 16;

/** Fetches `[from, to)` bytes; accepts servers that ignore Range by slicing the full body. */
async function fetchRange(url: string, from: number, to: number): Promise<ArrayBuffer> {
  if (to <= from) return new ArrayBuffer(0);
  const res = await fetch(url, { headers: { Range: `bytes=${from}-${to - 1}` } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const body = await res.arrayBuffer();
  return res.status === 206 ? body : body.slice(from, to);
}

/** Opens a finished run served under `base` (`viz.json` and the files it names). */
export async function openStatic(base: string): Promise<RunSource> {
  const res = await fetch(`${base}viz.json`);
  if (!res.ok) throw new Error(`no index at ${base}viz.json (HTTP ${res.status}); run \`meshtwin viz DIR\``);
  const index = (await res.json()) as VizIndex;
  if (index.version !== VIZ_INDEX_VERSION)
    throw new Error(
      `${base}viz.json has format version ${index.version}, this viewer reads ${VIZ_INDEX_VERSION}: re-index the run`,
    );
  const blocks = new Map<number, Promise<string>>();
  const block = (w: number): Promise<string> => {
    let p = blocks.get(w);
    if (!p) {
      const b = index.log.blocks.find((x) => x.w === w);
      p = b
        ? fetchRange(`${base}${index.files.log}`, b.offset, b.offset + b.length).then((buf) =>
            new TextDecoder().decode(buf),
          )
        : Promise.resolve("");
      blocks.set(w, p);
      // Keep a handful of blocks: each is up to a megabyte at 1,000 nodes.
      if (blocks.size > 12) blocks.delete(blocks.keys().next().value!);
    }
    return p;
  };
  return {
    index,
    live: false,
    async flows(m) {
      const msg = index.messages[m];
      if (!msg) return [];
      const buf = await fetchRange(`${base}${index.files.flows}`, msg.off * ROW_BYTES, (msg.off + msg.n) * ROW_BYTES);
      return new Int32Array(buf);
    },
    async log(node, t) {
      const want = index.log.perNode;
      const out: LogEntry[] = [];
      // Walk back from t's window until the sample holds enough entries at or before t.
      for (let w = Math.floor(t / index.log.windowMs); w >= 0 && out.length < want; w--) {
        const text = await block(w);
        const prefix = `{"n":${node},`;
        const start = text.startsWith(prefix) ? 0 : text.indexOf(`\n${prefix}`) + 1;
        if (start === 0 && !text.startsWith(prefix)) continue;
        const end = text.indexOf("\n", start);
        const line = JSON.parse(text.slice(start, end < 0 ? undefined : end)) as VizLogLine;
        out.unshift(...(line.e as LogEntry[]).filter((e) => e.at <= t));
        if (Math.floor(t / index.log.windowMs) - w > 30) break;
      }
      return out.slice(-want);
    },
  };
}
