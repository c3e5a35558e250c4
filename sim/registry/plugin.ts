import { expectationKind, workloadKind, type Reference, type SimPlugin } from "../plugin.js";
import {
  armCount,
  armDiscovery,
  armRecords,
  CountExpectation,
  DiscoveryExpectation,
  RecordsExpectation,
} from "./expect.js";
import { countByStatus, nodesRunning, registryState } from "./locate.js";
import { ApproveWorkload, scheduleApprovals } from "./sovereign.js";

const at = (t: number): Reference[] => [{ path: ["at"], at: t }];

/**
 * The coordination registry in the simulator: the `registry-approve` workload (a
 * sovereign deciding in batches), the `registry`, `registry-count` and
 * `registry-discovery` expectations, and the `registry` report section (records by status).
 * The actors are the production ones; only HTTP is replaced by the simulated network.
 */
export const registryPlugin: SimPlugin = {
  name: "registry",
  workloads: {
    "registry-approve": workloadKind({
      schema: ApproveWorkload,
      schedule: scheduleApprovals,
      references: (w) => [...(w.start !== undefined ? [{ path: ["start"], at: w.start }] : [])],
    }),
  },
  expectations: {
    registry: expectationKind({
      schema: RecordsExpectation,
      arm: (world, spec, index) => armRecords(world, spec, index),
      references: (s) => [...at(s.at), ...(s.nodes !== undefined ? [{ path: ["nodes"], selector: s.nodes }] : [])],
    }),
    "registry-count": expectationKind({
      schema: CountExpectation,
      arm: (world, spec, index) => armCount(world, spec, index),
      references: (s) => at(s.at),
    }),
    "registry-discovery": expectationKind({
      schema: DiscoveryExpectation,
      arm: (world, spec, index) => armDiscovery(world, spec, index),
      references: (s) => [...at(s.at), ...(s.nodes !== undefined ? [{ path: ["nodes"], selector: s.nodes }] : [])],
    }),
  },
  check: (scenario) => {
    const uses = [...(scenario.workload ?? []), ...(scenario.expect ?? [])].some((e) =>
      Object.keys(e).some((k) => k.startsWith("registry")),
    );
    const has = scenario.nodes.some((g) => g.protocols && "registry" in g.protocols);
    return uses && !has
      ? [
          {
            path: ["nodes"],
            message: "registry workloads and expectations need a group with protocols: { registry: … }",
          },
        ]
      : [];
  },
  install: (world) => {
    if (nodesRunning(world, "registry").length === 0) return undefined;
    const report = () => ({
      records: countByStatus(registryState(world)),
      sovereigns: registryState(world)?.sovereigns.size ?? 0,
    });
    return {
      report,
      summary: () => {
        const r = report().records;
        return { registry: `${r.active} active, ${r.offline} offline, ${r.pending} pending, ${r.denied} denied` };
      },
    };
  },
};
