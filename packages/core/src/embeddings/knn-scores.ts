/**
 * Per-sample scores from a k-NN graph (cosine distances to each sample's k nearest others). Pure.
 * - `knnDistance`: the mean distance to the k nearest (a density estimate: large in sparse regions)
 * - `typicality`: 1 / knnDistance scaled to [0, 1] by the largest (TypiClust, Hacohen et al. 2022)
 * - `uniqueness`: the distance to the nearest neighbours weighted 0.6/0.3/0.1 (the three nearest, as
 *   FiftyOne's compute_uniqueness weights them), scaled to [0, 1] by the largest
 * - `outlier`: the fraction of samples with a smaller knnDistance (a percentile rank in [0, 1])
 * - `robustZ`: (knnDistance − median) / (1.4826 · MAD): flagged as an outlier above OUTLIER_Z
 */
export interface KnnScores {
  knnDistance: Float32Array;
  typicality: Float32Array;
  uniqueness: Float32Array;
  outlier: Float32Array;
  robustZ: Float32Array;
}

export const OUTLIER_Z = 3.5;
const UNIQUENESS_WEIGHTS = [0.6, 0.3, 0.1];

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1
    ? (sorted[(n - 1) / 2] as number)
    : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
}

/**
 * Scores of the `n` rows of a graph with `k` neighbours a row (`distances[i*k+j]`, nearest first, NaN
 * for none), from the first `use` of them (default all).
 */
export function knnScores(distances: Float32Array, k: number, use = k): KnnScores {
  const n = k > 0 ? distances.length / k : 0;
  const knnDistance = new Float32Array(n);
  const uniqueness = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let count = 0;
    let u = 0;
    let w = 0;
    for (let j = 0; j < Math.min(k, use); j++) {
      const d = distances[i * k + j] as number;
      if (Number.isNaN(d)) break;
      sum += d;
      count++;
      if (j < UNIQUENESS_WEIGHTS.length) {
        u += (UNIQUENESS_WEIGHTS[j] as number) * d;
        w += UNIQUENESS_WEIGHTS[j] as number;
      }
    }
    knnDistance[i] = count > 0 ? sum / count : Number.NaN;
    uniqueness[i] = w > 0 ? u / w : Number.NaN;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (knnDistance[a] as number) - (knnDistance[b] as number),
  );
  const outlier = new Float32Array(n);
  const valid = order.filter((i) => !Number.isNaN(knnDistance[i]));
  valid.forEach((i, rank) => {
    outlier[i] = valid.length > 1 ? rank / (valid.length - 1) : 0;
  });
  const sorted = Float64Array.from(valid, (i) => knnDistance[i] as number);
  const med = median(sorted);
  const dev = Float64Array.from(sorted, (d) => Math.abs(d - med)).sort();
  const mad = median(dev) * 1.4826;
  const robustZ = new Float32Array(n);
  let maxTyp = 0;
  let maxUniq = 0;
  const typicality = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const d = knnDistance[i] as number;
    robustZ[i] = Number.isNaN(d) ? Number.NaN : mad > 0 ? (d - med) / mad : 0;
    typicality[i] = Number.isNaN(d) ? Number.NaN : 1 / (d + 1e-6);
    if ((typicality[i] as number) > maxTyp) maxTyp = typicality[i] as number;
    if ((uniqueness[i] as number) > maxUniq) maxUniq = uniqueness[i] as number;
  }
  for (let i = 0; i < n; i++) {
    typicality[i] = maxTyp > 0 ? (typicality[i] as number) / maxTyp : (typicality[i] as number);
    uniqueness[i] = maxUniq > 0 ? (uniqueness[i] as number) / maxUniq : (uniqueness[i] as number);
    if (Number.isNaN(knnDistance[i])) outlier[i] = Number.NaN;
  }
  return { knnDistance, typicality, uniqueness, outlier, robustZ };
}
