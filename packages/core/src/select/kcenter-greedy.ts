import { minDistanceWasm } from './_min-distance-wasm.js';

export interface KCenterGreedyOptions {
  /** Rows already labelled: the first centres (default none: the first pick is `random`'s). */
  initial?: ArrayLike<number>;
  /** Rows that may be picked (default all not in `initial`). */
  pool?: ArrayLike<number>;
  random?: () => number;
  signal?: AbortSignal;
  /** Distance kernel: `wasm` (SIMD, float32 sums; the default where WebAssembly SIMD exists) or `js`
   * (float64 sums; the reference the tests compare with). */
  kernel?: 'wasm' | 'js';
}

/**
 * k-center greedy core-set selection (Sener & Savarese, "Active Learning for Convolutional Neural
 * Networks: A Core-Set Approach", ICLR 2018, Algorithm 1; as google/active-learning's
 * `kCenterGreedy.select_batch_`): keep each pool row's distance to its nearest centre; repeatedly take
 * the row farthest from every centre (the first such row on ties), then lower the distances by the new
 * centre. Squared Euclidean distance on `data` (n × dim, row-major). Each pick is one pass over the pool
 * that lowers the distances and finds the next farthest row at once; the labelled rows are applied 16 at
 * a time so each pool row is read once per block. O(|pool| · (|initial| + k) · dim). Returns the picked
 * rows in order.
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
  const picked = new Int32Array(Math.min(k, rows.length));
  if (picked.length === 0) return picked;
  const kernel = (options.kernel !== 'js' && wasmLowering(data, dim, rows)) || jsLowering(data, dim, rows);
  let best = initial.length ? kernel.byDataRows(initial) : -1;
  for (let t = 0; t < picked.length; t++) {
    if (options.signal?.aborted) return picked.slice(0, t);
    if (t === 0 && initial.length === 0)
      best = Math.min(rows.length - 1, Math.floor((options.random ?? Math.random)() * rows.length));
    picked[t] = rows[best]!;
    kernel.take(best);
    best = kernel.byPoolRow(best);
  }
  return picked;
}

/** Lowers the pool's distances by centres and answers the farthest pool row (−1 if none is left). */
interface Lowering {
  byDataRows(centres: ArrayLike<number>): number;
  byPoolRow(p: number): number;
  take(p: number): void;
}

const BLOCK = 16;

function wasmLowering(data: Float32Array, dim: number, rows: Int32Array): Lowering | null {
  const m = rows.length;
  const lanes = Math.ceil(dim / 8) * 8;
  const rowBytes = lanes * 4;
  const centresAt = m * rowBytes;
  const minAt = centresAt + BLOCK * rowBytes;
  // null past 4 GiB or without WebAssembly SIMD: the JS kernel then reads `data` in place
  const wasm = minDistanceWasm(minAt + m * 8);
  if (!wasm) return null;
  const { lower, buffer } = wasm;
  const f32 = new Float32Array(buffer);
  for (let p = 0; p < m; p++) f32.set(data.subarray(rows[p]! * dim, rows[p]! * dim + dim), p * lanes);
  const minD = new Float64Array(buffer, minAt, m).fill(Number.POSITIVE_INFINITY);
  return {
    byDataRows(centres) {
      let best = -1;
      for (let s = 0; s < centres.length; s += BLOCK) {
        const count = Math.min(BLOCK, centres.length - s);
        f32.fill(0, centresAt / 4, centresAt / 4 + BLOCK * lanes);
        for (let c = 0; c < count; c++) {
          const o = centres[s + c]! * dim;
          f32.set(data.subarray(o, o + dim), centresAt / 4 + c * lanes);
        }
        best = lower(0, centresAt, count, minAt, m, rowBytes);
      }
      return best;
    },
    byPoolRow: (p) => lower(0, p * rowBytes, 1, minAt, m, rowBytes),
    take(p) {
      minD[p] = -1;
    },
  };
}

function jsLowering(data: Float32Array, dim: number, rows: Int32Array): Lowering {
  const m = rows.length;
  const minD = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const lower = (co: number) => {
    let far = -1;
    let best = -1;
    for (let p = 0; p < m; p++) {
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
      let v = minD[p]!;
      if (d < v) minD[p] = v = d;
      if (v > far) {
        far = v;
        best = p;
      }
    }
    return best;
  };
  return {
    byDataRows(centres) {
      let best = -1;
      for (let i = 0; i < centres.length; i++) best = lower(centres[i]! * dim);
      return best;
    },
    byPoolRow: (p) => lower(rows[p]! * dim),
    take(p) {
      minD[p] = -1;
    },
  };
}
