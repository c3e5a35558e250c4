import * as d3 from "d3";
import type { VizIndex } from "../../../runtime/trace-index-format.js";
import type { RunModel } from "./model.js";

interface SimNode extends d3.SimulationNodeDatum {
  readonly i: number;
}

/** How a node is painted. */
export interface Paint {
  fill(n: number): string;
  dim(n: number): boolean;
  /** Edges `[via, node]` of the selected message's spread so far. */
  flow: readonly [number, number][];
  selected: number;
  found: number;
}

/**
 * The topology on a canvas (SVG is too slow at 1,000+ nodes). Positions come from the
 * nodes' coordinates when every node has one, else from a force layout over the live
 * edges, with each large component pulled toward its own anchor so a partition reads as
 * separate clusters.
 */
export class GraphView {
  readonly nodes: SimNode[];
  private readonly ctx: CanvasRenderingContext2D;
  private readonly sim: d3.Simulation<SimNode, undefined> | undefined;
  private zoom = d3.zoomIdentity;
  private fit = { k: 1, x: 0, y: 0 };
  private version = -1;
  private queued = false;
  private simulated = 0;
  paint: Paint = { fill: () => "#888", dim: () => false, flow: [], selected: -1, found: -1 };
  /** Called with whether the layout has come to rest. */
  onSettle: (settled: boolean) => void = () => {};

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly index: VizIndex,
    private readonly model: RunModel,
  ) {
    this.ctx = canvas.getContext("2d")!;
    const geo = index.nodes.length > 0 && index.nodes.every((n) => typeof n.x === "number");
    this.nodes = index.nodes.map((n, i) => ({ i, ...(geo ? { fx: n.x!, fy: -(n.y ?? 0) } : {}) }));
    if (!geo) {
      const big = index.nodes.length > 3000;
      this.simulated = this.nodes.length;
      this.sim = d3
        .forceSimulation(this.nodes)
        .force(
          "charge",
          d3
            .forceManyBody<SimNode>()
            .strength(big ? -4 : -10)
            .distanceMax(200)
            .theta(big ? 1.2 : 0.9),
        )
        .force("link", d3.forceLink<SimNode, d3.SimulationLinkDatum<SimNode>>([]).distance(15).strength(0.3))
        .alphaDecay(0.04)
        .on("tick", () => this.draw())
        .on("end", () => this.onSettle(true));
    }
    d3.select(canvas).call(
      d3
        .zoom<HTMLCanvasElement, unknown>()
        .scaleExtent([0.2, 40])
        .on("zoom", (ev: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
          this.zoom = ev.transform;
          this.draw();
        }),
    );
  }

  /** Re-links the layout when the topology changed, and redraws. */
  update(): void {
    this.grow();
    if (this.sim && this.version !== this.model.topologyVersion) {
      this.version = this.model.topologyVersion;
      const links: { source: number; target: number }[] = [];
      this.model.topo.forEachEdge((a, b, _via, live) => {
        if (live) links.push({ source: a, target: b });
      });
      const { comp } = this.model.components();
      const anchored = this.model.clusters();
      const r = Math.max(60, 7 * Math.sqrt(this.nodes.length));
      const anchor = (n: SimNode, axis: "x" | "y"): number => {
        const c = comp[n.i]!;
        if (anchored < 2 || c < 0 || c >= anchored) return 0;
        const angle = (2 * Math.PI * c) / anchored;
        return axis === "x" ? r * Math.cos(angle) : r * Math.sin(angle);
      };
      this.sim
        .force("link", d3.forceLink<SimNode, d3.SimulationLinkDatum<SimNode>>(links).distance(15).strength(0.3))
        .force("x", d3.forceX<SimNode>((n) => anchor(n, "x")).strength(0.04))
        .force("y", d3.forceY<SimNode>((n) => anchor(n, "y")).strength(0.04))
        .alpha(Math.max(this.sim.alpha(), 0.3))
        .restart();
      this.onSettle(false);
    }
    this.request();
  }

  /** Runs the layout to rest synchronously (for a first frame that already shows the shape). */
  settle(ticks: number): void {
    this.sim?.tick(ticks);
  }

  /** Node under a canvas point (CSS pixels), or -1. */
  pick(px: number, py: number): number {
    const [x, y] = this.zoom.invert([px, py]);
    let best = -1;
    let bestD = (8 / this.zoom.k) ** 2;
    for (const n of this.nodes) {
      const dx = this.sx(n) - x;
      const dy = this.sy(n) - y;
      if (dx * dx + dy * dy < bestD) {
        bestD = dx * dx + dy * dy;
        best = n.i;
      }
    }
    return best;
  }

  /** Schedules one redraw on the next animation frame. */
  request(): void {
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      this.draw();
    });
  }

  private grow(): void {
    while (this.nodes.length < this.index.nodes.length) this.nodes.push({ i: this.nodes.length });
    // d3 keeps our array, so compare with what it last indexed: new nodes need their `index` set.
    if (this.sim && this.simulated !== this.nodes.length) {
      this.sim.nodes(this.nodes);
      this.simulated = this.nodes.length;
    }
  }

  private sx(n: SimNode): number {
    return (n.x ?? 0) * this.fit.k + this.fit.x;
  }

  private sy(n: SimNode): number {
    return (n.y ?? 0) * this.fit.k + this.fit.y;
  }

  /** Fits the layout's bounding box into the canvas, before the user's zoom. */
  private refit(w: number, h: number): void {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const n of this.nodes) {
      x0 = Math.min(x0, n.x ?? 0);
      x1 = Math.max(x1, n.x ?? 0);
      y0 = Math.min(y0, n.y ?? 0);
      y1 = Math.max(y1, n.y ?? 0);
    }
    const k = Math.min((w - 30) / Math.max(x1 - x0, 1), (h - 30) / Math.max(y1 - y0, 1));
    this.fit = { k, x: w / 2 - ((x0 + x1) / 2) * k, y: h / 2 - ((y0 + y1) / 2) * k };
  }

  draw(): void {
    const { canvas, ctx, paint, model } = this;
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    this.refit(w, h);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.translate(this.zoom.x, this.zoom.y);
    ctx.scale(this.zoom.k, this.zoom.k);
    const lw = 1 / this.zoom.k;
    const nodes = this.nodes;
    const direct = new Path2D();
    const relayed = new Path2D();
    const dead = new Path2D();
    const many = nodes.length > 2000;
    model.topo.forEachEdge((a, b, via, live) => {
      if (!live && many) return;
      const path = !live ? dead : via >= 0 ? relayed : direct;
      path.moveTo(this.sx(nodes[a]!), this.sy(nodes[a]!));
      path.lineTo(this.sx(nodes[b]!), this.sy(nodes[b]!));
    });
    ctx.lineWidth = lw;
    ctx.strokeStyle = "rgba(214, 39, 40, 0.06)";
    ctx.stroke(dead);
    ctx.strokeStyle = many ? "rgba(110, 120, 140, 0.18)" : "rgba(110, 120, 140, 0.35)";
    ctx.stroke(direct);
    ctx.setLineDash([4 * lw, 3 * lw]);
    ctx.strokeStyle = "rgba(230, 140, 20, 0.8)";
    ctx.stroke(relayed);
    ctx.setLineDash([]);
    if (paint.flow.length > 0) {
      const flow = new Path2D();
      for (const [a, b] of paint.flow) {
        if (a < 0 || !nodes[a] || !nodes[b]) continue;
        flow.moveTo(this.sx(nodes[a]!), this.sy(nodes[a]!));
        flow.lineTo(this.sx(nodes[b]!), this.sy(nodes[b]!));
      }
      ctx.lineWidth = 1.8 * lw;
      ctx.strokeStyle = "rgba(214, 39, 100, 0.85)";
      ctx.stroke(flow);
    }
    this.drawNodes(lw);
  }

  private drawNodes(lw: number): void {
    const { ctx, paint, model } = this;
    const r = (this.nodes.length > 3000 ? 2 : 3.2) * lw * Math.max(1, Math.sqrt(this.zoom.k) * 0.8);
    const byFill = new Map<string, Path2D>();
    const dimmed = new Path2D();
    const down = new Path2D();
    for (const n of this.nodes) {
      const x = this.sx(n);
      const y = this.sy(n);
      if (!model.topo.up[n.i]) {
        down.moveTo(x + r, y);
        down.arc(x, y, r, 0, 2 * Math.PI);
        continue;
      }
      const target = paint.dim(n.i) ? dimmed : (byFill.get(paint.fill(n.i)) ?? new Path2D());
      if (target !== dimmed) byFill.set(paint.fill(n.i), target);
      target.moveTo(x + r, y);
      target.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.fillStyle = "rgba(160, 160, 170, 0.18)";
    ctx.fill(dimmed);
    for (const [fill, path] of byFill) {
      ctx.fillStyle = fill;
      ctx.fill(path);
    }
    ctx.lineWidth = 1.2 * lw;
    ctx.strokeStyle = "#333";
    ctx.stroke(down);
    for (const [i, color] of [
      [paint.found, "#0a0"],
      [paint.selected, "#000"],
    ] as const) {
      const n = this.nodes[i];
      if (!n) continue;
      ctx.beginPath();
      ctx.arc(this.sx(n), this.sy(n), r * 2.4, 0, 2 * Math.PI);
      ctx.lineWidth = 2 * lw;
      ctx.strokeStyle = color;
      ctx.stroke();
    }
  }
}
