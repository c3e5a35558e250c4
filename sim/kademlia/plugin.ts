import { expectationKind, workloadKind, type SimPlugin } from "../plugin.js";
import type { SybilSpec } from "../sybil/sybil.js";
import { armLookupExpectation, LookupExpectation } from "./expect.js";
import { KadWorkload, scheduleKadWorkload } from "./workload.js";

const sybilOf = (s: { readonly [field: string]: unknown }) => s.sybil as SybilSpec | undefined;

/** Kademlia in the simulator: the `kad` workload (lookups, puts, provides) and the `lookup` expectation. */
export const kademliaPlugin: SimPlugin = {
  name: "kademlia",
  workloads: {
    kad: workloadKind({
      schema: KadWorkload,
      references: (w) => [
        ...(w.from !== undefined ? [{ path: ["from"], selector: w.from }] : []),
        ...(w.targets !== undefined ? [{ path: ["targets"], selector: w.targets }] : []),
      ],
      schedule: (world, w) => scheduleKadWorkload(world, w, sybilOf(world.scenario)?.target),
    }),
  },
  expectations: {
    lookup: expectationKind({
      schema: LookupExpectation,
      arm: (world, spec, index) =>
        armLookupExpectation(
          world,
          index,
          spec,
          sybilOf(world.scenario)?.group ?? "sybil",
          sybilOf(world.scenario)?.target,
        ),
    }),
  },
};
