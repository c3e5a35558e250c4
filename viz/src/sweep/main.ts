import * as d3 from "d3";
import { fmtValue, runLink, type Distribution, type SeedRow, type SweepFile } from "./model.js";

const $ = (id: string): HTMLElement => document.getElementById(id)!;

/** One histogram: a bar per bin, the failing seeds' share of it in red; a click lists the bin's seeds. */
function histogram(d: Distribution, rows: Map<number, SeedRow>, onPick: (title: string, seeds: number[]) => void) {
  const box = d3.select("#charts").append("div").attr("class", "chart").attr("data-figure", d.figure);
  box.append("h4").text(d.label);
  box
    .append("div")
    .attr("class", "q")
    .text(
      `p50 ${fmtValue(d.p50, d.unit)} · p99 ${fmtValue(d.p99, d.unit)} · ${d.n} seeds` +
        (d.missing ? ` (${d.missing} without a value)` : ""),
    );
  const width = 460;
  const height = 180;
  const m = { top: 8, right: 10, bottom: 28, left: 36 };
  const svg = box.append("svg").attr("width", width).attr("height", height);
  if (d.bins.length === 0) {
    svg
      .append("text")
      .attr("x", m.left)
      .attr("y", height / 2)
      .text("no seed has this figure");
    return;
  }
  const x = d3
    .scaleLinear()
    .domain([d.bins[0]!.from, d.bins.at(-1)!.to])
    .range([m.left, width - m.right]);
  const y = d3
    .scaleLinear()
    .domain([0, d3.max(d.bins, (b) => b.seeds.length) ?? 1])
    .nice()
    .range([height - m.bottom, m.top]);
  svg
    .append("g")
    .attr("transform", `translate(0,${height - m.bottom})`)
    .call(
      d3
        .axisBottom(x)
        .ticks(6)
        .tickFormat((v) => fmtValue(Number(v), d.unit)),
    );
  svg.append("g").attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(4));
  const bars = svg.append("g").selectAll("g").data(d.bins).join("g");
  const barWidth = (b: (typeof d.bins)[number]) => Math.max(1, x(b.to) - x(b.from) - 1);
  const failing = (b: (typeof d.bins)[number]) => b.seeds.filter((s) => !rows.get(s)?.ok).length;
  bars
    .append("rect")
    .attr("class", "bar")
    .attr("x", (b) => x(b.from))
    .attr("width", barWidth)
    .attr("y", (b) => y(b.seeds.length))
    .attr("height", (b) => y(0) - y(b.seeds.length));
  bars
    .append("rect")
    .attr("class", "bar failing")
    .attr("x", (b) => x(b.from))
    .attr("width", barWidth)
    .attr("y", (b) => y(failing(b)))
    .attr("height", (b) => y(0) - y(failing(b)));
  bars
    .append("title")
    .text(
      (b) => `${fmtValue(b.from, d.unit)}–${fmtValue(b.to, d.unit)}: ${b.seeds.length} seeds (${failing(b)} failing)`,
    );
  bars.on("click", (_e, b) => onPick(`${d.label} ${fmtValue(b.from, d.unit)}–${fmtValue(b.to, d.unit)}`, [...b.seeds]));
}

/** The side list: each seed with its verdict, a link to its kept run, or the command that reproduces it. */
function listSeeds(title: string, seeds: readonly number[], rows: Map<number, SeedRow>) {
  $("seeds-title").textContent = `${title} (${seeds.length})`;
  const list = d3.select("#seed-list");
  list.selectAll("*").remove();
  for (const s of seeds) {
    const row = rows.get(s)!;
    const li = list.append("li").attr("data-seed", s);
    const link = runLink(row);
    const label = li.append(link ? "a" : "span").text(`seed ${s}`);
    if (link) label.attr("href", link).attr("target", "_blank");
    li.append("span")
      .attr("class", row.ok ? "" : "fail")
      .text(row.ok ? " pass" : " FAIL");
    if (row.failure) li.append("div").attr("class", "why").text(`${row.failure.expectation}: ${row.failure.detail}`);
    if (!link) li.append("div").append("code").text(row.reproduce);
  }
}

async function main(): Promise<void> {
  const res = await fetch("run/sweep.json");
  if (!res.ok) throw new Error(`no sweep.json (HTTP ${res.status})`);
  const sweep = (await res.json()) as SweepFile;
  const s = sweep.summary;
  $("sweep-info").textContent =
    `${sweep.scenario}: ${s.passed}/${s.seeds} seeds pass (${(s.passRate * 100).toFixed(1)}%), ` +
    `${(sweep.wallMs / 1000).toFixed(1)} s on ${sweep.runner}`;
  const rows = new Map(sweep.results.map((r) => [r.seed, r]));
  const pick = (title: string, seeds: number[]) => listSeeds(title, seeds, rows);
  for (const d of s.distributions) histogram(d, rows, pick);
  listSeeds("failing seeds", s.failing, rows);
  document.body.dataset.ready = "1";
}

main().catch((err: unknown) => {
  $("sweep-info").textContent = String(err);
  document.body.dataset.ready = "error";
});
