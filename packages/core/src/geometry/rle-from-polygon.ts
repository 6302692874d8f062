/**
 * Polygon → COCO RLE, pixel for pixel as pycocotools' C `rleFrPoly` (maskApi.c) computes it:
 * the vertices are scaled ×5 and rounded (C `(int)(v + .5)`, which truncates toward zero), each edge is
 * walked one unit step at a time along its major axis, and every crossing of a column centre becomes a
 * y-boundary point; sorting the points' column-major positions gives the runs. Anything else (a
 * scanline fill, another rounding) differs from the reference on boundary pixels.
 */

const SCALE = 5;

// C `(int)` of a double (truncation toward zero; NaN, from 0/0 on a zero-length edge, gives 0) is
// written `(v) | 0` throughout: the same ToInt32, and no call that would box its double argument.

/** Reusable buffers for rasterising many polygons (optional; a call allocates them without one). */
export class PolygonScratch {
  bx = new Int32Array(256);
  by = new Int32Array(256);
  positions = new Float64Array(257);
  runs = new Uint32Array(257);
  columns = new Int32Array(256);
  vx = new Int32Array(64);
  vy = new Int32Array(64);

  /** Room for n upsampled vertices. */
  reserveVertices(n: number): void {
    if (this.vx.length >= n) return;
    this.vx = new Int32Array(Math.max(n, this.vx.length * 2));
    this.vy = new Int32Array(this.vx.length);
  }

  /** Room for n boundary points. */
  reserve(n: number): void {
    if (this.bx.length >= n) return;
    const size = Math.max(n, this.bx.length * 2);
    this.bx = new Int32Array(size);
    this.by = new Int32Array(size);
    this.positions = new Float64Array(size + 1);
    this.runs = new Uint32Array(size + 1);
  }

  /** Zeroed counters for columns 0 .. n. */
  columnCounts(n: number): Int32Array {
    if (this.columns.length < n) this.columns = new Int32Array(Math.max(n, this.columns.length * 2));
    this.columns.fill(0, 0, n);
    return this.columns;
  }
}

/**
 * Walks the upsampled boundary edge by edge (the points (u, v) of `rleFrPoly`, each edge in unit
 * steps along its major axis, in its order and rounding) and keeps, wherever u changes between
 * consecutive points, the y-boundary point downsampled back to pixels: column in scratch.bx, row in
 * scratch.by. Returns how many; the points themselves are never stored.
 */
