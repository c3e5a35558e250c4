import { describe, expect, it } from "vitest";
import type { MembershipContext } from "../../../actors/index.js";
import { Mesh } from "../helpers/mesh.js";
import { stackNodes } from "../helpers/stack.js";

const view = (mesh: Mesh, id: string) => mesh.context<MembershipContext>(id, "membership").active;

/** Nodes reachable from `start` over active links among `live`. */
function reach(mesh: Mesh, live: readonly string[], start: string): Set<string> {
  const seen = new Set([start]);
  const todo = [start];
  while (todo.length > 0) {
    for (const p of view(mesh, todo.pop()!)) {
      if (!live.includes(p) || seen.has(p)) continue;
      seen.add(p);
      todo.push(p);
    }
  }
  return seen;
}

describe("membership over a mesh of real hosts", () => {
  it("given 12 nodes, then views are bounded, mostly symmetric and connected; a dead peer leaves every view; when it returns it is linked again", () => {
    const mesh = new Mesh(stackNodes(12, { discovery: { seeds: ["n0"], localBroadcast: false } }), { seed: 3 });
    mesh.start().run(60_000);
    let links = 0;
    let symmetric = 0;
    for (const a of mesh.ids) {
      const v = view(mesh, a);
      expect(v.length).toBeGreaterThan(0);
      expect(v.length).toBeLessThanOrEqual(8);
      for (const b of v) {
        links++;
        if (view(mesh, b).includes(a)) symmetric++;
      }
    }
    expect(symmetric / links).toBeGreaterThan(0.9);
    expect(reach(mesh, mesh.ids, "n0").size).toBe(12);

    // The victim must be somebody's neighbour for the test to mean anything.
    const victim = "n7";
    expect(mesh.ids.some((n) => view(mesh, n).includes(victim))).toBe(true);
    mesh.host(victim).stop();
    const live = mesh.ids.filter((n) => n !== victim);
    mesh.run(45_000);
    for (const n of live) expect(view(mesh, n)).not.toContain(victim);
    expect(reach(mesh, live, "n0").size).toBe(11);
    // It sits in passive views, where a probe can find it again.
    expect(live.some((n) => mesh.context<MembershipContext>(n, "membership").passive.includes(victim))).toBe(true);

    mesh.host(victim).start(true); // back with its persisted views
    mesh.run(30_000);
    expect(view(mesh, victim).length).toBeGreaterThanOrEqual(3);
    const linkedBack = live.filter((n) => view(mesh, n).includes(victim));
    expect(linkedBack.length).toBeGreaterThanOrEqual(2);
    expect(reach(mesh, mesh.ids, "n0").size).toBe(12);
  });

  it("given a partition that lasts long enough for every cross link to fail, when it heals, then the views reconnect the two sides", () => {
    const left = Array.from({ length: 10 }, (_, i) => `n${i}`);
    const right = Array.from({ length: 10 }, (_, i) => `n${i + 10}`);
    const mesh = new Mesh(stackNodes(20, { discovery: { seeds: ["n0", "n10"], localBroadcast: false } }), { seed: 4 });
    mesh.start().run(60_000);
    mesh.net.faults.partition([left, right]);
    mesh.run(60_000);
    for (const n of left) for (const p of view(mesh, n)) expect(left).toContain(p);
    expect(reach(mesh, mesh.ids, "n0").size).toBe(10);
    mesh.net.faults.heal();
    mesh.run(30_000);
    expect(reach(mesh, mesh.ids, "n0").size).toBe(20);
  });
});
