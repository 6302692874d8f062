/**
 * A uniform grid over points in [-1, 1]² (counting sort: the points of cell c are
 * `items[start[c] .. start[c + 1])`), so hover picking and lasso selection visit only the cells under
 * the cursor or the lasso's bounding box instead of every point: at 1M points a hover is a few hundred
 * points, not a million. Built once per set of positions; no allocation per query.
 */
export class PointGrid {
  readonly size: number;
  private readonly start: Uint32Array;
  private readonly items: Uint32Array;

  constructor(
    x: Float32Array,
    y: Float32Array,
    size = Math.max(1, Math.min(1024, Math.round(Math.sqrt(x.length / 4)))),
  ) {
    this.size = size;
    const n = x.length;
    const cellOf = new Uint32Array(n);
    const start = new Uint32Array(size * size + 1);
    for (let i = 0; i < n; i++) {
      const c = this.cell(x[i]!, y[i]!);
      cellOf[i] = c;
      start[c + 1]!++;
    }
    for (let c = 0; c < size * size; c++) start[c + 1]! += start[c]!;
    const fill = start.slice(0, size * size);
    const items = new Uint32Array(n);
    for (let i = 0; i < n; i++) items[fill[cellOf[i]!]!++] = i;
    this.start = start;
    this.items = items;
  }

  /** Column or row of a coordinate, clamped to the grid. */
  private index(v: number): number {
    const k = Math.floor(((v + 1) / 2) * this.size);
    return k < 0 ? 0 : k >= this.size ? this.size - 1 : k;
  }

  private cell(x: number, y: number): number {
    return this.index(y) * this.size + this.index(x);
  }

  /** Calls `visit(i)` for every point in the cells that overlap [x0, x1] × [y0, y1] (a superset). */
  each(x0: number, y0: number, x1: number, y1: number, visit: (i: number) => void): void {
    const [c0, c1, r0, r1] = [this.index(x0), this.index(x1), this.index(y0), this.index(y1)];
    for (let r = r0; r <= r1; r++) {
      const row = r * this.size;
      for (let k = this.start[row + c0]!, end = this.start[row + c1 + 1]!; k < end; k++)
        visit(this.items[k]!);
    }
  }
}
