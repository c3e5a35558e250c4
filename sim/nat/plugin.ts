import * as Schema from "effect/Schema";
import { expectationKind, type SimPlugin } from "../plugin.js";
import { ConnectivityExpectation, judgeConnectivity } from "./connectivity.js";
import { armProbes, installNat, natOf, natSummary } from "./install.js";
import { NatSpec } from "./nat-spec.js";
import { RereserveExpectation, judgeRereserve } from "./rereserve.js";

const natLayer = (world: Parameters<typeof natOf>[0]) => {
  const run = natOf(world);
  if (!run) throw new Error("this expectation needs the NAT layer (nat, relay or holepunch in a group)");
  return run;
};

/**
 * NATs and CGNAT in the simulator: `nat:` on a node group puts its nodes behind NAT
 * devices (a per-message gate on the network); `connectivity` and `rereserve`
 * expectations; the `nat` section of the report.
 */
export const natPlugin: SimPlugin = {
  name: "nat",
  groupFields: { nat: Schema.optional(NatSpec) },
  expectations: {
    connectivity: expectationKind({
      schema: ConnectivityExpectation,
      arm: (world, spec, index) => {
        const probes = armProbes(world, spec, index);
        return () => judgeConnectivity(world, index, spec, probes, natLayer(world).observer);
      },
    }),
    rereserve: expectationKind({
      schema: RereserveExpectation,
      arm: (world, spec, index) => {
        const run = natLayer(world);
        return () => judgeRereserve(world, index, spec, run.observer);
      },
    }),
  },
  install: (world) => {
    const run = installNat(world);
    return run && { report: () => run.report(), summary: () => natSummary(run.report()) };
  },
};
