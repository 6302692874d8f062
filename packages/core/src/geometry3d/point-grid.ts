/**
 * A bird's-eye-view grid over a sweep's points, built in one pass, so that the points near many boxes
 * are found without a pass over the sweep per box. Only the points inside `region` are kept; they are
 * copied in cell order (rows of cells along y, cells along x within a row), so the points of a run of
 * cells in one row are one contiguous range of the copies.
 */
export interface PointGrid {
  /** The kept points in cell order (float32, as read: the values are exact copies). */
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
  /** Points of cell c are `start[c]` to `start[c + 1]` − 1 (cells row-major, `cols` per row). */
  start: Int32Array;
  cols: number;
  rows: number;
  x0: number;
  y0: number;
  cell: number;
}

/** The square area the grid covers, metres in the sweep's frame. */
export interface GridRegion {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Most cells in a grid (the cell side grows past the least when the region is wide). */
const MAX_CELLS = 1 << 18;
/** Least cell side, metres. */
const MIN_CELL_M = 1;

/** Builds the grid of the points whose x and y lie in `region` (NaN and infinite points are left out). */
export function pointGridBuild(
  x: Float32Array,
  y: Float32Array,
  z: Float32Array,
  count: number,
  region: GridRegion,
): PointGrid {
  const width = Math.max(region.maxX - region.minX, 0);
  const height = Math.max(region.maxY - region.minY, 0);
  const cell = Math.max(MIN_CELL_M, Math.sqrt((width * height) / MAX_CELLS));
  const cols = Math.floor(width / cell) + 1;
  const rows = Math.floor(height / cell) + 1;
  const { minX: x0, minY: y0, maxX: x1, maxY: y1 } = region;
  const cellOf = new Int32Array(count);
  const start = new Int32Array(cols * rows + 1);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const px = x[i]!;
    const py = y[i]!;
    // Negated tests so that NaN falls out too.
    if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1)) {
      cellOf[i] = -1;
      continue;
    }
    const gx = Math.min(cols - 1, Math.floor((px - x0) / cell));
    const gy = Math.min(rows - 1, Math.floor((py - y0) / cell));
    const c = gy * cols + gx;
    cellOf[i] = c;
    start[c + 1]!++;
    kept++;
  }
  for (let c = 0; c < cols * rows; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, cols * rows);
  const gx = new Float32Array(kept);
  const gy = new Float32Array(kept);
  const gz = new Float32Array(kept);
  for (let i = 0; i < count; i++) {
    const c = cellOf[i]!;
    if (c < 0) continue;
    const k = fill[c]!++;
    gx[k] = x[i]!;
    gy[k] = y[i]!;
    gz[k] = z[i]!;
  }
  return { x: gx, y: gy, z: gz, start, cols, rows, x0, y0, cell };
}

/**
 * The ranges [from, to) of the grid's copies holding every kept point with x in [minX, maxX] and
 * y in [minY, maxY] (and some points near it), one range per row of cells, as a flat list.
 */
export function pointGridRanges(
  grid: PointGrid,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
): number[] {
  const { cols, rows, x0, y0, cell, start } = grid;
  // Same arithmetic as pointGridBuild: floor((v − origin) / cell) is monotonic in v, so every point in the
  // query lies in a cell between the query's first and last.
  const gx0 = Math.max(0, Math.floor((minX - x0) / cell));
  const gx1 = Math.min(cols - 1, Math.floor((maxX - x0) / cell));
  const gy0 = Math.max(0, Math.floor((minY - y0) / cell));
  const gy1 = Math.min(rows - 1, Math.floor((maxY - y0) / cell));
  const out: number[] = [];
  if (!(gx0 <= gx1 && gy0 <= gy1)) return out;
  for (let gy = gy0; gy <= gy1; gy++) {
    const from = start[gy * cols + gx0]!;
    const to = start[gy * cols + gx1 + 1]!;
    if (to > from) out.push(from, to);
  }
  return out;
}
