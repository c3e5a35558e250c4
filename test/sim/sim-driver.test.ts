import { createRng } from "../../runtime/rng.js";
import { Engine } from "../../sim/engine.js";
import { defaultLinkParams, LinkTable } from "../../sim/network/link-params.js";
import { SimNetwork } from "../../sim/network/sim-network.js";
import { describeDriverCompliance } from "../compliance/driver.js";

describeDriverCompliance("simulated", {
  ordered: true,
  supportsLoss: true,
  async create({ loss = 0 }) {
    const engine = new Engine();
    const table = new LinkTable({ ...defaultLinkParams, latency: 10, jitter: 30, loss }, []);
    const net = new SimNetwork(engine, createRng("compliance"), table);
    const a = net.attach({ id: "a", group: "g", segment: "s" });
    const b = net.attach({ id: "b", group: "g", segment: "s" });
    return {
      a,
      b,
      aId: "a",
      bId: "b",
      settle: async () => engine.run(engine.now + 1000),
      teardown: async () => {},
    };
  },
});
