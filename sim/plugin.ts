import type * as Schema from "effect/Schema";
import type { ProtocolModule } from "../runtime/protocol.js";
import type { ExpectationResult } from "./expect/result.js";
import type { Selector } from "./scenario/primitives.js";
import type { LoadedScenario } from "./scenario/types.js";
import type { World } from "./world.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySchema<A> = Schema.Schema<A, any>;

/** A place in a scenario file a kind refers to: a selector to check, a time to bound by the duration. */
export interface Reference {
  readonly path: readonly (string | number)[];
  readonly selector?: Selector;
  readonly at?: number;
}

/** `workload: - <verb>: spec`: commands a plug-in schedules on the world. */
export interface WorkloadKind<S> {
  readonly schema: AnySchema<S>;
  schedule(world: World, spec: S): void;
  /** Selectors and times inside a spec, checked against the scenario before it runs. */
  references?(spec: S): readonly Reference[];
}

/** `expect: - <kind>: spec`: armed before the run, judged after it. */
export interface ExpectationKind<S> {
  readonly schema: AnySchema<S>;
  /** Starts watching; the returned function gives the verdict once the world has run. */
  arm(world: World, spec: S, index: number): () => ExpectationResult;
  references?(spec: S): readonly Reference[];
}

/** `timeline: - {at, <verb>: spec}`: a fault or event the plug-in schedules from `at` on. */
export interface TimelineVerb<S> {
  readonly schema: AnySchema<S>;
  schedule(world: World, spec: S, at: number): void;
  references?(spec: S): readonly Reference[];
}

/** What an installed plug-in adds to one run's report. */
export interface PluginRun {
  /** The plug-in's section of `report.json` (under the plug-in's name). */
  report?(): unknown;
  /** Lines for the end-of-run summary table. */
  summary?(): Record<string, string>;
}

/**
 * What a protocol (or a world model: NAT, radio, Sybils) adds to the simulator,
 * registered once in `sim/plugins.ts`. The scenario grammar is assembled from these and
 * from the protocol registry, so no feature's schema is imported into the grammar by hand.
 */
export interface SimPlugin {
  /** Also the key of its report section. */
  readonly name: string;
  /** Protocols only the simulator runs (an attacker's variant of an actor). */
  readonly protocols?: readonly ProtocolModule[];
  /** Fields on a node group (`nat:`, `radio:`). */
  readonly groupFields?: Schema.Struct.Fields;
  /** Top-level scenario fields (`sybil:`). */
  readonly scenarioFields?: Schema.Struct.Fields;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly workloads?: Readonly<Record<string, WorkloadKind<any>>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly expectations?: Readonly<Record<string, ExpectationKind<any>>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly timeline?: Readonly<Record<string, TimelineVerb<any>>>;
  /** Problems only the whole document shows (paths into the file, messages as expectations). */
  check?(scenario: LoadedScenario): readonly { path: (string | number)[]; message: string }[];
  /** Rewrites a validated scenario before it runs (e.g. adds the attackers' group). */
  expand?(scenario: LoadedScenario): LoadedScenario;
  /** Installs the plug-in on a built world, before the timeline, workload and expectations are armed. */
  install?(world: World): PluginRun | undefined;
  /** Variants run beside the scenario for comparison (same seed), e.g. with the defences off. */
  baselines?(scenario: LoadedScenario): readonly { label: string; scenario: LoadedScenario }[];
}

/** Type helpers: declare a kind with its spec type inferred from the schema. */
export const workloadKind = <S>(k: WorkloadKind<S>): WorkloadKind<S> => k;
export const expectationKind = <S>(k: ExpectationKind<S>): ExpectationKind<S> => k;
export const timelineVerb = <S>(k: TimelineVerb<S>): TimelineVerb<S> => k;
