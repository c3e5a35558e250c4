import type { NodeId } from "../../runtime/driver.js";
import type { Observations } from "../observations.js";

/**
 * Connected components of the undirected graph whose edges are live nodes' active
 * views (an edge to a down node does not count). Returns each node's component label
 * and the component sizes, largest first.
 */
export function viewComponents(
  obs: Observations,
  live: readonly NodeId[],
): { readonly label: Map<NodeId, number>; readonly sizes: number[] } {
  const parent = new Map<NodeId, NodeId>();
  for (const n of live) parent.set(n, n);
  const find = (x: NodeId): NodeId => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (parent.get(c) !== r) {
      const next = parent.get(c)!;
      parent.set(c, r);
      c = next;
    }
    return r;
  };
  for (const n of live) {
    for (const p of obs.views.get(n) ?? []) {
      if (!parent.has(p)) continue;
      const a = find(n);
      const b = find(p);
      if (a !== b) parent.set(a, b);
    }
  }
  const sizeByRoot = new Map<NodeId, number>();
  for (const n of live) sizeByRoot.set(find(n), (sizeByRoot.get(find(n)) ?? 0) + 1);
  const roots = [...sizeByRoot.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const index = new Map(roots.map(([r], i) => [r, i]));
  const label = new Map<NodeId, number>();
  for (const n of live) label.set(n, index.get(find(n))!);
  return { label, sizes: roots.map(([, s]) => s) };
}
