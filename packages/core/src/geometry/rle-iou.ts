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
  // Integer arithmetic throughout (positions stay below h*w < 2^31): `| 0` keeps V8 on int32 ops.
  const hi = h | 0;
  let xs = 0x7fffffff;
  let ys = 0x7fffffff;
  let xe = -1;
  let ye = -1;
  let cc = 0;
  for (let j = start; j + 1 < end; j += 2) {
    cc = (cc + (counts[j]! | 0)) | 0;
    const run = counts[j + 1]! | 0;
    const first = cc;
    cc = (cc + run) | 0;
    if (run === 0) continue;
    const last = (cc - 1) | 0;
    const xStart = (first / hi) | 0;
    const xEnd = (last / hi) | 0;
    if (xStart < xs) xs = xStart;
    if (xEnd > xe) xe = xEnd;
    if (xStart < xEnd) {
      ys = 0;
      ye = hi - 1;
    } else {
      const yStart = first - xStart * hi;
      const yEnd = last - xEnd * hi;
      if (yStart < ys) ys = yStart;
      if (yEnd > ye) ye = yEnd;
    }
  }
  if (xe < 0) {
    out.fill(0, at, at + 4);
    return false;
  }
  out[at] = xs;
  out[at + 1] = ys;
  out[at + 2] = xe - xs + 1;
  out[at + 3] = ye - ys + 1;
  return true;
}
