import { kmeans } from 'ml-kmeans';

export interface KMeansSamplingOptions {
  seed?: number;
  maxIterations?: number;
}

/**
 * Cluster sampling: k-means (ml-kmeans, k-means++ seeding, Arthur & Vassilvitskii 2007) of the pool
 * rows into k clusters, then from each cluster the row nearest its centroid (the "representative"
 * sampling of Zhdanov, "Diverse mini-batch Active Learning", 2019, without the uncertainty weights).
 * Returns up to k rows (clusters that end up empty give none), largest cluster first.
 */
export function kMeansSampling(
  data: Float32Array,
  dim: number,
  pool: ArrayLike<number>,
  k: number,
  options: KMeansSamplingOptions = {},
): Int32Array {
  const m = pool.length;
  if (k >= m) return Int32Array.from(pool);
  const points: number[][] = [];
  for (let p = 0; p < m; p++) {
    const o = pool[p]! * dim;
    points.push(Array.from(data.subarray(o, o + dim)));
  }
  const result = kmeans(points, k, {
    initialization: 'kmeans++',
    seed: options.seed ?? 0,
    maxIterations: options.maxIterations ?? 50,
  });
  const best = new Int32Array(k).fill(-1);
  const bestD = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  const size = new Int32Array(k);
  for (let p = 0; p < m; p++) {
    const c = result.clusters[p]!;
    size[c]!++;
    const centre = result.centroids[c]!;
    let d = 0;
    for (let j = 0; j < dim; j++) {
      const a = points[p]![j]! - centre[j]!;
      d += a * a;
    }
    if (d < bestD[c]!) [bestD[c], best[c]] = [d, p];
  }
  const order = Array.from({ length: k }, (_, c) => c)
    .filter((c) => best[c]! >= 0)
    .sort((a, b) => size[b]! - size[a]! || a - b);
  return Int32Array.from(order, (c) => pool[best[c]!]!);
}
