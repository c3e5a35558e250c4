import { describe, expect, it } from "vitest";
import type { Envelope } from "../../runtime/driver.js";
import { createRng } from "../../runtime/rng.js";
import { Engine } from "../../sim/engine.js";
import { defaultLinkParams, LinkTable } from "../../sim/network/link-params.js";
import { SimNetwork } from "../../sim/network/sim-network.js";

function net(rules: ConstructorParameters<typeof LinkTable>[1] = []) {
  const engine = new Engine();
  const network = new SimNetwork(engine, createRng(1), new LinkTable({ ...defaultLinkParams, latency: 10 }, rules));
  const got: { at: number; env: Envelope }[] = [];
  const node = (id: string, group: string) => {
    const d = network.attach({ id, group, segment: group });
    d.onReceive((env) => got.push({ at: engine.now, env }));
    d.start();
    return d;
  };
  const a = node("a", "east");
  const b = node("b", "east");
  node("c", "west");
  const send = (to: string, i: number) => a.send({ from: "a", to, protocol: "t", payload: { type: "m", i } });
  return { engine, network, got, send, a, b };
}

describe("network model and faults", () => {
  it("uses the link rule between groups and the default within them", () => {
    const w = net([{ between: [["east"], ["west"]], params: { latency: 80 } }]);
    w.send("b", 1);
    w.send("c", 2);
    w.engine.run(1000);
    expect(w.got.map((g) => [g.env.to, g.at])).toEqual([
      ["b", 10],
      ["c", 80],
    ]);
  });

  it("hold → send → nothing arrives → release → delivered, in order", () => {
    const w = net();
    w.network.faults.hold(new Set(["a"]), new Set(["c"]));
    w.send("c", 1);
    w.send("c", 2);
    w.send("b", 3);
    w.engine.run(500);
    expect(w.got.map((g) => g.env.to)).toEqual(["b"]);
    w.network.release();
    w.engine.run(1000);
    expect(w.got.map((g) => (g.env.payload as unknown as { i: number }).i)).toEqual([3, 1, 2]);
    expect(w.got[1]!.at).toBe(510);
  });

  it("a partition drops messages between its sides only, until healed", () => {
    const w = net();
    w.network.faults.partition([["a", "b"], ["c"]]);
    w.send("c", 1);
    w.send("b", 2);
    w.engine.run(100);
    w.network.faults.heal();
    w.send("c", 3);
    w.engine.run(200);
    expect(w.got.map((g) => (g.env.payload as unknown as { i: number }).i)).toEqual([2, 3]);
    expect(w.network.stats.partitioned).toBe(1);
  });

  it("degrade overrides link parameters for the pair, restore undoes it", () => {
    const w = net();
    w.network.faults.degrade(new Set(["a"]), new Set(["b"]), { latency: 300 });
    w.send("b", 1);
    w.send("c", 2);
    w.engine.run(1000);
    w.network.faults.restore();
    w.send("b", 3);
    w.engine.run(2000);
    expect(w.got.map((g) => [(g.env.payload as unknown as { i: number }).i, g.at])).toEqual([
      [2, 10],
      [1, 300],
      [3, 1010],
    ]);
  });

  it("bandwidth adds serialization delay and queues messages on the sender's link", () => {
    const w = net([{ between: [["east"], ["east"]], params: { bandwidth: 8000 } }]); // 1 byte per ms
    w.send("b", 1);
    w.send("b", 2);
    w.engine.run(1000);
    const bytes = JSON.stringify({ type: "m", i: 1 }).length;
    expect(w.got.map((g) => g.at)).toEqual([bytes + 10, 2 * bytes + 10]);
  });

  it("a message in flight to a node that goes down is not delivered", () => {
    const w = net();
    w.send("b", 1);
    w.engine.run(5);
    w.b.stop();
    w.engine.run(100);
    expect(w.got).toEqual([]);
    expect(w.network.stats.unreachable).toBe(1);
  });
});
