import { byKey } from "../actors/protocols-schema.js";
import type { EngineProgress } from "./engine.js";
import type { ExpectationResult } from "./expect/result.js";
import type { NetworkStats } from "./network/sim-network.js";
import type { PluginRun } from "./plugin.js";
import { simPlugins } from "./plugins.js";
import { expectationKinds, scenarioProtocols, timelineVerbs, workloadKinds } from "./scenario/schema.js";
import type { KindEntry, LoadedScenario } from "./scenario/types.js";
import { World, type WorldOptions } from "./world.js";

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
  /** Each installed plug-in's report section, under its name (`nat`: devices, connectivity by path, relay load). */
  readonly [plugin: string]: unknown;
}

/** A world with its plug-ins installed and its timeline, workload and expectations armed, not yet run. */
export interface PreparedRun {
  readonly world: World;
  /** Judges the expectations and summarizes the run; call once the world has run. */
  report(): RunReport;
  /** Lines the installed plug-ins add to the end-of-run summary. */
  summary(): Record<string, string>;
}

const protocols = byKey(scenarioProtocols);
type Armed<T> = Readonly<Record<string, T>>;

/** The one kind named by an entry and its spec (the loader checked there is exactly one). */
function kindOf<T>(entry: KindEntry, table: Armed<T>): [T, unknown] {
  const key = Object.keys(table).find((k) => entry[k] !== undefined)!;
  return [table[key]!, entry[key]];
}

/** Builds the world of a scenario and arms it; the caller runs it (at once, or in slices for a live viewer). */
export function prepareRun(scenario: LoadedScenario, options: WorldOptions = {}): PreparedRun {
  const world = new World(scenario, { protocols }, options);
  const installed: [string, PluginRun][] = [];
  for (const p of simPlugins) {
    const run = p.install?.(world);
    if (run) installed.push([p.name, run]);
  }
  for (const t of scenario.timeline ?? []) {
    const [verb, spec] = kindOf(t, timelineVerbs);
    verb.schedule(world, spec, t.at);
  }
  for (const w of scenario.workload ?? []) {
    const [kind, spec] = kindOf(w, workloadKinds);
    kind.schedule(world, spec);
  }
  const judges = (scenario.expect ?? []).map((e, index) => {
    const [kind, spec] = kindOf(e, expectationKinds);
    return kind.arm(world, spec, index);
  });
  return {
    world,
    summary: () => Object.assign({}, ...installed.map(([, r]) => r.summary?.() ?? {})),
    report: () => {
      const results = judges.map((judge) => judge());
      let deliveries = 0;
      for (const m of world.observations.deliveries.values()) deliveries += m.size;
      const sections = Object.fromEntries(
        installed.filter(([, r]) => r.report).map(([name, r]) => [name, r.report!()]),
      );
      return {
        scenario: scenario.name,
        file: scenario.file,
        seed: world.seed,
        nodes: world.nodes.length,
        simulatedMs: scenario.duration,
        ok: results.every((e) => e.ok),
        expectations: results,
        fingerprint: world.log.fingerprint(),
        logEntries: world.log.size,
        events: world.engine.processed,
        messages: { published: world.observations.publications.size, deliveries },
        network: { ...world.network.stats },
        malformed: world.nodes.reduce((sum, n) => sum + n.host.stats.malformed, 0),
        ...sections,
      };
    },
  };
}

export interface RunOptions extends WorldOptions {
  readonly onProgress?: (p: EngineProgress) => void;
  /** Called with the world before it runs: attach trace writers, live viewers. */
  readonly beforeRun?: (world: World) => void;
}

/** Builds the world of a scenario, runs it to its duration and judges its expectations. */
export function runScenario(scenario: LoadedScenario, options: RunOptions = {}): { world: World; report: RunReport } {
  const run = prepareRun(scenario, options);
  options.beforeRun?.(run.world);
  run.world.run(scenario.duration, options.onProgress);
  return { world: run.world, report: run.report() };
}

/** The same run with something switched off, judged by the same expectations. */
export interface Baseline {
  readonly label: string;
  readonly ok: boolean;
  readonly expectations: RunReport["expectations"];
}

/** What checks beyond the run itself found: a second run's fingerprint, the plug-ins' baselines. */
export interface RunChecks {
  readonly determinism?: { readonly fingerprints: string[]; readonly ok: boolean };
  readonly baselines?: readonly Baseline[];
}

/**
 * Runs what accompanies a finished run, with the same seed: the determinism re-run (when
 * asked) and every baseline a plug-in asks for (e.g. the Sybil attack with the defences
 * off). Baselines are for comparison: they do not decide whether the run passed.
 */
export function runChecks(
  scenario: LoadedScenario,
  first: RunReport,
  options: WorldOptions & { readonly checkDeterminism?: boolean },
): RunChecks {
  const checks: { -readonly [K in keyof RunChecks]: RunChecks[K] } = {};
  if (options.checkDeterminism) {
    const fingerprints = [first.fingerprint, runScenario(scenario, options).report.fingerprint];
    checks.determinism = { fingerprints, ok: fingerprints[0] === fingerprints[1] };
  }
  const baselines = simPlugins.flatMap((p) => p.baselines?.(scenario) ?? []);
  if (baselines.length)
    checks.baselines = baselines.map((b) => {
      const r = runScenario(b.scenario, options).report;
      return { label: b.label, ok: r.ok, expectations: r.expectations };
    });
  return checks;
}
