import type { EngineProgress } from "./engine.js";
import { armExpectations, type ExpectationResult } from "./expect/index.js";
import type { NetworkStats } from "./network/sim-network.js";
import type { LoadedScenario } from "./scenario/load.js";
import { scheduleTimeline } from "./timeline.js";
import { scheduleWorkload } from "./workload.js";
import { World, type WorldOptions } from "./world.js";
import { installNat, type NatReport } from "./nat/install.js";

/** Everything a run found, as written to `report.json`. */
export interface RunReport {
  readonly scenario: string;
  readonly file: string;
  readonly seed: number | string;
  readonly nodes: number;
  readonly simulatedMs: number;
  readonly ok: boolean;
  readonly expectations: readonly ExpectationResult[];
  /** sha256 of the log's NDJSON serialization: equal runs have equal fingerprints. */
  readonly fingerprint: string;
  readonly logEntries: number;
  readonly events: number;
  readonly messages: { readonly published: number; readonly deliveries: number };
  readonly network: NetworkStats;
  /** Frames the hosts counted and dropped (unknown protocol or message type). */
  readonly malformed: number;
  /** NAT devices, connectivity by path and relay load, when the scenario uses NATs or relays. */
  readonly nat?: NatReport;
}

export interface RunOptions extends WorldOptions {
  readonly onProgress?: (p: EngineProgress) => void;
  /** Called with the world before it runs: attach trace writers, live viewers. */
  readonly beforeRun?: (world: World) => void;
}

/** A world with its timeline, workload and expectations armed, not yet run. */
export interface PreparedRun {
  readonly world: World;
  /** Judges the expectations and summarizes the run; call once the world has run. */
  report(): RunReport;
}

/** Builds the world of a scenario and arms it; the caller runs it (at once, or in slices for a live viewer). */
export function prepareRun(scenario: LoadedScenario, options: WorldOptions = {}): PreparedRun {
  const world = new World(scenario, options);
  const nat = installNat(world);
  scheduleTimeline(world, scenario.timeline ?? []);
  scheduleWorkload(world, scenario.workload ?? []);
  const judge = armExpectations(world, scenario.expect ?? []);
  return {
    world,
    report: () => {
      const expectations = judge();
      let deliveries = 0;
      for (const m of world.observations.deliveries.values()) deliveries += m.size;
      return {
        scenario: scenario.name,
        file: scenario.file,
        seed: world.seed,
        nodes: world.nodes.length,
        simulatedMs: scenario.duration,
        ok: expectations.every((e) => e.ok),
        expectations,
        fingerprint: world.log.fingerprint(),
        logEntries: world.log.size,
        events: world.engine.processed,
        messages: { published: world.observations.publications.size, deliveries },
        network: { ...world.network.stats },
        malformed: world.nodes.reduce((sum, n) => sum + n.host.stats.malformed, 0),
        ...(nat ? { nat: nat.report() } : {}),
      };
    },
  };
}

/** Builds the world of a scenario, runs it to its duration and judges its expectations. */
export function runScenario(scenario: LoadedScenario, options: RunOptions = {}): { world: World; report: RunReport } {
  const run = prepareRun(scenario, options);
  options.beforeRun?.(run.world);
  run.world.run(scenario.duration, options.onProgress);
  return { world: run.world, report: run.report() };
}
