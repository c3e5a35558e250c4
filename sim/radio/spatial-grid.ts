/**
 * A uniform grid over device positions: who may hear a transmitter is looked up in the
 * cells that a circle of its reach touches, not among all devices, so the cost of a frame
 * grows with the density around the sender, not with the world's size.
 */
export class SpatialGrid {
  private readonly cells = new Map<number, number[]>();

  constructor(
    private readonly cell: number,
    xs: readonly number[],
    ys: readonly number[],
  ) {
    for (let i = 0; i < xs.length; i++) {
      const k = this.key(this.cx(xs[i]!), this.cx(ys[i]!));
      const list = this.cells.get(k);
      if (list) list.push(i);
      else this.cells.set(k, [i]);
    }
  }

  /**
   * Indices of devices in the cells a circle of `radius` around (x, y) touches, cell by
   * cell in a fixed order (so runs are deterministic), in index order within a cell.
   */
  near(x: number, y: number, radius: number, out: number[]): number[] {
    out.length = 0;
    const c = this.cell;
    if (!Number.isFinite(c)) {
      for (const list of this.cells.values()) for (const i of list) out.push(i);
      return out;
    }
    const cx = this.cx(x);
    const cy = this.cx(y);
    const reach = Math.ceil(radius / c);
    const r2 = radius * radius;
    for (let dx = -reach; dx <= reach; dx++) {
      // Distance from the point to the nearest edge of the cell column.
      const gx = dx === 0 ? 0 : dx > 0 ? (cx + dx) * c - x : x - (cx + dx + 1) * c;
      for (let dy = -reach; dy <= reach; dy++) {
        const gy = dy === 0 ? 0 : dy > 0 ? (cy + dy) * c - y : y - (cy + dy + 1) * c;
        if (gx * gx + gy * gy > r2) continue;
        const list = this.cells.get(this.key(cx + dx, cy + dy));
        if (list) for (const i of list) out.push(i);
      }
    }
    return out;
  }

  private cx(v: number): number {
    return Number.isFinite(this.cell) ? Math.floor(v / this.cell) : 0;
  }

  private key(cx: number, cy: number): number {
    return (cx + 1_048_576) * 2_097_152 + (cy + 1_048_576);
  }
}
