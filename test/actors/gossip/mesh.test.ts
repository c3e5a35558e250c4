import { describe, expect, it } from "vitest";
import type { GossipContext } from "../../../actors/index.js";
import { Mesh } from "../helpers/mesh.js";
import { missing, publish, stackNodes } from "../helpers/stack.js";

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `n${from + i}`);

describe("gossip over a mesh of real hosts", () => {
  it("given 30 connected nodes, when one publishes, then all 30 have the message within seconds, each delivered once", () => {
    const mesh = new Mesh(stackNodes(30, { discovery: { seeds: ["n0"], localBroadcast: false } }), { seed: 7 });
    mesh.start().run(40_000);
    const id = publish(mesh, "n5", { text: "hello" });
    mesh.run(3_000);
    expect(missing(mesh, mesh.ids, [id])).toEqual([]);
    const delivered = mesh.observed("gossip.delivered").filter((e) => (e.data as { id: string }).id === id);
    expect(delivered.map((e) => e.node).sort()).toEqual(mesh.ids.filter((n) => n !== "n5").sort());
    expect(mesh.context<GossipContext>("n17", "gossip").store.get(id)).toMatchObject({
      origin: "n5",
      body: { text: "hello" },
    });
  });

  it("given push disabled, when one publishes, then pull anti-entropy alone informs all 30 nodes", () => {
    const mesh = new Mesh(
      stackNodes(30, { discovery: { seeds: ["n0"], localBroadcast: false }, gossip: { push: false } }),
      {
        seed: 8,
      },
    );
    mesh.start().run(40_000);
    const id = publish(mesh, "n3");
    mesh.run(5_000);
    const early = missing(mesh, mesh.ids, [id]).length;
    mesh.run(60_000);
    expect(early).toBeGreaterThan(0); // no push: one round cannot reach everyone
    expect(missing(mesh, mesh.ids, [id])).toEqual([]);
  });

  it("given a partition, when both sides publish and the partition heals, then every node ends with every message", () => {
    const left = ids(0, 15);
    const right = ids(15, 30);
    const mesh = new Mesh(
      stackNodes(30, {
        segment: (i) => (i < 15 ? "left" : "right"),
        discovery: { seeds: ["n0", "n15"], localBroadcast: false },
      }),
      { seed: 9 },
    );
    mesh.start().run(60_000);
    mesh.net.faults.partition([left, right]);
    mesh.run(30_000); // cross links fail and fall to the passive views
    const l = [publish(mesh, "n2"), publish(mesh, "n9")];
    const r = [publish(mesh, "n20"), publish(mesh, "n27"), publish(mesh, "n16")];
    mesh.run(20_000);
    expect(missing(mesh, left, l)).toEqual([]);
    expect(missing(mesh, right, r)).toEqual([]);
    expect(missing(mesh, left, r)).toEqual(left); // nothing crossed the partition
    mesh.net.faults.heal();
    const healedAt = mesh.clock.now();
    mesh.run(90_000);
    expect(missing(mesh, mesh.ids, [...l, ...r])).toEqual([]);
    // The other side's messages came in after the heal, through the mesh.
    const crossed = mesh.observed("gossip.delivered", healedAt).filter((e) => left.includes(e.node));
    expect(crossed.length).toBeGreaterThanOrEqual(left.length * r.length);
  });
});
