import { TopologyState } from "../index/trace-index-graph.js";
import { Delta, type ViewPeer, type VizIndex } from "../../../runtime/trace-index-format.js";

/** Components of the topology at the model's time. */
export interface ComponentInfo {
  count: number;
  largest: number;
  comp: Int32Array;
  sizes: number[];
}

/**
 * The run at one instant, rebuilt from the nearest keyframe at or before it plus the
 * deltas since. Moving forward within a keyframe interval applies only the new deltas,
 * so playback costs little; any other move restarts from a keyframe.
 */
export class RunModel {
  readonly topo = new TopologyState();
  /** `${node}:${actor}` → observed state value. */
  readonly states = new Map<string, string>();
  time = -1;
  partition = -1;
  /** Bumped whenever the edge set may have changed (layout restarts on it). */
  topologyVersion = 0;
  private cursor = 0;
  private keyframe = -1;
  private comps: ComponentInfo | undefined;

  constructor(readonly index: VizIndex) {
    this.grow();
  }

  /** Adds nodes that appeared since (live mode). */
  grow(): void {
    while (this.topo.size < this.index.nodes.length) this.topo.addNode();
  }

  /** Moves to time `t` (clamped to the run). */
  seek(t: number): void {
    const ix = this.index;
    this.grow();
    t = Math.max(0, Math.min(t, ix.end));
    const k = this.keyframeAt(t);
    const sameSpan = k === this.keyframe && t >= this.time;
    if (!sameSpan) this.reset(k);
    const before = this.topologyVersion;
    const events = ix.events;
    while (this.cursor < events.length && events[this.cursor]![0] <= t) this.apply(events[this.cursor++]!);
    if (!sameSpan) this.topologyVersion++;
    if (this.topologyVersion !== before || !sameSpan) this.comps = undefined;
    this.time = t;
  }

  /** Connected components now (cached until the topology changes). */
  components(): ComponentInfo {
    return (this.comps ??= this.topo.components());
  }

  /**
   * Components large enough to read as clusters: at least 5% of the up nodes (and 3).
   * Nodes whose whole view lies across a partition are cut off alone; counting those
   * would hide the two halves the eye sees. Components are sorted by size, so clusters
   * are the first `clusters()` of them.
   */
  clusters(): number {
    const { sizes } = this.components();
    const up = sizes.reduce((s, x) => s + x, 0);
    const min = Math.max(3, Math.ceil(up * 0.05));
    return sizes.filter((s) => s >= min).length;
  }

  /** The node's view members as plain indices. */
  peers(n: number): number[] {
    return (this.topo.views[n] ?? []).map((p: ViewPeer) => (typeof p === "number" ? p : p[0]));
  }

  private keyframeAt(t: number): number {
    const kfs = this.index.keyframes;
    let lo = 0;
    let hi = kfs.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (kfs[mid]!.at <= t) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  private reset(k: number): void {
    const topo = this.topo;
    const kf = this.index.keyframes[k];
    this.keyframe = k;
    this.states.clear();
    for (let n = 0; n < topo.size; n++) {
      // Deltas replace view arrays and never mutate them, so sharing the keyframe's is safe.
      topo.views[n] = kf?.views[n] ?? [];
      topo.mode[n] = kf?.mode[n] ?? 0;
      topo.up[n] = kf ? (kf.up[n] === "0" ? 0 : 1) : 1;
    }
    this.setPartition(kf?.partition ?? -1);
    for (const [n, actor, value] of kf?.states ?? []) this.states.set(`${n}:${actor}`, value);
    this.cursor = kf?.ev ?? 0;
  }

  private setPartition(fault: number): void {
    this.partition = fault;
    this.topo.setPartition(fault >= 0 ? this.index.faults[fault]?.sides : undefined);
  }

  private apply([, kind, node, payload]: [number, number, number, unknown]): void {
    const topo = this.topo;
    if (kind === Delta.View) topo.views[node] = payload as ViewPeer[];
    else if (kind === Delta.Mode) topo.mode[node] = payload as number;
    else if (kind === Delta.Up) topo.up[node] = payload as number;
    else if (kind === Delta.Partition) this.setPartition(payload as number);
    else if (kind === Delta.State) {
      const [actor, value] = payload as [string, string];
      this.states.set(`${node}:${actor}`, value);
      return;
    }
    this.topologyVersion++;
  }
}
