import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Observable } from "rxjs";
import type { LogEntry } from "../../../runtime/event-log.js";
import { TopologyState } from "./trace-index-graph.js";
import { LogSampler, parseHeader } from "./trace-index-log.js";
import {
  Delta,
  VIZ_INDEX_VERSION,
  type ViewPeer,
  type VizDelta,
  type VizFault,
  type VizIndex,
  type VizKeyframe,
  type VizMessage,
} from "../../../runtime/trace-index-format.js";

export type * from "../../../runtime/trace-index-format.js";
export { Delta, VIZ_INDEX_VERSION } from "../../../runtime/trace-index-format.js";

/** DHT operations indexed as flows; later ones are only counted. */
const MAX_LOOKUPS = 2000;

/** Names of the files the index writer puts beside `trace.ndjson`. */
export const VIZ_FILES = { index: "viz.json", flows: "viz.flows.bin", log: "viz.log.ndjson" } as const;

/** Options of {@link TraceIndexer}. */
export interface TraceIndexOptions {
  /** Simulated time between topology keyframes. @default 10000 */
  readonly keyframeMs?: number;
  /** Simulated time between connected-component samples. @default 1000 */
  readonly componentStepMs?: number;
  /** Log entries kept per node per keyframe window for the inspector. @default 8 */
  readonly logPerNode?: number;
  /**
   * View changes are coalesced to one delta per node per step: membership views can
   * change several times a second per node, which would make the index as large as
   * the trace. Must divide `keyframeMs`. @default 1000
   */
  readonly viewStepMs?: number;
}

/** Entry types whose `data` the index reads; every other line only feeds the log sample. */
function wanted(type: string): boolean {
  return (
    type === "membership.view" ||
    type === "holepunch.path" ||
    type === "discovery.mode" ||
    type.startsWith("gossip.") ||
    type.startsWith("fault.") ||
    type.startsWith("node.") ||
    type === "world.nodes" ||
    type === "kad.lookup.done" ||
    type.endsWith(".state")
  );
}

/**
 * Builds the viewer's index (`viz/FORMAT.md`) from a stream of log entries, in one pass
 * and bounded memory apart from message deliveries. With a directory it writes the log
 * sample as it goes and the index and flows on {@link finish}; without one it serves the
 * live viewer from memory.
 */
export class TraceIndexer {
  private readonly topo = new TopologyState();
  private readonly ids = new Map<string, number>();
  private readonly rows: number[][] = [];
  private readonly msgIds = new Map<string, number>();
  private readonly states = new Map<string, [number, string, string]>();
  private readonly protocolIds = new Map<string, number>();
  private readonly sampler: LogSampler;
  private partition = -1;
  private lookups = 0;
  private nextKeyframe = 0;
  private nextSample = 0;
  private nextViewFlush = 0;
  private readonly viewStepMs: number;
  /** Nodes whose view changed since the last flush. */
  private readonly dirty = new Set<number>();
  /** Per node: its last membership view, and the path to each peer its holepunch actor chose. */
  private readonly memberViews: ViewPeer[][] = [];
  private readonly paths = new Map<number, Map<number, number>>();
  private cached: { count: number; largest: number; comp: Int32Array } | undefined;
  readonly index: VizIndex;

  constructor(
    readonly dir: string | undefined,
    options: TraceIndexOptions = {},
  ) {
    const keyframeMs = options.keyframeMs ?? 10_000;
    this.viewStepMs = options.viewStepMs ?? 1000;
    if (keyframeMs % this.viewStepMs !== 0) throw new Error("trace index: viewStepMs must divide keyframeMs");
    if (dir !== undefined) mkdirSync(dir, { recursive: true });
    this.sampler = new LogSampler(dir && join(dir, VIZ_FILES.log), keyframeMs, options.logPerNode ?? 8);
    this.index = {
      version: VIZ_INDEX_VERSION,
      scenario: "",
      seed: null,
      duration: 0,
      end: 0,
      entries: 0,
      nodes: [],
      modes: ["unknown"],
      protocols: [],
      nodeProtocols: [],
      keyframeMs,
      keyframes: [],
      events: [],
      faults: [],
      components: { stepMs: options.componentStepMs ?? 1000, counts: [], largest: [] },
      messages: [],
      files: { flows: VIZ_FILES.flows, log: VIZ_FILES.log },
      log: { windowMs: keyframeMs, perNode: options.logPerNode ?? 8, blocks: this.sampler.blocks },
      counters: {},
    };
  }

