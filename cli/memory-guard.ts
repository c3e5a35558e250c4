import { getHeapStatistics } from "node:v8";
import { ScenarioError } from "../sim/scenario/errors.js";
import { estimateMemory, memoryRefusal } from "../sim/memory-estimate.js";

/**
 * Refuses a scenario whose world cannot fit this process before it is built: an invalid
 * file (exit 2) naming `nodes` and the figures, instead of a V8 out-of-memory abort after
 * a long wait. The limit is V8's heap limit (raised by --max-old-space-size).
 */
export function guardMemory(scenario: {
  readonly file: string;
  readonly nodes: readonly { readonly count: number }[];
}): void {
  const nodes = scenario.nodes.reduce((n, g) => n + g.count, 0);
  const refusal = memoryRefusal(estimateMemory(nodes, getHeapStatistics().heap_size_limit));
  if (refusal) throw new ScenarioError(scenario.file, [{ path: "nodes", message: refusal }]);
}
