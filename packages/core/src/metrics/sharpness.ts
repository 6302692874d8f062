import type { GreyImage } from './grey-image.js';

export interface SharpnessStats {
  /** See laplacianVariance. */
  laplacianVariance: number;
  /** See edgeStd. */
  edgeStd: number;
}

/**
 * Variance of the 4-neighbour Laplacian (4·centre − up − down − left − right) over interior pixels,
 * in squared grey levels (Pech-Pacheco et al. 2000, "Diatom autofocusing in brightfield microscopy").
 * A flat image gives 0; a 1-pixel 0/255 checkerboard gives ±1020 everywhere, variance 1020². It
 * depends on resolution, which is why scan computes it on the normalised (≤ 256 px) decode.
 */
export function laplacianVariance(grey: GreyImage<Uint8Array>): number {
  return sharpnessStats(grey).laplacianVariance;
}

/**
 * CleanVision's blurriness: the standard deviation of PIL's FIND_EDGES image (8·centre minus the
 * 8 neighbours, clipped to 0..255; border pixels keep their value as PIL's 3×3 filter leaves them).
 */
export function edgeStd(grey: GreyImage<Uint8Array>): number {
  return sharpnessStats(grey).edgeStd;
}

/**
 * Both sharpness measures in one pass over the interior. Every response is an integer and every
 * sum stays far below 2^53, so the sums are exact whatever the order of the pixels.
 */
export function sharpnessStats(grey: GreyImage<Uint8Array>): SharpnessStats {
  const { data, width: w, height: h } = grey;
  const n = w * h;
  if (n === 0) return { laplacianVariance: 0, edgeStd: 0 };
  // border pixels of the edge image keep their grey value
  let edgeSum = 0;
  let edgeSq = 0;
  for (let x = 0; x < w; x++) {
    const top = data[x]!;
    const bottom = h > 1 ? data[(h - 1) * w + x]! : 0;
    edgeSum += top + bottom;
    edgeSq += top * top + bottom * bottom;
  }
  for (let y = 1; y < h - 1; y++) {
    const left = data[y * w]!;
    const right = w > 1 ? data[y * w + w - 1]! : 0;
    edgeSum += left + right;
    edgeSq += left * left + right * right;
  }
  const interior = interiorSums(data, w, h);
  edgeSum += interior.edgeSum;
  edgeSq += interior.edgeSq;
  const edgeMean = edgeSum / n;
  const edge = Math.sqrt(Math.max(0, edgeSq / n - edgeMean * edgeMean));
  if (w < 3 || h < 3) return { laplacianVariance: 0, edgeStd: edge };
  const m = (w - 2) * (h - 2);
  const lapMean = interior.lapSum / m;
  return { laplacianVariance: Math.max(0, interior.lapSq / m - lapMean * lapMean), edgeStd: edge };
}

/** Responses summed in 32-bit integers before they are added to the totals: 1024·1020² < 2^31. */
const RUN = 1024;

/** Sums of interiorSums, reused: Laplacian, Laplacian², edge, edge². */
const totals = new Float64Array(4);

/**
 * Sums of the Laplacian, of the clipped edge response and of their squares over interior pixels,
 * two rows at a time (they share two of the four rows they read) and then the last row if one is
 * left. With V the sum of a column's three pixels, the edge response is 9·centre minus the three V
 * around it, and the window slides along the rows with the V and the pixels it needs in locals.
 */
function interiorSums(data: Uint8Array, w: number, h: number) {
  totals.fill(0);
  let y = 1;
  for (; y + 2 < h; y += 2) {
    for (let x = 1; x < w - 1; x += RUN / 2) rowPairSums(data, w, y * w + x, Math.min(w - 1 - x, RUN / 2));
  }
  if (y < h - 1) {
    for (let x = 1; x < w - 1; x += RUN) rowSums(data, w, y * w + x, Math.min(w - 1 - x, RUN));
  }
  return { lapSum: totals[0]!, lapSq: totals[1]!, edgeSum: totals[2]!, edgeSq: totals[3]! };
}

/** The clipped edge response 0..255 of e, branch-free (its sign changes unpredictably in photos). */
function clip(e: number): number {
  const positive = e & ~(e >> 31);
  const over = positive - 255;
  return positive - (over & ~(over >> 31));
}

/**
 * Adds to `totals` the responses of `count` pixels from offset `at` on and of the pixels below
 * them: rows u, m, d, e (m holds `at`), the Laplacian and edge of m and of d.
 */
function rowPairSums(data: Uint8Array, w: number, at: number, count: number): void {
  let m0 = data[at - 1]!;
  let m1 = data[at]!;
  let d0 = data[at + w - 1]!;
  let d1 = data[at + w]!;
  let u1 = data[at - w]!;
  let e1 = data[at + 2 * w]!;
  let va0 = data[at - w - 1]! + m0 + d0;
  let vb0 = m0 + d0 + data[at + 2 * w - 1]!;
  let va1 = u1 + m1 + d1;
  let vb1 = m1 + d1 + e1;
  let ls = 0;
  let lq = 0;
  let es = 0;
  let eq = 0;
  for (let p = at + 1, end = at + 1 + count; p < end; p++) {
    const u2 = data[p - w]!;
    const m2 = data[p]!;
    const d2 = data[p + w]!;
    const e2 = data[p + 2 * w]!;
    const md = m2 + d2;
    const va2 = u2 + md;
    const vb2 = md + e2;
    const lapA = 4 * m1 - (u1 + d1 + m0 + m2);
    const lapB = 4 * d1 - (m1 + e1 + d0 + d2);
    ls = (ls + lapA + lapB) | 0;
    lq = (lq + Math.imul(lapA, lapA) + Math.imul(lapB, lapB)) | 0;
    const edgeA = clip(9 * m1 - (va0 + va1 + va2));
    const edgeB = clip(9 * d1 - (vb0 + vb1 + vb2));
    es = (es + edgeA + edgeB) | 0;
    eq = (eq + Math.imul(edgeA, edgeA) + Math.imul(edgeB, edgeB)) | 0;
    m0 = m1;
    m1 = m2;
    d0 = d1;
    d1 = d2;
    u1 = u2;
    e1 = e2;
    va0 = va1;
    va1 = va2;
    vb0 = vb1;
    vb1 = vb2;
  }
  totals[0]! += ls;
  totals[1]! += lq;
  totals[2]! += es;
  totals[3]! += eq;
}

/** As rowPairSums for the row of `at` alone. */
function rowSums(data: Uint8Array, w: number, at: number, count: number): void {
  let ml = data[at - 1]!;
  let mc = data[at]!;
  let pc = data[at - w]! + data[at + w]!;
  let vl = data[at - w - 1]! + ml + data[at + w - 1]!;
  let vc = pc + mc;
  let ls = 0;
  let lq = 0;
  let es = 0;
  let eq = 0;
  for (let p = at + 1, end = at + 1 + count; p < end; p++) {
    const mr = data[p]!;
    const pr = data[p - w]! + data[p + w]!;
    const vr = pr + mr;
    const lap = 4 * mc - (pc + ml + mr);
    ls = (ls + lap) | 0;
    lq = (lq + Math.imul(lap, lap)) | 0;
    const edge = clip(9 * mc - (vl + vc + vr));
    es = (es + edge) | 0;
    eq = (eq + Math.imul(edge, edge)) | 0;
    ml = mc;
    mc = mr;
    pc = pr;
    vl = vc;
    vc = vr;
  }
  totals[0]! += ls;
  totals[1]! += lq;
  totals[2]! += es;
  totals[3]! += eq;
}