  /** Consumes one entry (live subscription). */
  push(e: LogEntry): void {
    this.advance(e.at);
    this.apply(e.at, e.node, e.actor, e.type, wanted(e.type) ? e.data : undefined, e);
  }

  /** Consumes one trace line, parsing its data only when the index needs it. */
  pushLine(line: string): void {
    if (line.length === 0) return;
    const h = parseHeader(line);
    if (!h || wanted(h.type)) {
      const e = JSON.parse(line) as LogEntry;
      this.advance(e.at);
      this.apply(e.at, e.node, e.actor, e.type, e.data, line);
      return;
    }
    this.advance(h.at);
    this.apply(h.at, h.node, h.actor, h.type, undefined, line);
  }

  /** The node's index, adding nodes first seen outside `world.nodes` (late joiners). */
  node(id: string, group = id.replace(/-\d+$/, ""), segment = ""): number {
    let n = this.ids.get(id);
    if (n !== undefined) return n;
    n = this.topo.addNode();
    this.ids.set(id, n);
    this.index.nodes.push({ id, group, segment });
    this.index.nodeProtocols.push(0);
    return n;
  }

  /** Deliveries of message `m` so far, as flat `[node, at, via, hops]` rows. */
  deliveries(m: number): readonly number[] {
    return this.rows[m] ?? [];
  }

  /** Latest sampled log lines of a node (live inspector). */
  recentLog(n: number): string[] {
    return this.sampler.recent(n);
  }

  /** Takes the samples and keyframes due up to `end`, writes the files (with a directory) and returns the index. */
  finish(): VizIndex {
    this.advance(this.index.end + 1, true);
    this.sampler.close();
    if (this.dir !== undefined) {
      const flat = new Int32Array(this.rows.reduce((s, r) => s + r.length, 0));
      let off = 0;
      this.index.messages.forEach((m, i) => {
        flat.set(this.rows[i]!, off * 4);
        (m as { off: number }).off = off;
        off += m.n;
      });
      writeFileSync(join(this.dir, VIZ_FILES.flows), new Uint8Array(flat.buffer));
      writeFileSync(join(this.dir, VIZ_FILES.index), JSON.stringify(this.index));
    }
    return this.index;
  }

  /** Takes the component samples and keyframes due strictly before `at` (inclusive with `final`). */
  private advance(at: number, final = false): void {
    if (at > this.index.end && !final) this.index.end = at;
    if (this.nextViewFlush < at || final) {
      // Every pending change happened at or before this boundary (and at or before end).
      const boundary = Math.min(this.nextViewFlush, this.index.end);
      for (const n of this.dirty) this.delta(boundary, Delta.View, n, this.topo.views[n]);
      this.dirty.clear();
      this.nextViewFlush = Math.max(
        this.nextViewFlush + this.viewStepMs,
        Math.ceil(at / this.viewStepMs) * this.viewStepMs,
      );
    }
    const cs = this.index.components;
    while (this.nextSample < at) {
      this.cached ??= this.topo.components();
      cs.counts.push(this.cached.count);
      cs.largest.push(this.cached.largest);
      this.nextSample += cs.stepMs;
    }
    while (this.nextKeyframe < at) {
      this.cached ??= this.topo.components();
      this.index.keyframes.push(this.keyframe(this.nextKeyframe, this.cached.comp));
      this.nextKeyframe += this.index.keyframeMs;
    }
  }

  private keyframe(at: number, comp: Int32Array): VizKeyframe {
    const t = this.topo;
    return {
      at,
      ev: this.index.events.length,
      views: t.views.map((v) => v.slice()),
      mode: t.mode.slice(),
      up: t.up.join(""),
      comp: Array.from(comp),
      partition: this.partition,
      states: [...this.states.values()],
    };
  }

  private delta(at: number, kind: number, node: number, payload: unknown): void {
    this.index.events.push([at, kind, node, payload] as VizDelta);
    if (kind !== Delta.State) this.cached = undefined;
  }

