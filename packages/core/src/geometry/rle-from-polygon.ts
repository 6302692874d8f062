/**
 * Polygon → COCO RLE, pixel for pixel as pycocotools' C `rleFrPoly` (maskApi.c) computes it:
 * the vertices are scaled ×5 and rounded (C `(int)(v + .5)`, which truncates toward zero), each edge is
 * walked one unit step at a time along its major axis, and every crossing of a column centre becomes a
 * y-boundary point; sorting the points' column-major positions gives the runs. Anything else (a
 * scanline fill, another rounding) differs from the reference on boundary pixels.
 */

const SCALE = 5;

/** C `(int)` of a double: truncation toward zero; NaN (0/0 on a zero-length edge) gives 0. */
function cInt(value: number): number {
  return Math.trunc(value) | 0;
}

/** Points densely along the upsampled boundary: (u[j], v[j]), j < count. */
function boundaryPoints(xy: ArrayLike<number>, k: number): { u: Int32Array; v: Int32Array; count: number } {
  const x = new Int32Array(k + 1);
  const y = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) {
    x[j] = cInt(SCALE * (xy[2 * j] as number) + 0.5);
    y[j] = cInt(SCALE * (xy[2 * j + 1] as number) + 0.5);
  }
  x[k] = x[0] as number;
  y[k] = y[0] as number;
  let m = 0;
  for (let j = 0; j < k; j++) {
    m += Math.max(Math.abs(x[j]! - x[j + 1]!), Math.abs(y[j]! - y[j + 1]!)) + 1;
  }
  const u = new Int32Array(m);
  const v = new Int32Array(m);
  m = 0;
  for (let j = 0; j < k; j++) {
    let xs = x[j]!;
    let xe = x[j + 1]!;
    let ys = y[j]!;
    let ye = y[j + 1]!;
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      [xs, xe] = [xe, xs];
      [ys, ye] = [ye, ys];
    }
    const s = dx >= dy ? (ye - ys) / dx : (xe - xs) / dy;
    if (dx >= dy) {
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        u[m] = t + xs;
        v[m] = cInt(ys + s * t + 0.5);
        m++;
      }
    } else {
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        v[m] = t + ys;
        u[m] = cInt(xs + s * t + 0.5);
        m++;
      }
    }
  }
  return { u, v, count: m };
}

/**
 * Rasterises one polygon ring `[x0, y0, x1, y1, ...]` (pixel coordinates; an odd trailing number is
 * ignored) on an h × w image; returns the RLE run lengths (column-major, first run counts 0s).
 */
export function rleFromPolygon(xy: ArrayLike<number>, h: number, w: number): Uint32Array {
  const k = Math.floor(xy.length / 2);
  const { u, v, count } = boundaryPoints(xy, k);
  // Column-major positions of the y-boundary points, downsampled back to pixel resolution.
  const positions = new Float64Array(count + 1);
  let n = 0;
  for (let j = 1; j < count; j++) {
    const uj = u[j]!;
    const up = u[j - 1]!;
    if (uj === up) continue;
    let xd = uj < up ? uj : uj - 1;
    xd = (xd + 0.5) / SCALE - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) continue;
    let yd = Math.min(v[j]!, v[j - 1]!);
    yd = (yd + 0.5) / SCALE - 0.5;
    if (yd < 0) yd = 0;
    else if (yd > h) yd = h;
    yd = Math.ceil(yd);
    positions[n++] = ((xd | 0) * h + (yd | 0)) >>> 0;
  }
  positions[n++] = h * w;
  const a = positions.subarray(0, n).sort();
  let previous = 0;
  for (let j = 0; j < n; j++) {
    const t = a[j]!;
    a[j] = t - previous;
    previous = t;
  }
  // Runs of length 0 merge their neighbours (two boundary points on one pixel cancel out).
  const runs = new Uint32Array(n);
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
  return runs.slice(0, m);
}

/** The RLE of a box [x, y, w, h], as pycocotools' `frBbox` (the box's corners as a polygon). */
export function rleFromBox(box: ArrayLike<number>, h: number, w: number): Uint32Array {
  const xs = box[0] as number;
  const ys = box[1] as number;
  const xe = xs + (box[2] as number);
  const ye = ys + (box[3] as number);
  return rleFromPolygon([xs, ys, xs, ye, xe, ye, xe, ys], h, w);
}
