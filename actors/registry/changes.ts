import type { RegistryEvent } from "./messages.js";
import type { NodeRecord, SovereignKey } from "./records.js";

/**
 * What one request or sweep changed, for whoever keeps a durable copy (the production
 * SQLite store applies these before the reply is sent; the simulator only logs them).
 */
export type RegistryChange =
  /** The record as it now is (inserted or updated). */
  | { readonly kind: "node"; readonly node: NodeRecord }
  | { readonly kind: "sovereign"; readonly key: SovereignKey }
  /** An accepted heartbeat (history; the record's `lastSeen` changes with it). */
  | {
      readonly kind: "heartbeat";
      readonly nodeId: string;
      readonly at: number;
      readonly timestamp: number;
      readonly ip: string;
    };

/** The outcome of one request or sweep. */
export interface Outcome {
  readonly status: number;
  readonly body: unknown;
  readonly changes: RegistryChange[];
  readonly events: RegistryEvent[];
}

export const reply = (status: number, body: unknown): Outcome => ({ status, body, changes: [], events: [] });
export const error = (status: number, message: string): Outcome => reply(status, { error: message });

/** A copy of a record for a change: later mutations of the live record must not alter a logged change. */
export const nodeChange = (n: NodeRecord): RegistryChange => ({
  kind: "node",
  node: { ...n, services: [...n.services] },
});
