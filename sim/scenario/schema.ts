import * as Schema from "effect/Schema";
import { protocolsSchema } from "../../actors/protocols-schema.js";
import { protocolModules } from "../../actors/registry.js";
import type { ProtocolModule } from "../../runtime/protocol.js";
import type { ExpectationKind, SimPlugin, TimelineVerb, WorkloadKind } from "../plugin.js";
import { simPlugins } from "../plugins.js";
import { Duration } from "./primitives.js";
import { GroupCoreFields, ScenarioCoreFields } from "./core.js";

/**
 * The scenario grammar, assembled from the registries: the protocol modules give
 * `protocols:`, the simulator plug-ins give group fields, scenario fields, workload
 * verbs, timeline verbs and expectation kinds. No feature's schema is imported here.
 */

/** Every protocol a scenario can name: the shared modules, then those only the simulator has. */
export const scenarioProtocols: readonly ProtocolModule[] = [
  ...protocolModules,
  ...simPlugins.flatMap((p) => p.protocols ?? []),
];

type Kinds<K> = Readonly<Record<string, K>>;
const gather = <K>(pick: (p: SimPlugin) => Kinds<K> | undefined): Kinds<K> => {
  const all: Record<string, K> = {};
  for (const p of simPlugins)
    for (const [k, v] of Object.entries(pick(p) ?? {})) {
      if (k in all) throw new Error(`plug-in '${p.name}' registers '${k}' a second time`);
      all[k] = v;
    }
  return all;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const optionalOf = (kinds: Kinds<{ readonly schema: Schema.Schema<unknown, any> }>) =>
  Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, Schema.optional(v.schema)]));

/** Plug-in fields are optional in a file: a bare schema is made optional here. */
const optionalFields = (fields: Schema.Struct.Fields | undefined): Schema.Struct.Fields =>
  Object.fromEntries(Object.entries(fields ?? {}).map(([k, v]) => [k, Schema.isSchema(v) ? Schema.optional(v) : v]));

export const workloadKinds: Kinds<WorkloadKind<unknown>> = gather((p) => p.workloads);
export const timelineVerbs: Kinds<TimelineVerb<unknown>> = gather((p) => p.timeline);
export const expectationKinds: Kinds<ExpectationKind<unknown>> = gather((p) => p.expectations);

export const NodeGroup = Schema.Struct({
  ...GroupCoreFields,
  protocols: protocolsSchema(scenarioProtocols),
  ...Object.assign({}, ...simPlugins.map((p) => optionalFields(p.groupFields))),
});

/** One fault at a point in simulated time; exactly one verb per entry. */
export const TimelineEntry = Schema.Struct({ at: Duration, ...optionalOf(timelineVerbs) });
/** Periodic commands; exactly one kind per entry. */
export const WorkloadEntry = Schema.Struct(optionalOf(workloadKinds));
/** What must hold for the run to pass; exactly one kind per entry. */
export const Expectation = Schema.Struct(optionalOf(expectationKinds));

export const Scenario = Schema.Struct({
  ...ScenarioCoreFields,
  nodes: Schema.Array(NodeGroup).pipe(Schema.minItems(1, { message: () => "expected at least one node group" })),
  workload: Schema.optional(Schema.Array(WorkloadEntry)),
  timeline: Schema.optional(Schema.Array(TimelineEntry)),
  expect: Schema.optional(Schema.Array(Expectation)),
  ...Object.assign({}, ...simPlugins.map((p) => optionalFields(p.scenarioFields))),
});
