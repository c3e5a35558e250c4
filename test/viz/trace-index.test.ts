import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createEventLog } from "../../runtime/event-log.js";
import { indexTraceFile, TraceIndexer, VIZ_FILES, type VizIndex } from "../../viz/src/index/trace-index.js";
import { parseHeader } from "../../viz/src/index/trace-index-log.js";
import { RunModel } from "../../viz/src/app/model.js";
import { writeSyntheticTrace } from "./fixtures/synthetic-trace.js";

const dir = mkdtempSync(join(tmpdir(), "viz-index-"));
const trace = join(dir, "trace.ndjson");
let index: VizIndex;

beforeAll(async () => {
  // 200 nodes, partition at 2 min, heal at 5 min, a crash at 200 s and restart at 230 s.
  writeSyntheticTrace(trace, { nodes: 200, duration: 420_000 });
  index = await indexTraceFile(trace);
});

const countAt = (ix: VizIndex, ms: number): number => ix.components.counts[ms / ix.components.stepMs]!;

describe("trace index of a partition-heal run", () => {
  it("counts one component before the partition, two during it, one after the heal", () => {
    expect(countAt(index, 100_000)).toBe(1);
    expect(countAt(index, 180_000)).toBe(2);
    expect(countAt(index, 290_000)).toBe(2);
    expect(countAt(index, 360_000)).toBe(1);
  });

  it("marks the faults and the crashed node on the timeline", () => {
    const types = index.faults.map((f) => `${f.type}@${f.at}`);
    expect(types).toEqual(["fault.partition@120000", "node.crash@200000", "node.restart@230000", "fault.heal@300000"]);
    expect(index.faults[0]!.sides!.map((s) => s.length)).toEqual([100, 100]);
  });

  it("rebuilds the same state from keyframes and deltas as the writer sampled", () => {
    const model = new RunModel(index);
    // Backwards and forwards, so both the keyframe reset and the incremental path are exercised.
    for (const t of [400_000, 5_000, 121_000, 250_000, 251_000, 299_000, 300_000, 330_000, 210_000]) {
      model.seek(t);
      expect(model.components().count, `at ${t}`).toBe(countAt(index, t));
      expect(model.partition >= 0, `at ${t}`).toBe(t >= 120_000 && t < 300_000);
    }
    model.seek(215_000);
    expect(model.topo.up[Math.floor(200 / 3)]).toBe(0);
  });

  it("records each message's deliveries in the flows file", () => {
    const flows = new Int32Array(readFileSync(join(dir, VIZ_FILES.flows)).buffer.slice(0));
    const m = index.messages.find((x) => x.at > 130_000 && x.at < 290_000)!;
    // During the partition a message reaches only its origin's side (99 others, or 98 with the crashed node).
    expect(m.n).toBeGreaterThanOrEqual(98);
    expect(m.n).toBeLessThanOrEqual(99);
    const rows = flows.subarray(m.off * 4, (m.off + m.n) * 4);
    const side = (n: number) => (n < 100 ? 0 : 1);
    for (let i = 0; i < rows.length; i += 4) expect(side(rows[i]!)).toBe(side(m.origin));
  });

  it("keeps a bounded log sample per node and window, findable by block", () => {
    const log = readFileSync(join(dir, VIZ_FILES.log), "utf8");
    const block = index.log.blocks.find((b) => b.w === 15)!;
    const lines = log
      .slice(block.offset, block.offset + block.length)
      .trim()
      .split("\n");
    for (const line of lines) {
      const { e } = JSON.parse(line) as { e: { at: number }[] };
      expect(e.length).toBeLessThanOrEqual(index.log.perNode);
      for (const x of e) expect(Math.floor(x.at / index.log.windowMs)).toBe(15);
    }
  });

  it("gives the same index from a live subscription as from the trace file", async () => {
    const live = new TraceIndexer(join(dir, "live"));
    const log = createEventLog();
    log.entries$.subscribe((e) => live.push(e));
    // Re-read the same run's lines as entries: what a live run would have pushed.
    for (const line of readFileSync(trace, "utf8").trim().split("\n")) log.append(JSON.parse(line));
    const fromLive = live.finish();
    expect(fromLive.components).toEqual(index.components);
    expect(fromLive.events).toEqual(index.events);
    expect(fromLive.keyframes).toEqual(index.keyframes);
  });
});

describe("DHT lookups", () => {
  it("become flows from the asking node to the closest nodes it found", () => {
    const ix = new TraceIndexer(undefined);
    const e = (seq: number, at: number, node: string, type: string, data: unknown) =>
      ix.push({ seq, at, node, actor: type.split(".")[0]!, type, data });
    e(1, 0, "*", "world.nodes", {
      scenario: "kad",
      seed: 1,
      duration: 5000,
      nodes: ["a", "b", "c", "d"].map((id) => ({ id, group: "g" })),
    });
    e(2, 1200, "a", "kad.lookup.done", {
      op: "lookup",
      key: "c",
      ok: true,
      found: true,
      hops: 2,
      ms: 200,
      msgs: 6,
      closest: ["c", "d", "a"],
    });
    const out = ix.finish();
    expect(out.messages).toEqual([
      { id: "lookup c ✔ #1", origin: 0, at: 1000, off: 0, n: 2, last: 1200, hops: 2, kind: "lookup" },
    ]);
    expect(ix.deliveries(0)).toEqual([2, 1200, 0, 2, 3, 1200, 0, 2]);
  });
});

describe("parseHeader", () => {
  it("reads the fields JSON.parse reads, without parsing data", () => {
    const e = { seq: 12, at: 3.5, node: "east-1", actor: "gossip", type: "gossip.in", data: { a: '"x"', b: [1] } };
    expect(parseHeader(JSON.stringify(e))).toEqual({
      seq: 12,
      at: 3.5,
      node: "east-1",
      actor: "gossip",
      type: "gossip.in",
    });
    expect(parseHeader(JSON.stringify({ ...e, node: 'we"ird' }))).toBeUndefined();
  });
});
