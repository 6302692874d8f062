import { scoreOrderWasm } from './wasm/wasm-score-order.js';

/**
 * Indices 0..n-1 ordered by `score` descending, ties in index order: NumPy's stable
 * `argsort(-scores, kind='mergesort')` and the sort of TIDE's data points. Equal to sorting the
 * indices with the comparator (b > a ? 1 : b < a ? -1 : index), -0 equal to 0, without calling a
 * comparator n log n times: the distinct scores are sorted natively, then the indices are placed by
 * the rank of their score (a counting sort, which keeps index order within a score). Scores are
 * finite (NaN has no order; such input takes the comparator).
 */
export function scoreOrder(score: Float64Array, n = score.length): Int32Array {
  // Each loop is a function of its own: in a one-shot process a loop compiled while it runs (OSR)
  // must not meet code after it that has not run yet (V8 would drop the compiled code there).
  // As score-order.wat where it takes the scores (no JIT warm-up in a one-shot process), else below.
  const ordered = n < 64 ? undefined : scoreOrderWasm(score, n);
  if (ordered) return ordered;
  if (n < 64 || !finite(score, n)) {
    const order = identity(n);
    return order.sort((a, b) => (score[b]! > score[a]! ? 1 : score[b]! < score[a]! ? -1 : a - b));
  }
  const distinct = score.slice(0, n).sort();
  const u = dedupe(distinct, n);
  // starts[r]: where the indices of the r-th highest distinct score begin.
  const bucket = new Int32Array(n);
  const starts = new Int32Array(u + 1);
  rankScores(score, n, distinct, u, bucket, starts);
  prefixSums(starts, u);
  return place(bucket, starts, n);
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** Moves the distinct values of the sorted `values[0 .. n)` to its front; returns their number. */
function dedupe(values: Float64Array, n: number): number {
  let u = 0;
  for (let i = 0; i < n; i++) if (u === 0 || values[i]! !== values[u - 1]!) values[u++] = values[i]!;
  return u;
}

/** bucket[i]: the rank of score i among the u distinct scores, highest first; counts in starts[r + 1]. */
function rankScores(
  score: Float64Array,
  n: number,
  distinct: Float64Array,
  u: number,
  bucket: Int32Array,
  starts: Int32Array,
): void {
  for (let i = 0; i < n; i++) {
    const v = score[i]!;
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    const r = u - 1 - lo;
    bucket[i] = r;
    starts[r + 1]!++;
  }
}

function prefixSums(starts: Int32Array, u: number): void {
  for (let r = 0; r < u; r++) starts[r + 1]! += starts[r]!;
}

function place(bucket: Int32Array, starts: Int32Array, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[starts[bucket[i]!]!++] = i;
  return order;
}

function finite(score: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(score[i]!)) return false;
  return true;
}
