import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../runtime/event-log.js";
import { TraceIndexer } from "../../viz/src/index/trace-index.js";

let seq = 0;
const entry = (at: number, node: string, type: string, data: unknown): LogEntry => ({
  seq: ++seq,
  at,
  node,
  actor: type.split(".")[0]!,
  type,
  data,
});

describe("trace index: links chosen by the holepunch actor", () => {
  it("draws a relayed path through its relay, and upgrades it when a punch succeeds", () => {
    const ix = new TraceIndexer(undefined, { keyframeMs: 1000, viewStepMs: 1000 });
    ix.push(
      entry(0, "*", "world.nodes", {
        scenario: "t",
        seed: 1,
        duration: 5000,
        nodes: ["a", "b", "r"].map((id) => ({ id, group: "g" })),
      }),
    );
    ix.push(entry(100, "a", "membership.view", { peers: ["r"] }));
    ix.push(entry(200, "a", "holepunch.path", { peer: "b", path: "relayed", via: ["r"] }));
    ix.push(entry(2500, "a", "holepunch.path", { peer: "b", path: "punched" }));
    ix.push(entry(3500, "a", "node.crash", {}));
    ix.push(entry(4500, "b", "discovery.mode", { mode: "connected" }));
    const index = ix.finish();
    const [a, b, r] = ["a", "b", "r"].map((id) => index.nodes.findIndex((n) => n.id === id));
    const viewOfA = (t: number) => index.keyframes.find((k) => k.at === t)!.views[a!];
    expect(viewOfA(1000)).toEqual([r, [b, r]]);
    expect(viewOfA(3000)).toEqual([r, b]);
    expect(viewOfA(4000)).toEqual([]);
  });
});
