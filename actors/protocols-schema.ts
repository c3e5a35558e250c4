import * as Schema from "effect/Schema";
import type { ProtocolModule } from "../runtime/protocol.js";
import { defaultProtocols } from "./registry.js";

/**
 * `protocols:` of a scenario node group or a node config, assembled from the modules:
 * each module's parameters under its key, all optional. Absent, a node runs the default
 * protocols with their default parameters (decoded, like any written value).
 */
export function protocolsSchema(modules: readonly ProtocolModule[]) {
  const fields = Object.fromEntries(modules.map((m) => [m.key, Schema.optional(m.params)]));
  const schema = Schema.Struct(fields);
  const defaults = Schema.decodeUnknownSync(schema)(defaultProtocols);
  return Schema.optionalWith(schema, { default: () => defaults, exact: true });
}

/** The modules by key. */
export const byKey = (modules: readonly ProtocolModule[]): ReadonlyMap<string, ProtocolModule> =>
  new Map(modules.map((m) => [m.key, m]));
