import type { NodeId } from "../runtime/driver.js";
import type { ProtocolContext } from "../runtime/protocol.js";

/** Every node named by `names` (groups expand to their nodes), each once, in world order of first mention. */
export const resolveAll = (ctx: Pick<ProtocolContext, "resolve">, names: readonly string[]): NodeId[] => [
  ...new Set(names.flatMap((n) => ctx.resolve(n))),
];

/** Paths of the names a list parameter holds, for the loader's up-front check that they exist. */
export const referencesOf = (field: string, names: readonly string[]) =>
  names.map((name, i) => ({ path: [field, i], name }));