  private apply(at: number, nodeId: string, actor: string, type: string, data: unknown, raw: string | LogEntry): void {
    this.index.entries++;
    const n = nodeId === "*" ? -1 : this.node(nodeId);
    if (n >= 0) {
      this.sampler.add(n, at, raw);
      if (actor !== "node") this.protocol(n, actor);
    }
    const d = (data ?? {}) as Record<string, unknown>;
    if (type === "membership.view" && n >= 0) {
      this.memberViews[n] = Array.isArray(d.peers) ? d.peers.map((p) => this.peer(p)) : [];
      this.mergeView(n);
    } else if (type === "holepunch.path" && n >= 0 && typeof d.peer === "string") {
      // The path this node uses to a peer: direct and punched links are drawn plain,
      // relayed ones through their (first) relay.
      const hop = Array.isArray(d.via) ? d.via[0] : d.via;
      const paths = this.paths.get(n) ?? new Map<number, number>();
      this.paths.set(n, paths);
      paths.set(this.node(d.peer), d.path === "relayed" && typeof hop === "string" ? this.node(hop) : -1);
      this.mergeView(n);
    } else if (type === "discovery.mode" && n >= 0) {
      let mode = this.index.modes.indexOf(String(d.mode));
      if (mode < 0) mode = this.index.modes.push(String(d.mode)) - 1;
      this.topo.mode[n] = mode;
      this.delta(at, Delta.Mode, n, mode);
    } else if (type === "gossip.published" || type === "gossip.delivered") {
      this.gossip(at, n, type, d);
    } else if (type === "node.crash" || type === "node.restart") {
      const up = type === "node.restart" ? 1 : 0;
      this.topo.up[n] = up;
      this.delta(at, Delta.Up, n, up);
      // A node's view does not survive it: it is rebuilt (and logged) after the restart.
      this.topo.views[n] = [];
      this.memberViews[n] = [];
      this.paths.delete(n);
      this.dirty.delete(n);
      this.delta(at, Delta.View, n, []);
      this.index.faults.push({ at, type, node: n, data });
    } else if (type.startsWith("fault.")) {
      this.fault(at, n, type, d);
    } else if (type === "world.nodes") {
      this.world(d);
    } else if (type.endsWith(".state") && n >= 0) {
      const value = typeof d.value === "string" ? d.value : JSON.stringify(d.value ?? d);
      this.states.set(`${n}:${actor}`, [n, actor, value]);
      this.delta(at, Delta.State, n, [actor, value]);
    } else if (type === "node.drop" || type === "kad.lookup.done" || type.startsWith("relay.")) {
      this.index.counters[type] = (this.index.counters[type] ?? 0) + 1;
      if (type === "kad.lookup.done" && n >= 0) this.lookup(at, n, d);
    }
  }

  /**
   * A node's links: its membership view, plus the peers its holepunch actor reached (a
   * relayed path marks the link, in the view or not, as relayed through its relay).
   */
  private mergeView(n: number): void {
    const paths = this.paths.get(n);
    const peerOf = (p: ViewPeer) => (typeof p === "number" ? p : p[0]);
    const member = this.memberViews[n] ?? [];
    const styled = (p: number): ViewPeer => {
      const via = paths?.get(p) ?? -1;
      return via >= 0 ? [p, via] : p;
    };
    const merged: ViewPeer[] = member.map((p) => (paths?.has(peerOf(p)) ? styled(peerOf(p)) : p));
    const inView = new Set(member.map(peerOf));
    if (paths) for (const p of paths.keys()) if (!inView.has(p)) merged.push(styled(p));
    this.topo.views[n] = merged;
    this.cached = undefined;
    this.dirty.add(n);
  }

  /** A view member: an id, or `{id|peer, via}` for a relayed link. */
  private peer(p: unknown): ViewPeer {
    if (typeof p === "string") return this.node(p);
    const o = (p ?? {}) as { id?: unknown; peer?: unknown; via?: unknown };
    const b = this.node(String(o.id ?? o.peer));
    return typeof o.via === "string" ? [b, this.node(o.via)] : b;
  }

  private protocol(n: number, actor: string): void {
    let p = this.protocolIds.get(actor);
    if (p === undefined) {
      p = this.index.protocols.push(actor) - 1;
      this.protocolIds.set(actor, p);
    }
    if (p < 31) this.index.nodeProtocols[n]! |= 1 << p;
  }

  private world(d: Record<string, unknown>): void {
    const mutable = this.index as { scenario: string; seed: unknown; duration: number };
    mutable.scenario = String(d.scenario ?? "");
    mutable.seed = d.seed ?? null;
    mutable.duration = Number(d.duration ?? 0);
    const nodes = Array.isArray(d.nodes) ? (d.nodes as Record<string, unknown>[]) : [];
    for (const x of nodes) {
      const id = String(x.id);
      const n = this.node(id, String(x.group ?? ""), String(x.segment ?? ""));
      const pos = x.position as { x?: number; y?: number } | undefined;
      const info = { id, group: String(x.group ?? ""), segment: String(x.segment ?? "") };
      this.index.nodes[n] = typeof pos?.x === "number" ? { ...info, x: pos.x, y: pos.y ?? 0 } : info;
    }
  }

