/**
 * A uniform grid over device positions: who may hear a transmitter is looked up in the
 * 3×3 cells around it (cell side ≥ the longest range), not among all devices, so the cost
 * of a frame grows with the density around the sender, not with the world's size.
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

  /** Indices of devices in the cells within one cell of (x, y), in index order per cell. */
  near(x: number, y: number, out: number[]): number[] {
    out.length = 0;
    const cx = this.cx(x);
    const cy = this.cx(y);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const list = this.cells.get(this.key(cx + dx, cy + dy));
        if (list) for (const i of list) out.push(i);
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
