import type { NodeId } from "../../runtime/driver.js";
import { byDistance } from "../kademlia/closest.js";
import { kadKey } from "../kademlia/distance.js";
import { dhtKey } from "./constants.js";

/** The point in the DHT keyspace a recipient's notifications live at: sha256 of its DHT key. */
export const recipientPoint = (recipient: string): Uint8Array => kadKey(dhtKey(recipient));

/**
 * The `n` nodes among `candidates` XOR-closest to the recipient's point, nearest first
 * (the same metric and tie-break as the kademlia actor, whose lookups supply candidates).
 */
export function replicasFor(recipient: string, candidates: Iterable<NodeId>, n: number): NodeId[] {
  const cmp = byDistance(recipientPoint(recipient));
  const unique = [...new Set(candidates)].map((id) => ({ id, key: kadKey(id) }));
  return unique
    .sort(cmp)
    .slice(0, n)
    .map((c) => c.id);
}
