/**
 * Mask and box overlaps as pycocotools computes them (maskApi.c `rleIou`, `bbIou`), including the
 * crowd rule: against a crowd ground truth the overlap is intersection / area(detection), so any
 * detection inside a crowd region overlaps it fully.
 */

/** Foreground pixels of the runs `counts[start .. end)`. */
export function rleAreaOf(counts: Uint32Array, start: number, end: number): number {
  let area = 0;
  for (let j = start + 1; j < end; j += 2) area += counts[j]!;
  return area;
}

/**
 * IoU of two masks of the same size given as run ranges (`a[a0 .. a1)`, `b[b0 .. b1)`); with `crowd`
 * (b is a crowd region) the denominator is the area of a. Two disjoint masks give 0.
 */
export function rleIou(
  a: Uint32Array,
  a0: number,
  a1: number,
  b: Uint32Array,
  b0: number,
  b1: number,
  crowd: boolean,
): number {
  let ca = a0 < a1 ? a[a0]! : 0;
  let cb = b0 < b1 ? b[b0]! : 0;
  let ia = a0 + 1;
  let ib = b0 + 1;
  let va = false;
  let vb = false;
  let inter = 0;
  let union = 0;
  let ct = 1;
  while (ct > 0) {
    const c = ca < cb ? ca : cb;
    if (va || vb) {
      union += c;
      if (va && vb) inter += c;
    }
    ct = 0;
    ca -= c;
    if (!ca && ia < a1) {
      ca = a[ia++]!;
      va = !va;
    }
    ct += ca;
    cb -= c;
    if (!cb && ib < b1) {
      cb = b[ib++]!;
      vb = !vb;
    }
    ct += cb;
  }
  if (inter === 0) union = 1;
  else if (crowd) union = rleAreaOf(a, a0, a1);
  return inter / union;
}

/**
 * Box IoU of detection box `d` and ground-truth box `g` ([x, y, w, h] at offsets `di`, `gi`), in
 * pycocotools' operation order (so results are bit-identical); with `crowd` the union is the
 * detection's area.
 */
export function boxIou(
  d: ArrayLike<number>,
  di: number,
  g: ArrayLike<number>,
  gi: number,
  crowd: boolean,
): number {
  const dx = d[di] as number;
  const dy = d[di + 1] as number;
  const dw = d[di + 2] as number;
  const dh = d[di + 3] as number;
  const gx = g[gi] as number;
  const gy = g[gi + 1] as number;
  const gw = g[gi + 2] as number;
  const gh = g[gi + 3] as number;
  const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
  if (!(w > 0)) return 0;
  const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
  if (!(h > 0)) return 0;
  const inter = w * h;
  const da = dw * dh;
  const union = crowd ? da : da + gw * gh - inter;
  return inter / union;
}

/**
 * Foreground pixels shared by two masks of one size (`a[a0 .. a1)`, `b[b0 .. b1)`), counted only over
 * the positions [from, to) (column-major: x * h + y); outside them either mask must be empty. With
 * the masks' areas this gives `rleIou` (union = area a + area b − intersection) without walking the
 * columns that only one of them reaches.
 */
export function rleIntersection(
  a: Uint32Array,
  a0: number,
  a1: number,
  b: Uint32Array,
  b0: number,
  b1: number,
  from: number,
  to: number,
): number {
  // The runs holding position `from`, and where they end; odd runs (counted from a0, b0) are 1s.
  let ia = a0;
  let ea = 0;
  while (ia < a1) {
    ea += a[ia]!;
    if (ea > from) break;
    ia++;
  }
  let ib = b0;
  let eb = 0;
  while (ib < b1) {
    eb += b[ib]!;
    if (eb > from) break;
    ib++;
  }
  let pos = from;
  let inter = 0;
  while (pos < to && ia < a1 && ib < b1) {
    const end = ea < eb ? (ea < to ? ea : to) : eb < to ? eb : to;
    if (((ia - a0) & 1) === 1 && ((ib - b0) & 1) === 1) inter += end - pos;
    pos = end;
    if (ea === end && ++ia < a1) ea += a[ia]!;
    if (eb === end && ++ib < b1) eb += b[ib]!;
  }
  return inter;
}

/**
 * Tight box [x, y, w, h] of the runs `counts[start .. end)` on an image of height h, written at
 * `out[at ..]`, as pycocotools 2.0.x `rleToBbox`: a run of 1s that wraps into the next column widens
 * the box to the full height. Returns false (and writes zeros) for an empty mask.
 */
export function rleBoxInto(
  counts: Uint32Array,
  start: number,
  end: number,
  h: number,
  out: Float64Array,
  at: number,
): boolean {
  return rleBoxAreaInto(counts, start, end, h, out, at) > 0;
}

/** rleBoxInto that returns the mask's area (foreground pixels), in the same pass. */
export function rleBoxAreaInto(
  counts: Uint32Array,
  start: number,
  end: number,
  h: number,
  out: Float64Array,
  at: number,
): number {
  // Integer arithmetic (positions stay below h*w < 2^31); the column of a run is found by stepping
  // from the previous one (runs of one mask mostly move a column at a time), dividing only on jumps.
  const hi = h | 0;
  let xs = 0x7fffffff;
  let ys = 0x7fffffff;
  let xe = -1;
  let ye = -1;
  let cc = 0;
  let area = 0;
  let col = 0;
  let colStart = 0;
  for (let j = start; j + 1 < end; j += 2) {
    cc = (cc + (counts[j]! | 0)) | 0;
    const run = counts[j + 1]! | 0;
    const first = cc;
    cc = (cc + run) | 0;
    if (run === 0) continue;
    area += counts[j + 1]!;
    let y = (first - colStart) | 0;
    if (y >= hi) {
      if (y < 2 * hi) {
        col++;
        colStart = (colStart + hi) | 0;
      } else {
        col = (first / hi) | 0;
        colStart = (col * hi) | 0;
      }
      y = (first - colStart) | 0;
    }
    if (col < xs) xs = col;
    if (y + run <= hi) {
      // The run stays in its column.
      if (col > xe) xe = col;
      if (y < ys) ys = y;
      if (y + run - 1 > ye) ye = (y + run - 1) | 0;
    } else {
      const xEnd = (((cc - 1) | 0) / hi) | 0;
      if (xEnd > xe) xe = xEnd;
      ys = 0;
      ye = hi - 1;
    }
  }
  if (xe < 0) {
    out.fill(0, at, at + 4);
    return 0;
  }
  out[at] = xs;
  out[at + 1] = ys;
  out[at + 2] = xe - xs + 1;
  out[at + 3] = ye - ys + 1;
  return area;
}