  private fault(at: number, n: number, type: string, d: Record<string, unknown>): void {
    const i = this.index.faults.length;
    if (type === "fault.partition" && Array.isArray(d.sides)) {
      const sides = (d.sides as unknown[][]).map((s) => s.map((id) => this.node(String(id))));
      this.index.faults.push({ at, type, node: n, sides } satisfies VizFault);
      this.partition = i;
      this.topo.setPartition(sides);
      this.delta(at, Delta.Partition, -1, i);
      return;
    }
    this.index.faults.push({ at, type, node: n, data: d });
    if (type === "fault.heal") {
      this.partition = -1;
      this.topo.setPartition(undefined);
      this.delta(at, Delta.Partition, -1, -1);
    }
  }

  /**
   * A finished DHT operation becomes a flow like a message's: from the asking node to the
   * closest nodes it found (when the actor reports `closest`), at the time it finished.
   * Capped, since light nodes may look up constantly.
   */
  private lookup(at: number, n: number, d: Record<string, unknown>): void {
    if (this.lookups >= MAX_LOOKUPS) return;
    this.lookups++;
    const key = String(d.key ?? "").slice(0, 12);
    const id = `${String(d.op ?? "lookup")} ${key} ${d.ok === false ? "✘" : "✔"} #${this.lookups}`;
    const ms = Number(d.ms ?? 0);
    const hops = Number(d.hops ?? 0);
    const rows: number[] = [];
    const closest = Array.isArray(d.closest) ? d.closest : Array.isArray(d.providers) ? d.providers : [];
    for (const c of closest) if (String(c) !== this.index.nodes[n]!.id) rows.push(this.node(String(c)), at, n, hops);
    const m = { id, origin: n, at: at - ms, off: 0, n: rows.length / 4, last: at, hops, kind: "lookup" as const };
    this.msgIds.set(id, this.index.messages.push(m) - 1);
    this.rows.push(rows);
  }

  private gossip(at: number, n: number, type: string, d: Record<string, unknown>): void {
    const id = String(d.id);
    let m = this.msgIds.get(id);
    if (m === undefined) {
      const origin = type === "gossip.published" ? n : this.node(String(d.origin ?? ""));
      m = this.index.messages.push({ id, origin, at, off: 0, n: 0, last: at, hops: 0 } satisfies VizMessage) - 1;
      this.msgIds.set(id, m);
      this.rows.push([]);
    }
    if (type !== "gossip.delivered" || n < 0) return;
    const msg = this.index.messages[m] as { n: number; last: number; hops: number };
    const hops = Number(d.hops ?? 0);
    const via = typeof d.via === "string" ? this.node(d.via) : -1;
    this.rows[m]!.push(n, at, via, hops);
    msg.n++;
    msg.last = at;
    if (hops > msg.hops) msg.hops = hops;
  }
}

/** Indexes a live log while it runs; `close()` finishes and writes the index (also on completion). */
export function attachTraceIndex(
  entries$: Observable<LogEntry>,
  dir: string,
  options?: TraceIndexOptions,
): { readonly indexer: TraceIndexer; close(): VizIndex } {
  const indexer = new TraceIndexer(dir, options);
  let result: VizIndex | undefined;
  const close = (): VizIndex => (result ??= indexer.finish());
  const sub = entries$.subscribe({ next: (e) => indexer.push(e), complete: () => void close() });
  return {
    indexer,
    close() {
      sub.unsubscribe();
      return close();
    },
  };
}

/**
 * Streams an existing `trace.ndjson` into an index written to `dir` (default: beside the
 * trace). A `report.json` beside the trace names the run when the trace lacks `world.nodes`.
 */
export async function indexTraceFile(tracePath: string, dir?: string, options?: TraceIndexOptions): Promise<VizIndex> {
  const indexer = new TraceIndexer(dir ?? join(tracePath, ".."), options);
  const lines = createInterface({ input: createReadStream(tracePath), crlfDelay: Infinity });
  for await (const line of lines) indexer.pushLine(line);
  const report = join(tracePath, "..", "report.json");
  if (indexer.index.scenario === "" && existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8")) as { scenario?: string; seed?: unknown; simulatedMs?: number };
    Object.assign(indexer.index, { scenario: r.scenario ?? "", seed: r.seed ?? null, duration: r.simulatedMs ?? 0 });
  }
  return indexer.finish();
}
