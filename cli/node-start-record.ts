import type { NodeId } from "../runtime/driver.js";

/** What a node records at each start: enough to rebuild its actors for replay. */
export interface NodeStartRecord {
  readonly id: NodeId;
  readonly name: string;
  readonly segment: string;
  readonly role: "peer" | "backbone" | "light";
  readonly seed: string;
  /** Decoded protocol parameters, bootstrap peers merged into discovery seeds. */
  readonly protocols: Record<string, unknown>;
  /** The actor snapshots the host restored from (its `disk` at start). */
  readonly restored: Record<string, unknown>;
}
