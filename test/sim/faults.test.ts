import { describe, expect, it } from "vitest";
import type { Envelope } from "../../runtime/driver.js";
import { createRng } from "../../runtime/rng.js";
import { Engine } from "../../sim/engine.js";
import { Faults } from "../../sim/network/faults.js";
import { defaultLinkParams, LinkTable } from "../../sim/network/link-params.js";
import { SimNetwork } from "../../sim/network/sim-network.js";

describe("faults as an ordered list of rules", () => {
  it("two partitions hold at once; each heals by its name", () => {
    const f = new Faults();
    f.partition([["a"], ["b"]], { name: "ab" });
    f.partition([["b"], ["c"]], { name: "bc" });
    expect(f.verdict("a", "b")).toEqual({ kind: "drop", rule: "ab" });
    expect(f.verdict("c", "b")).toEqual({ kind: "drop", rule: "bc" });
    expect(f.verdict("a", "c").kind).toBe("pass");
    f.heal("ab");
    expect(f.verdict("a", "b").kind).toBe("pass");
    expect(f.verdict("b", "c")).toEqual({ kind: "drop", rule: "bc" });
    f.heal();
    expect(f.rules).toEqual([]);
  });

  it("a one-way partition cuts the first side's messages to the second only", () => {
    const f = new Faults();
    f.partition([["c"], ["a"]], { name: "oneway", oneWay: true });
    expect(f.verdict("c", "a")).toEqual({ kind: "drop", rule: "oneway" });
    expect(f.verdict("a", "c").kind).toBe("pass");
  });

  it("a later partition of the same name replaces the earlier one (an unnamed partition is 'partition')", () => {
    const f = new Faults();
    f.partition([["a"], ["b"]]);
    f.partition([["a"], ["c"]]);
    expect(f.verdict("a", "b").kind).toBe("pass");
    expect(f.verdict("a", "c")).toEqual({ kind: "drop", rule: "partition" });
  });

  it("one link degrades while another pair is partitioned; restore by name", () => {
    const f = new Faults();
    f.partition([["a"], ["b"]], { name: "ab" });
    f.degrade(new Set(["a"]), new Set(["c"]), { latency: 300 }, "slow");
    f.degrade(new Set(["a"]), new Set(["c"]), { loss: 0.5 });
    expect(f.verdict("c", "a")).toEqual({ kind: "pass", degrade: { latency: 300, loss: 0.5 } });
    expect(f.verdict("a", "b").kind).toBe("drop");
    f.restore("slow");
    expect(f.verdict("c", "a")).toEqual({ kind: "pass", degrade: { loss: 0.5 } });
  });

  it("rules decide in the order they were installed: an earlier hold wins over a later partition", () => {
    const f = new Faults();
    f.hold(new Set(["a"]), new Set(["b"]), "h");
    f.partition([["a"], ["b"]], { name: "p" });
    expect(f.verdict("a", "b")).toEqual({ kind: "hold", rule: "h" });
  });
});

describe("the network says why a message did not arrive", () => {
  function net() {
    const engine = new Engine();
    const network = new SimNetwork(engine, createRng(1), new LinkTable({ ...defaultLinkParams, latency: 10 }, []));
    const drops: { to: string; reason: string; rule?: string }[] = [];
    const holds: { to: string; rule: string }[] = [];
    network.onDrop = (env, reason, rule) => drops.push({ to: env.to, reason, ...(rule ? { rule } : {}) });
    network.onHold = (env, rule) => holds.push({ to: env.to, rule });
    const got: Envelope[] = [];
    for (const id of ["a", "b", "c"]) {
      const d = network.attach({ id, group: "g", segment: id });
      d.onReceive((env) => got.push(env));
      d.start();
    }
    const send = (to: string) => network["send"]({ from: "a", to, protocol: "t", payload: { type: "m" } });
    return { engine, network, drops, holds, got, send };
  }

  it("each drop names its rule or reason; a released hold delivers only what no other hold still matches", () => {
    const w = net();
    w.network.faults.partition([["a"], ["b"]], { name: "ab" });
    w.network.faults.hold(new Set(["a"]), new Set(["c"]), "h1");
    w.network.faults.hold(new Set(["a"]), new Set(["c"]), "h2");
    w.send("b");
    w.send("c");
    w.engine.run(100);
    expect(w.drops).toEqual([{ to: "b", reason: "partition", rule: "ab" }]);
    expect(w.holds).toEqual([{ to: "c", rule: "h1" }]);
    w.network.release("h1");
    w.engine.run(200);
    expect(w.got).toEqual([]); // h2 still holds it
    w.network.release("h2");
    w.engine.run(300);
    expect(w.got.map((e) => e.to)).toEqual(["c"]);
  });
});
