import * as d3 from "d3";
import type { VizIndex } from "../../../runtime/trace-index-format.js";
import type { RunModel } from "./model.js";

/** What node colour means. */
export type ColorBy = "component" | "group" | "mode" | "message";

const PALETTE = d3.schemeTableau10;
const MODE_COLORS: Record<string, string> = {
  connected: "#2ca02c",
  local: "#ff7f0e",
  bootstrap: "#d62728",
  unknown: "#9a9aa5",
};
const SMALL = "#b3b3bd";

/** The selected message's spread at the current time. */
export interface FlowState {
  /** node → hops (0 for the origin) for every node that has the message now. */
  readonly reached: Map<number, number>;
  readonly edges: [number, number][];
}

/** Colour of node `n` and a legend for the current colouring. */
export function colorer(
  index: VizIndex,
  model: RunModel,
  by: ColorBy,
  flow: FlowState | undefined,
): { fill: (n: number) => string; legend: [string, string][] } {
  if (by === "group") {
    const groups = [...new Set(index.nodes.map((n) => n.group))];
    const color = new Map(groups.map((g, i) => [g, PALETTE[i % PALETTE.length]!]));
    return {
      fill: (n) => color.get(index.nodes[n]!.group) ?? SMALL,
      legend: groups.slice(0, 10).map((g) => [color.get(g)!, g]),
    };
  }
  if (by === "mode") {
    const color = index.modes.map((m, i) => MODE_COLORS[m] ?? PALETTE[(i + 4) % PALETTE.length]!);
    return { fill: (n) => color[model.topo.mode[n]!] ?? SMALL, legend: index.modes.map((m, i) => [color[i]!, m]) };
  }
  if (by === "message") {
    return {
      fill: (n) => {
        const hops = flow?.reached.get(n);
        return hops === undefined ? "#d0d0da" : hops === 0 ? "#111" : "#d62764";
      },
      legend: [
        ["#111", "origin"],
        ["#d62764", "has the message"],
        ["#d0d0da", "not yet"],
      ],
    };
  }
  const { comp, sizes } = model.components();
  // Components too small to be clusters (stragglers, isolated joiners) share one grey.
  const big = model.clusters();
  const legend: [string, string][] = sizes
    .slice(0, Math.min(big, 10))
    .map((s, i) => [PALETTE[i % PALETTE.length]!, `component ${i + 1}: ${s} nodes`]);
  if (sizes.length > big) legend.push([SMALL, `${sizes.length - big} small components`]);
  return {
    fill: (n) => {
      const c = comp[n]!;
      return c >= 0 && c < big ? PALETTE[c % PALETTE.length]! : SMALL;
    },
    legend,
  };
}

/** Which nodes have message rows `[node, at, via, hops]` at time `t`, and the via→node edges. */
export function flowAt(rows: ArrayLike<number>, origin: number, publishedAt: number, t: number): FlowState {
  const reached = new Map<number, number>();
  const edges: [number, number][] = [];
  if (t >= publishedAt) reached.set(origin, 0);
  for (let i = 0; i + 3 < rows.length; i += 4) {
    if (rows[i + 1]! > t) continue;
    reached.set(rows[i]!, rows[i + 3]!);
    edges.push([rows[i + 2]!, rows[i]!]);
  }
  return { reached, edges };
}
