import type { LogEntry } from "../../../runtime/event-log.js";
import type { VizIndex } from "../../../runtime/trace-index-format.js";
import type { RunSource } from "./source.js";

/**
 * What the live server sends: a snapshot on connect, then appends. Arrays in an append
 * continue the ones the client has; `messages` replaces summaries by position.
 * Documented in viz/FORMAT.md ("Live mode").
 */
export type LiveMessage =
  | { type: "snapshot"; index: VizIndex; deliveries: Record<number, number[]> }
  | {
      type: "append";
      end: number;
      entries: number;
      nodes: VizIndex["nodes"];
      nodeProtocols: number[];
      protocols: string[];
      modes: string[];
      keyframes: VizIndex["keyframes"];
      events: VizIndex["events"];
      faults: VizIndex["faults"];
      counts: number[];
      largest: number[];
      messages: [number, VizIndex["messages"][number]][];
      deliveries: Record<number, number[]>;
    };

/** A live run: the index grows as appends arrive; `onUpdate` listeners redraw. */
export interface LiveSource extends RunSource {
  onUpdate(fn: () => void): void;
}

/** Connects to `url`; resolves undefined when no live server answers within `waitMs`. */
export function openLive(url: string, waitMs = 800): Promise<LiveSource | undefined> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      resolve(undefined);
      return;
    }
    const timer = window.setTimeout(() => {
      ws.close();
      resolve(undefined);
    }, waitMs);
    const listeners: (() => void)[] = [];
    const rows = new Map<number, number[]>();
    let source: LiveSource | undefined;
    ws.onerror = () => {
      window.clearTimeout(timer);
      if (!source) resolve(undefined);
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as LiveMessage;
      if (msg.type === "snapshot") {
        window.clearTimeout(timer);
        for (const [m, r] of Object.entries(msg.deliveries)) rows.set(Number(m), r);
        source = liveSource(msg.index, rows, listeners);
        resolve(source);
        return;
      }
      if (!source) return;
      merge(source.index, rows, msg);
      for (const fn of listeners) fn();
    };
  });
}

function liveSource(index: VizIndex, rows: Map<number, number[]>, listeners: (() => void)[]): LiveSource {
  return {
    index,
    live: true,
    flows: (m) => Promise.resolve(rows.get(m) ?? []),
    async log(node: number): Promise<LogEntry[]> {
      const res = await fetch(`live/log?node=${node}`);
      return res.ok ? ((await res.json()) as LogEntry[]) : [];
    },
    onUpdate: (fn) => listeners.push(fn),
  };
}

function merge(index: VizIndex, rows: Map<number, number[]>, a: Extract<LiveMessage, { type: "append" }>): void {
  index.end = a.end;
  index.entries = a.entries;
  index.nodes.push(...a.nodes);
  index.nodeProtocols.splice(0, index.nodeProtocols.length, ...a.nodeProtocols);
  index.protocols.splice(0, index.protocols.length, ...a.protocols);
  index.modes.splice(0, index.modes.length, ...a.modes);
  index.keyframes.push(...a.keyframes);
  for (const e of a.events) index.events.push(e);
  index.faults.push(...a.faults);
  index.components.counts.push(...a.counts);
  index.components.largest.push(...a.largest);
  for (const [i, m] of a.messages) index.messages[i] = m;
  for (const [m, r] of Object.entries(a.deliveries)) {
    const have = rows.get(Number(m)) ?? [];
    for (const x of r) have.push(x);
    rows.set(Number(m), have);
  }
}