function yBoundary(xy: ArrayLike<number>, h: number, w: number, scratch: PolygonScratch): number {
  const k = Math.floor(xy.length / 2);
  if (k === 0) return 0;
  scratch.reserveVertices(k + 1);
  const { vx, vy } = scratch;
  for (let j = 0; j < k; j++) {
    vx[j] = (SCALE * (xy[2 * j] as number) + 0.5) | 0;
    vy[j] = (SCALE * (xy[2 * j + 1] as number) + 0.5) | 0;
  }
  vx[k] = vx[0]!;
  vy[k] = vy[0]!;
  let bound = 0;
  for (let j = 0; j < k; j++)
    bound += Math.max(Math.abs(vx[j]! - vx[j + 1]!), Math.abs(vy[j]! - vy[j + 1]!)) + 1;
  scratch.reserve(bound);
  const { bx, by } = scratch;
  let n = 0;
  // The previous point (pu, pv); no closure over these (a closure would keep them, and n, in a heap
  // context instead of registers, in the hottest loop of mask evaluation).
  let pu = 0;
  let pv = 0;
  let started = false;
  for (let j = 0; j < k; j++) {
    let xs = vx[j]!;
    let xe = vx[j + 1]!;
    let ys = vy[j]!;
    let ye = vy[j + 1]!;
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      xs = xe;
      xe = vx[j]!;
      ys = ye;
      ye = vy[j]!;
    }
    if (dx >= dy && dx > 0) {
      // A flat edge moves one column per step: only steps onto a column centre (u ≡ 2 mod 5) count.
      const s = (ye - ys) / dx;
      const tFirst = flip ? dx : 0;
      if (started) n = boundaryPoint(tFirst + xs, (ys + s * tFirst + 0.5) | 0, pu, pv, n, scratch, h, w);
      started = true;
      for (let t = (((2 - xs) % SCALE) + SCALE) % SCALE; t < dx; t += SCALE) {
        const x = (xs + t - 2) / SCALE;
        if (x < 0 || x > w - 1) continue;
        const va = (ys + s * t + 0.5) | 0;
        const vb = (ys + s * (t + 1) + 0.5) | 0;
        bx[n] = x;
        by[n] = yDown(va < vb ? va : vb, h);
        n++;
      }
      pu = (flip ? 0 : dx) + xs;
      pv = (ys + s * (flip ? 0 : dx) + 0.5) | 0;
    } else if (dx < dy) {
      // A steep edge: u = (int)(xs + s*t + .5) moves by at most one per step, monotonically, so each
      // column change onto a centre (between m and m+1, m ≡ 2 mod 5) is found by solving for its step.
      const s = (xe - xs) / dy;
      const tFirst = flip ? dy : 0;
      if (started) n = boundaryPoint((xs + s * tFirst + 0.5) | 0, tFirst + ys, pu, pv, n, scratch, h, w);
      started = true;
      const u0 = (xs + 0.5) | 0;
      const u1 = (xs + s * dy + 0.5) | 0;
      const lo = u0 < u1 ? u0 : u1;
      const hi = u0 < u1 ? u1 : u0;
      n = steepPoints(xs, ys, s, dy, lo, hi, n, scratch, h, w);
      const tLast = flip ? 0 : dy;
      pu = (xs + s * tLast + 0.5) | 0;
      pv = tLast + ys;
    } else {
      // A zero-length edge: one point (0/0 in C).
      const v = (ys + ((ye - ys) / dx) * 0 + 0.5) | 0;
      if (started) n = boundaryPoint(xs, v, pu, pv, n, scratch, h, w);
      started = true;
      pu = xs;
      pv = v;
    }
  }
  return n;
}

/**
 * Consecutive points (pu, pv) → (u, v): a y-boundary point when u changes onto a column centre;
 * stored at n (returns the new count).
 */
function boundaryPoint(
  u: number,
  v: number,
  pu: number,
  pv: number,
  n: number,
  scratch: PolygonScratch,
  h: number,
  w: number,
): number {
  if (u === pu) return n;
  let xd = u < pu ? u : u - 1;
  xd = (xd + 0.5) / SCALE - 0.5;
  if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) return n;
  scratch.bx[n] = xd;
  scratch.by[n] = yDown(v < pv ? v : pv, h);
  return n + 1;
}

/**
 * The y-boundary points of a steep edge from (xs, ys), dy unit steps in y with x moving s per step:
 * for each column change onto a centre (between m and m + 1, m ≡ 2 mod 5, for m in [lo, hi)), the
 * first step t in 1..dy at which (int)(xs + s*t + .5) passes m + 1, estimated and then corrected
 * with the exact float test (monotone in t). One call per edge: a double argument is boxed per call.
 */
function steepPoints(
  xs: number,
  ys: number,
  s: number,
  dy: number,
  lo: number,
  hi: number,
  n: number,
  scratch: PolygonScratch,
  h: number,
  w: number,
): number {
  const { bx, by } = scratch;
  const rising = s > 0;
  for (let m = lo + ((((2 - lo) % SCALE) + SCALE) % SCALE); m < hi; m += SCALE) {
    const x = (m - 2) / SCALE;
    if (x < 0 || x > w - 1) continue;
    const edge = m + 1;
    let t = Math.min(dy, Math.max(1, Math.ceil((edge - 0.5 - xs) / s)));
    // crossed(t): xs + s*t + .5 reaches the edge (s > 0) or falls below it (s < 0).
    while (t > 1 && (rising ? xs + s * (t - 1) + 0.5 >= edge : xs + s * (t - 1) + 0.5 < edge)) t--;
    while (t < dy && !(rising ? xs + s * t + 0.5 >= edge : xs + s * t + 0.5 < edge)) t++;
    bx[n] = x;
    by[n] = yDown(ys + t - 1, h);
    n++;
  }
  return n;
}

