import { describe, expect, it } from "vitest";
import { discovery, type DiscoveryInit } from "../../../actors/discovery/index.js";
import { Mesh, type NodeSpec } from "../helpers/mesh.js";

const node = (id: string, segment: string, init: Partial<DiscoveryInit> = {}): NodeSpec => ({
  id,
  segment,
  actors: [discovery(init)],
});

/** The last mode each node observed. */
function modes(mesh: Mesh): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of mesh.observed("discovery.mode")) out[e.node] = (e.data as { mode: string }).mode;
  return out;
}

describe("discovery over a mesh of real hosts", () => {
  it("given a seed in another segment, then every node of both segments ends connected", () => {
    const specs = [
      ...["a0", "a1", "a2", "a3"].map((id) => node(id, "seg-a", { seeds: ["a0"] })),
      ...["b0", "b1", "b2", "b3"].map((id) => node(id, "seg-b", { seeds: ["a0"] })),
    ];
    const mesh = new Mesh(specs, { seed: 1 }).start().run(20_000);
    expect(Object.values(modes(mesh))).toEqual(Array(8).fill("connected"));
  });

  it("given one segment and no seeds, then every node is local", () => {
    const mesh = new Mesh(
      ["x0", "x1", "x2", "x3", "x4"].map((id) => node(id, "lan")),
      { seed: 2 },
    ).start();
    mesh.run(10_000);
    expect(modes(mesh)).toEqual({ x0: "local", x1: "local", x2: "local", x3: "local", x4: "local" });
  });

  it("given a lone node with a dead seed, then it is bootstrap; when a newcomer broadcasts, it answers and both become local", () => {
    const mesh = new Mesh([node("lone", "lan", { seeds: ["ghost"] }), node("late", "lan")], { seed: 3 });
    mesh.start(["lone"]).run(10_000);
    expect(modes(mesh)).toEqual({ lone: "bootstrap" });
    mesh.start(["late"]).run(10_000);
    expect(modes(mesh)).toEqual({ lone: "local", late: "local" });
  });

  it("given connected segments, when a partition cuts one off from the seed, then it falls back to local, and after the heal it is connected again", () => {
    const specs = [
      ...["a0", "a1", "a2"].map((id) => node(id, "seg-a", { seeds: ["a0"], refreshInterval: 30_000 })),
      ...["b0", "b1", "b2"].map((id) => node(id, "seg-b", { seeds: ["a0"], refreshInterval: 30_000 })),
    ];
    const mesh = new Mesh(specs, { seed: 4 }).start().run(20_000);
    expect(modes(mesh).b1).toBe("connected");
    mesh.net.faults.partition([
      ["a0", "a1", "a2"],
      ["b0", "b1", "b2"],
    ]);
    mesh.run(70_000);
    expect(modes(mesh)).toMatchObject({ b0: "local", b1: "local", b2: "local" });
    mesh.net.faults.heal();
    mesh.run(40_000);
    expect(modes(mesh)).toMatchObject({ b0: "connected", b1: "connected", b2: "connected" });
  });

  it("given a busy segment, when everyone broadcasts at once, then each node answers at most localReplies broadcasts per window", () => {
    const ids = Array.from({ length: 40 }, (_, i) => `n${i}`);
    const mesh = new Mesh(
      ids.map((id) => node(id, "lan", { seeds: ["n0"], localReplies: 2 })),
      { seed: 5 },
    );
    const welcomes = new Map<string, number>();
    const direct = new Map<string, number>();
    let broadcastsHeard = 0;
    mesh.log.entries$.subscribe((e) => {
      const d = e.data as { type?: string; local?: boolean; msg?: { type: string } };
      if (e.type === "discovery.send" && d.msg?.type === "welcome")
        welcomes.set(e.node, (welcomes.get(e.node) ?? 0) + 1);
      if (e.type === "discovery.in" && d.type === "hello" && d.local !== true)
        direct.set(e.node, (direct.get(e.node) ?? 0) + 1);
      if (e.type === "discovery.in" && d.type === "hello" && d.local === true) broadcastsHeard++;
    });
    mesh.start().run(4_000); // within one 5 s reply window
    expect(broadcastsHeard).toBe(40 * 39);
    for (const id of ids) expect((welcomes.get(id) ?? 0) - (direct.get(id) ?? 0)).toBeLessThanOrEqual(2);
    expect(modes(mesh).n5).toBe("connected");
  });
});
