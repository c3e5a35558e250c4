import type * as Schema from "effect/Schema";
import type { GroupCoreFields, ScenarioCoreFields } from "./core.js";

type FieldsType<F extends Schema.Struct.Fields> = Schema.Struct.Type<F>;

/**
 * A node group as the simulator reads it. `protocols` holds each protocol's decoded
 * parameters (keys from the protocol registry); fields plug-ins add (`nat`, `radio`) are
 * read by those plug-ins.
 */
export type NodeGroup = FieldsType<typeof GroupCoreFields> & {
  readonly protocols?: Readonly<Record<string, unknown>>;
  readonly [pluginField: string]: unknown;
};

/** One `{at, <verb>: spec}` of the timeline. */
export type TimelineEntry = { readonly at: number } & { readonly [verb: string]: unknown };
/** One `{<verb>: spec}` of the workload or `{<kind>: spec}` of the expectations. */
export type KindEntry = { readonly [kind: string]: unknown };

/** A validated scenario with its name and seed settled. */
export type LoadedScenario = FieldsType<typeof ScenarioCoreFields> & {
  readonly name: string;
  readonly seed: number | string;
  readonly file: string;
  readonly nodes: readonly NodeGroup[];
  readonly workload?: readonly KindEntry[];
  readonly timeline?: readonly TimelineEntry[];
  readonly expect?: readonly KindEntry[];
  readonly [pluginField: string]: unknown;
};
