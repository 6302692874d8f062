export interface KCenterGreedyOptions {
  /** Rows already labelled: the first centres (default none: the first pick is `random`'s). */
  initial?: ArrayLike<number>;
  /** Rows that may be picked (default all not in `initial`). */
  pool?: ArrayLike<number>;
  random?: () => number;
  signal?: AbortSignal;
}

/**
 * k-center greedy core-set selection (Sener & Savarese, "Active Learning for Convolutional Neural
 * Networks: A Core-Set Approach", ICLR 2018, Algorithm 1; as google/active-learning's
 * `kCenterGreedy.select_batch_`): keep each pool row's distance to its nearest centre; repeatedly take
 * the row farthest from every centre, then lower the distances by the new centre. Euclidean distance on
 * `data` (n × dim, row-major). O(|pool| · (|initial| + k) · dim). Returns the picked rows in order.
 */
export function kCenterGreedy(
  data: Float32Array,
  dim: number,
  k: number,
  options: KCenterGreedyOptions = {},
): Int32Array {
  const n = data.length / dim;
  const initial = options.initial ?? [];
  const isCentre = new Uint8Array(n);
  for (let i = 0; i < initial.length; i++) isCentre[initial[i]!] = 1;
  const pool = options.pool ? Int32Array.from(options.pool as ArrayLike<number>) : undefined;
  const rows = pool ?? Int32Array.from({ length: n }, (_, i) => i).filter((i) => !isCentre[i]);
  const m = rows.length;
  const minD = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const taken = new Uint8Array(m);
  const lower = (c: number) => {
    const co = c * dim;
    for (let p = 0; p < m; p++) {
      if (taken[p]) continue;
      const o = rows[p]! * dim;
      let d = 0;
      let j = 0;
      for (; j + 3 < dim; j += 4) {
        const a = data[o + j]! - data[co + j]!;
        const b = data[o + j + 1]! - data[co + j + 1]!;
        const e = data[o + j + 2]! - data[co + j + 2]!;
        const f = data[o + j + 3]! - data[co + j + 3]!;
        d += a * a + b * b + e * e + f * f;
      }
      for (; j < dim; j++) {
        const a = data[o + j]! - data[co + j]!;
        d += a * a;
      }
      if (d < minD[p]!) minD[p] = d;
    }
  };
  for (let i = 0; i < initial.length; i++) lower(initial[i]!);
  const picked = new Int32Array(Math.min(k, m));
  for (let t = 0; t < picked.length; t++) {
    if (options.signal?.aborted) return picked.slice(0, t);
    let best = -1;
    if (t === 0 && initial.length === 0)
      best = Math.min(m - 1, Math.floor((options.random ?? Math.random)() * m));
    else {
      let far = -1;
      for (let p = 0; p < m; p++) if (!taken[p] && minD[p]! > far) [far, best] = [minD[p]!, p];
    }
    taken[best] = 1;
    picked[t] = rows[best]!;
    lower(rows[best]!);
  }
  return picked;
}
