/**
 * The viewer's index of a trace (`viz.json` beside `trace.ndjson`), documented in
 * `viz/FORMAT.md`. Nodes are referred to by their position in `nodes`, so the index is a
 * fraction of the trace's size: the viewer never reads the raw trace.
 */

/** Bumped on any incompatible change; the viewer refuses other versions. */
export const VIZ_INDEX_VERSION = 1;

/** Kinds of a delta in {@link VizIndex.events}. */
export const Delta = {
  /** `[at, View, node, peers]`: the node's active view is now `peers` ({@link ViewPeer}[]). */
  View: 0,
  /** `[at, Mode, node, modeIndex]` into {@link VizIndex.modes}. */
  Mode: 1,
  /** `[at, Up, node, 0 | 1]`: crash (0) or (re)start (1). */
  Up: 2,
  /** `[at, Partition, -1, faultIndex | -1]`: partition in force from now on (-1: healed). */
  Partition: 3,
  /** `[at, State, node, [actor, value]]`: an actor's observed state (`<actor>.state` entries). */
  State: 4,
} as const;

/** A view member: a peer index for a direct link, `[peer, via]` for a link relayed through `via`. */
export type ViewPeer = number | [number, number];

/** One delta: `[at, kind, node, payload]`, ordered as in the trace. */
export type VizDelta = [number, number, number, unknown];

/** A node as the world declared it (or as first seen, for late joiners). */
export interface VizNode {
  readonly id: string;
  readonly group: string;
  readonly segment: string;
  readonly x?: number;
  readonly y?: number;
}

/** The full state at `at` (every entry with `at' ≤ at` applied); deltas resume at `events[ev]`. */
export interface VizKeyframe {
  readonly at: number;
  /** Index of the first delta after this keyframe. */
  readonly ev: number;
  /** Per node: its active view. */
  readonly views: ViewPeer[][];
  /** Per node: index into {@link VizIndex.modes}. */
  readonly mode: number[];
  /** Per node '1' (up) or '0' (down). */
  readonly up: string;
  /** Per node: component index (0 = largest) or -1 when down. */
  readonly comp: number[];
  /** Partition in force: index into `faults`, or -1. */
  readonly partition: number;
  /** Observed actor states per node: `[node, actor, value]`. */
  readonly states: [number, string, string][];
}

/** A fault or node lifecycle event, for timeline marks. */
export interface VizFault {
  readonly at: number;
  /** Entry type: `fault.partition`, `fault.heal`, `node.crash`, … */
  readonly type: string;
  /** Node index, or -1 for world-wide faults. */
  readonly node: number;
  /** For partitions: node indices per side. */
  readonly sides?: number[][];
  /** Other fault data, as logged. */
  readonly data?: unknown;
}

/** A gossip message; its deliveries are rows `[node, at, via, hops]` (Int32 LE) in `viz.flows.bin`. */
export interface VizMessage {
  readonly id: string;
  readonly origin: number;
  readonly at: number;
  /** First row of its deliveries in the flows file. */
  readonly off: number;
  /** Number of deliveries (nodes that received it). */
  readonly n: number;
  /** Time of the last delivery. */
  readonly last: number;
  /** Largest hop count. */
  readonly hops: number;
  /** `lookup` for a DHT operation (`kad.lookup.done`): rows go to the closest nodes found. @default gossip */
  readonly kind?: "gossip" | "lookup";
}

/** Where a log-sample window's block lies in `viz.log.ndjson`. */
export interface VizLogBlock {
  /** Window index: covers `[w·windowMs, (w+1)·windowMs)`. */
  readonly w: number;
  readonly offset: number;
  readonly length: number;
}

/** The whole index. */
export interface VizIndex {
  readonly version: number;
  readonly scenario: string;
  readonly seed: unknown;
  readonly duration: number;
  /** Time of the last entry. */
  end: number;
  /** Entries read. */
  entries: number;
  readonly nodes: VizNode[];
  /** Mode names; index 0 is "unknown". */
  readonly modes: string[];
  /** Actor (protocol) names seen in the trace. */
  readonly protocols: string[];
  /** Per node: bit i set when it ran `protocols[i]` (first 31 protocols). */
  readonly nodeProtocols: number[];
  readonly keyframeMs: number;
  readonly keyframes: VizKeyframe[];
  readonly events: VizDelta[];
  readonly faults: VizFault[];
  /** Connected components among up nodes, sampled at `i·stepMs` (every entry with at ≤ that applied). */
  readonly components: { readonly stepMs: number; readonly counts: number[]; readonly largest: number[] };
  readonly messages: VizMessage[];
  /** Files beside the index. */
  readonly files: { readonly flows: string; readonly log: string };
  readonly log: { readonly windowMs: number; readonly perNode: number; readonly blocks: VizLogBlock[] };
  /** Counts of entries that are not drawn but worth knowing (e.g. `kad.lookup.done`, `node.drop`). */
  readonly counters: Record<string, number>;
}

/** One sampled log line as stored in `viz.log.ndjson` blocks: `{"n":node,"e":[entries]}`. */
export interface VizLogLine {
  readonly n: number;
  readonly e: { seq: number; at: number; actor: string; type: string; data: unknown }[];
}
