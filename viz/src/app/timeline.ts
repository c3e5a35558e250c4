import * as d3 from "d3";
import type { VizFault, VizIndex } from "../../../runtime/trace-index-format.js";

const HEIGHT = 92;
const CHART = { top: 8, height: 42 };
const MARKS = 62;
const AXIS = 72;

/** Colour and label of a fault mark by entry type. */
export function faultStyle(type: string): { color: string; label: string } {
  if (type === "fault.partition") return { color: "#d62728", label: "partition" };
  if (type === "fault.heal") return { color: "#2ca02c", label: "heal" };
  if (type === "node.crash") return { color: "#444", label: "crash" };
  if (type === "node.restart") return { color: "#1f77b4", label: "restart" };
  if (type.includes("sybil")) return { color: "#9467bd", label: "sybil" };
  return { color: "#ff7f0e", label: type.replace(/^fault\./, "") };
}

/**
 * The run's time axis: connected components over time as a step chart, partitions as
 * shaded spans, fault marks (world-wide faults as labelled flags, node crashes and
 * restarts as ticks), and a cursor. Clicking or dragging anywhere on it scrubs.
 */
export class Timeline {
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private x = d3.scaleLinear();
  private width = 0;

  constructor(
    host: HTMLElement,
    private readonly index: VizIndex,
    private readonly onScrub: (t: number) => void,
  ) {
    this.svg = d3.select(host).append("svg").attr("class", "timeline").attr("height", HEIGHT);
    const scrub = (ev: MouseEvent): void => {
      const [px] = d3.pointer(ev, this.svg.node());
      this.onScrub(Math.max(0, Math.min(this.index.end, this.x.invert(px))));
    };
    let dragging = false;
    this.svg.on("mousedown", (ev: MouseEvent) => {
      dragging = true;
      scrub(ev);
    });
    d3.select(window)
      .on("mousemove.timeline", (ev: MouseEvent) => dragging && scrub(ev))
      .on("mouseup.timeline", () => (dragging = false));
  }

  /** Redraws everything (after a resize or new live data). */
  render(): void {
    const ix = this.index;
    const svg = this.svg;
    this.width = (svg.node()!.parentElement?.clientWidth ?? 800) - 2;
    svg.attr("width", this.width);
    this.x = d3
      .scaleLinear()
      .domain([0, Math.max(ix.end, 1)])
      .range([40, this.width - 12]);
    const x = this.x;
    svg.selectAll("*").remove();
    const counts = ix.components.counts;
    const maxC = Math.max(2, d3.max(counts) ?? 1);
    // Linear while counts are small (1 vs 2 must be obvious), log when bootstrap makes them large.
    const y = (maxC <= 12 ? d3.scaleLinear() : d3.scaleLog())
      .domain([1, maxC])
      .range([CHART.top + CHART.height, CHART.top])
      .clamp(true);
    // Partition spans first, so everything else draws over them.
    const spans = partitionSpans(ix.faults, ix.end);
    svg
      .selectAll("rect.span")
      .data(spans)
      .join("rect")
      .attr("class", "span")
      .attr("x", (s) => x(s[0]))
      .attr("width", (s) => Math.max(1, x(s[1]) - x(s[0])))
      .attr("y", 0)
      .attr("height", AXIS)
      .attr("fill", "rgba(214, 39, 40, 0.08)");
    const step = ix.components.stepMs;
    const line = d3
      .line<number>()
      .x((_, i) => x(i * step))
      .y((c) => y(Math.max(1, c)))
      .curve(d3.curveStepAfter);
    svg.append("path").attr("d", line(counts)).attr("fill", "none").attr("stroke", "#5560a0").attr("stroke-width", 1.5);
    svg
      .append("g")
      .attr("transform", "translate(38,0)")
      .call(
        d3
          .axisLeft(y)
          .tickValues([...new Set(y(1) - y(2) >= 9 ? [1, 2, maxC] : [1, maxC])])
          .tickFormat(d3.format("d"))
          .tickSizeOuter(0),
      )
      .call((g) => g.selectAll("text").attr("font-size", 9));
    svg.append("text").attr("x", 44).attr("y", 10).attr("font-size", 10).attr("fill", "#5560a0").text("components");
    this.marks(ix.faults);
    svg
      .append("g")
      .attr("transform", `translate(0,${AXIS})`)
      .call(
        d3
          .axisBottom(x)
          .ticks(Math.max(2, Math.floor(this.width / 90)))
          .tickFormat((d) => formatTime(Number(d))),
      );
    svg.append("line").attr("class", "cursor").attr("y1", 0).attr("y2", AXIS).attr("stroke", "#000");
  }

  private marks(faults: VizFault[]): void {
    const x = this.x;
    const world = faults.filter((f) => f.node < 0);
    const nodes = faults.filter((f) => f.node >= 0);
    this.svg
      .selectAll("line.tick")
      .data(nodes)
      .join("line")
      .attr("class", "tick")
      .attr("x1", (f) => x(f.at))
      .attr("x2", (f) => x(f.at))
      .attr("y1", MARKS)
      .attr("y2", AXIS)
      .attr("stroke", (f) => faultStyle(f.type).color)
      .append("title")
      .text((f) => `${f.type} ${this.index.nodes[f.node]?.id} at ${formatTime(f.at)}`);
    const g = this.svg
      .selectAll("g.fault")
      .data(world)
      .join("g")
      .attr("class", "fault")
      .attr("data-type", (f) => f.type)
      .attr("transform", (f) => `translate(${x(f.at)},0)`);
    g.append("line")
      .attr("y1", 0)
      .attr("y2", AXIS)
      .attr("stroke", (f) => faultStyle(f.type).color)
      .attr("stroke-width", 2);
    g.append("text")
      .attr("x", 3)
      .attr("y", MARKS - 2)
      .attr("font-size", 11)
      .attr("font-weight", "bold")
      .attr("fill", (f) => faultStyle(f.type).color)
      .text((f) => faultStyle(f.type).label);
  }

  /** Moves the cursor to `t`. */
  setTime(t: number): void {
    this.svg.select("line.cursor").attr("x1", this.x(t)).attr("x2", this.x(t));
  }

  /** Page x of time `t` relative to the timeline's left edge (tests click here). */
  xOf(t: number): number {
    return this.x(t);
  }
}

/** `[start, end]` of each partition, ended by the next heal (or the run's end). */
export function partitionSpans(faults: readonly VizFault[], end: number): [number, number][] {
  const spans: [number, number][] = [];
  let open: number | undefined;
  for (const f of faults) {
    if (f.type === "fault.partition" && open === undefined) open = f.at;
    if (f.type === "fault.heal" && open !== undefined) {
      spans.push([open, f.at]);
      open = undefined;
    }
  }
  if (open !== undefined) spans.push([open, end]);
  return spans;
}

/** `m:ss.s` of simulated time. */
export function formatTime(ms: number): string {
  // Round to tenths first, so 59.97 s reads 1:00 rather than 0:60.0.
  const tenths = Math.round(ms / 100);
  const m = Math.floor(tenths / 600);
  const rest = (tenths - m * 600) / 10;
  return `${m}:${rest < 10 ? "0" : ""}${rest.toFixed(tenths % 10 === 0 ? 0 : 1)}`;
}
