import type { GreyImage } from './grey-image.js';

/**
 * Variance of the 4-neighbour Laplacian (4·centre − up − down − left − right) over interior pixels,
 * in squared grey levels (Pech-Pacheco et al. 2000, "Diatom autofocusing in brightfield microscopy").
 * A flat image gives 0; a 1-pixel 0/255 checkerboard gives ±1020 everywhere, variance 1020². It
 * depends on resolution, which is why scan computes it on the normalised (≤ 256 px) decode.
 */
export function laplacianVariance(grey: GreyImage): number {
  const { data, width: w, height: h } = grey;
  if (w < 3 || h < 3) return 0;
  let sum = 0;
  let sq = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1, i = y * w + 1; x < w - 1; x++, i++) {
      const v = 4 * data[i]! - data[i - 1]! - data[i + 1]! - data[i - w]! - data[i + w]!;
      sum += v;
      sq += v * v;
    }
  }
  const n = (w - 2) * (h - 2);
  const mean = sum / n;
  return Math.max(0, sq / n - mean * mean);
}

/**
 * CleanVision's blurriness: the standard deviation of PIL's FIND_EDGES image (8·centre minus the
 * 8 neighbours, clipped to 0..255; border pixels keep their value as PIL's 3×3 filter leaves them).
 */
export function edgeStd(grey: GreyImage<Uint8Array>): number {
  const { data, width: w, height: h } = grey;
  const n = w * h;
  if (n === 0) return 0;
  let sum = 0;
  let sq = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let v = data[i]!;
      if (y > 0 && y < h - 1 && x > 0 && x < w - 1) {
        const ring =
          data[i - w - 1]! +
          data[i - w]! +
          data[i - w + 1]! +
          data[i - 1]! +
          data[i + 1]! +
          data[i + w - 1]! +
          data[i + w]! +
          data[i + w + 1]!;
        v = Math.min(255, Math.max(0, 8 * data[i]! - ring));
      }
      sum += v;
      sq += v * v;
    }
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean));
}
