import type { ViewPeer } from "../../../runtime/trace-index-format.js";

/**
 * The topology at one instant, as the index writer and the viewer both rebuild it: an
 * undirected edge joins a and b when either has the other in its active view, both are
 * up, and no partition puts them on different sides. Pure (no Node APIs) so the viewer
 * can import it and count components exactly as the index does.
 */
export class TopologyState {
  readonly views: ViewPeer[][] = [];
  readonly up: number[] = [];
  readonly mode: number[] = [];
  /** Side of the partition in force per node; -1 when none applies to it. */
  side: Int32Array = new Int32Array(0);

  /** Number of nodes. */
  get size(): number {
    return this.views.length;
  }

  /** Adds a node (up, empty view, unknown mode); returns its index. */
  addNode(): number {
    this.views.push([]);
    this.up.push(1);
    this.mode.push(0);
    const side = new Int32Array(this.views.length).fill(-1);
    side.set(this.side);
    this.side = side;
    return this.views.length - 1;
  }

  /** Applies a partition's sides (node indices per side), or clears it with `undefined`. */
  setPartition(sides: readonly (readonly number[])[] | undefined): void {
    this.side.fill(-1);
    if (!sides) return;
    sides.forEach((members, s) => {
      for (const n of members) if (n >= 0 && n < this.side.length) this.side[n] = s;
    });
  }

  /** True when a link between a and b can carry traffic now. */
  linked(a: number, b: number): boolean {
    if (!this.up[a] || !this.up[b]) return false;
    const sa = this.side[a]!;
    const sb = this.side[b]!;
    return sa < 0 || sb < 0 || sa === sb;
  }

  /** Calls `fn` once per undirected edge (a < b), with the relay of the link if it is relayed. */
  forEachEdge(fn: (a: number, b: number, via: number, live: boolean) => void): void {
    const seen = new Set<number>();
    const n = this.views.length;
    for (let a = 0; a < n; a++) {
      for (const p of this.views[a]!) {
        const b = typeof p === "number" ? p : p[0];
        const via = typeof p === "number" ? -1 : p[1];
        if (b === a || b < 0 || b >= n) continue;
        const lo = a < b ? a : b;
        const key = lo * n + (a < b ? b : a);
        if (seen.has(key)) continue;
        seen.add(key);
        fn(lo, a < b ? b : a, via, this.linked(a, b));
      }
    }
  }

  /**
   * Connected components among up nodes over live edges. `comp[i]` is the component of
   * node i ordered by size (0 = largest, ties by lowest member), -1 when down.
   */
  components(): { count: number; largest: number; comp: Int32Array; sizes: number[] } {
    const n = this.views.length;
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) parent[i] = i;
    const find = (x: number): number => {
      while (parent[x] !== x) {
        parent[x] = parent[parent[x]!]!;
        x = parent[x]!;
      }
      return x;
    };
    for (let a = 0; a < n; a++) {
      if (!this.up[a]) continue;
      for (const p of this.views[a]!) {
        const b = typeof p === "number" ? p : p[0];
        if (b < 0 || b >= n || !this.linked(a, b)) continue;
        const ra = find(a);
        const rb = find(b);
        if (ra !== rb) parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
      }
    }
    const sizeOf = new Map<number, number>();
    for (let i = 0; i < n; i++) if (this.up[i]) sizeOf.set(find(i), (sizeOf.get(find(i)) ?? 0) + 1);
    // Roots are the lowest member, so sorting by (size desc, root asc) is a total order.
    const roots = [...sizeOf.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const rank = new Map<number, number>();
    roots.forEach(([r], i) => rank.set(r, i));
    const comp = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) if (this.up[i]) comp[i] = rank.get(find(i))!;
    return { count: roots.length, largest: roots[0]?.[1] ?? 0, comp, sizes: roots.map((r) => r[1]) };
  }
}