/**
 * The row of a y-boundary point: upsampled row y (an integer) back to pixels, clamped to [0, h],
 * rounded up: ceil((y + .5) / 5 - .5) = ceil((y - 2) / 5) in integers (the float form is never within
 * 0.2 of an integer unless it is one, exactly), so no double is returned (it would be boxed).
 */
function yDown(y: number, h: number): number {
  const r = y < 2 ? 0 : ((y + 2) / SCALE) | 0;
  return r > h ? Math.ceil(h) : r;
}

/**
 * Column-major positions x*h + y of the n boundary points, ascending, into scratch.positions: a
 * counting sort by column, then an insertion sort (only rows within a column are left out of order),
 * far faster than a generic sort.
 */
function sortPositions(scratch: PolygonScratch, n: number, h: number): void {
  const { bx, by, positions: out } = scratch;
  if (n === 0) return;
  let xMin = 0x7fffffff;
  let xMax = -1;
  for (let i = 0; i < n; i++) {
    const x = bx[i]!;
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
  }
  const span = xMax - xMin + 2;
  const starts = scratch.columnCounts(span);
  for (let i = 0; i < n; i++) starts[bx[i]! - xMin + 1]!++;
  for (let c = 1; c < span; c++) starts[c]! += starts[c - 1]!;
  for (let i = 0; i < n; i++) {
    const x = bx[i]!;
    out[starts[x - xMin]!++] = x * h + by[i]!;
  }
  for (let i = 1; i < n; i++) {
    const value = out[i]!;
    let j = i - 1;
    while (j >= 0 && out[j]! > value) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = value;
  }
}

/**
 * Rasterises one polygon ring `[x0, y0, x1, y1, ...]` (pixel coordinates; an odd trailing number is
 * ignored) on an h × w image into `scratch.runs`; returns the number of runs (column-major, first
 * run counts 0s). The runs stay valid until the scratch is used again.
 */
export function rleFromPolygonInto(
  xy: ArrayLike<number>,
  h: number,
  w: number,
  scratch: PolygonScratch,
): number {
  let n = yBoundary(xy, h, w, scratch);
  sortPositions(scratch, n, h);
  const a = scratch.positions;
  a[n++] = h * w;
  let previous = 0;
  for (let j = 0; j < n; j++) {
    const t = a[j]!;
    a[j] = t - previous;
    previous = t;
  }
  // Runs of length 0 merge their neighbours (two boundary points on one pixel cancel out).
  const runs = scratch.runs;
  let m = 0;
  let j = 0;
  runs[m++] = a[j++]!;
  while (j < n) {
    if (a[j]! > 0) runs[m++] = a[j++]!;
    else {
      j++;
      if (j < n) runs[m - 1]! += a[j++]!;
    }
  }
  return m;
}

/** Rasterises one polygon ring on an h × w image; returns its RLE runs (see rleFromPolygonInto). */
export function rleFromPolygon(
  xy: ArrayLike<number>,
  h: number,
  w: number,
  scratch = new PolygonScratch(),
): Uint32Array {
  const m = rleFromPolygonInto(xy, h, w, scratch);
  return scratch.runs.slice(0, m);
}

/** The RLE of a box [x, y, w, h], as pycocotools' `frBbox` (the box's corners as a polygon). */
export function rleFromBox(
  box: ArrayLike<number>,
  h: number,
  w: number,
  scratch?: PolygonScratch,
): Uint32Array {
  const xs = box[0] as number;
  const ys = box[1] as number;
  const xe = xs + (box[2] as number);
  const ye = ys + (box[3] as number);
  return rleFromPolygon([xs, ys, xs, ye, xe, ye, xe, ys], h, w, scratch);
}
