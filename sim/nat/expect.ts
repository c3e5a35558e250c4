import type { ExpectationResult } from "../expect/result.js";
import type { Expectation } from "../scenario/schema.js";
import type { World } from "../world.js";
import { judgeConnectivity } from "./connectivity.js";
import { armProbes, natOf } from "./install.js";
import { judgeRereserve } from "./rereserve.js";

/** Arms a `connectivity` or `rereserve` expectation; returns its end-of-run judge, or undefined for other kinds. */
export function armNatExpectation(world: World, index: number, e: Expectation): (() => ExpectationResult) | undefined {
  if (e.connectivity) {
    const spec = e.connectivity;
    const probes = armProbes(world, spec, index);
    return () => judgeConnectivity(world, index, spec, probes, natOf(world)!.observer);
  }
  if (e.rereserve) {
    const spec = e.rereserve;
    const run = natOf(world);
    if (!run) throw new Error("a rereserve expectation needs the NAT layer (nat, relay or holepunch in a group)");
    return () => judgeRereserve(world, index, spec, run.observer);
  }
  return undefined;
}
