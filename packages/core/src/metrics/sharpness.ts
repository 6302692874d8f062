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

/** Pixels summed in 32-bit integers before they are added to the totals: 1024·1020² < 2^31. */
const RUN = 1024;

/**
 * Sums of the Laplacian, of the clipped edge response and of their squares over interior pixels.
 * The 3×3 window slides along each row (three new pixels per step) and the clip to 0..255 is
 * branch-free, as the sign of the response changes unpredictably in photos.
 */
function interiorSums(data: Uint8Array, w: number, h: number) {
  let lapSum = 0;
  let lapSq = 0;
  let edgeSum = 0;
  let edgeSq = 0;
  for (let y = 1; y < h - 1; y++) {
    const r = y * w;
    let ul = data[r - w]!;
    let uc = data[r - w + 1]!;
    let ml = data[r]!;
    let mc = data[r + 1]!;
    let dl = data[r + w]!;
    let dc = data[r + w + 1]!;
    let ls = 0;
    let lq = 0;
    let es = 0;
    let eq = 0;
    for (let x = 1; x < w - 1; x++) {
      const ur = data[r + x - w + 1]!;
      const mr = data[r + x + 1]!;
      const dr = data[r + x + w + 1]!;
      const cross = uc + dc + ml + mr;
      const lap = 4 * mc - cross;
      ls = (ls + lap) | 0;
      lq = (lq + Math.imul(lap, lap)) | 0;
      const e = 8 * mc - (cross + ul + ur + dl + dr);
      const positive = e & ~(e >> 31);
      const over = positive - 255;
      const v = positive - (over & ~(over >> 31));
      es = (es + v) | 0;
      eq = (eq + Math.imul(v, v)) | 0;
      ul = uc;
      uc = ur;
      ml = mc;
      mc = mr;
      dl = dc;
      dc = dr;
      if (x % RUN === 0) {
        lapSum += ls;
        lapSq += lq;
        edgeSum += es;
        edgeSq += eq;
        ls = lq = es = eq = 0;
      }
    }
    lapSum += ls;
    lapSq += lq;
    edgeSum += es;
    edgeSq += eq;
  }
  return { lapSum, lapSq, edgeSum, edgeSq };
}
