/** Five-number-plus summary of a list of numbers (NaN and infinities are left out and counted apart). */
export interface Summary {
  count: number;
  /** Values that were NaN or infinite and so not summarised. */
  invalid: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation. */
  std: number;
  p05: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
}

/** Fixed-width bins: `counts[i]` holds values in [edges[i], edges[i+1]) (the last bin is closed). */
export interface Histogram {
  edges: number[];
  counts: number[];
  /** True when the edges are evenly spaced in log10 of the value. */
  log: boolean;
}

export interface HistogramOptions {
  /** Number of bins (default 20). */
  bins?: number;
  /** Space the bins evenly in log10 (default false); values <= 0 are then left out. */
  log?: boolean;
}

const EMPTY: Summary = {
  count: 0,
  invalid: 0,
  min: 0,
  max: 0,
  mean: 0,
  std: 0,
  p05: 0,
  p25: 0,
  median: 0,
  p75: 0,
  p95: 0,
};

/** Copies the finite values of the first `n` items into a sorted Float64Array. */
export function vecSortedFinite(values: ArrayLike<number>, n = values.length): Float64Array {
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.subarray(0, k).sort();
}

/** Quantile of sorted values by linear interpolation between closest ranks (R type 7, numpy's default). */
export function vecQuantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Summary of the first `n` values (default all). */
export function summarize(values: ArrayLike<number>, n = values.length): Summary {
  const sorted = vecSortedFinite(values, n);
  const count = sorted.length;
  if (count === 0) return { ...EMPTY, invalid: n };
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i]!;
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < count; i++) ss += (sorted[i]! - mean) ** 2;
  return {
    count,
    invalid: n - count,
    min: sorted[0]!,
    max: sorted[count - 1]!,
    mean,
    std: Math.sqrt(ss / count),
    p05: vecQuantileSorted(sorted, 0.05),
    p25: vecQuantileSorted(sorted, 0.25),
    median: vecQuantileSorted(sorted, 0.5),
    p75: vecQuantileSorted(sorted, 0.75),
    p95: vecQuantileSorted(sorted, 0.95),
  };
}

/** Histogram of the finite values among the first `n` (default all), over their own min..max. */
export function histogram(
  values: ArrayLike<number>,
  options: HistogramOptions = {},
  n = values.length,
): Histogram {
  const bins = Math.max(1, Math.floor(options.bins ?? 20));
  const log = options.log === true;
  const t = (v: number) => (log ? Math.log10(v) : v);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    const tv = t(v);
    if (tv < lo) lo = tv;
    if (tv > hi) hi = tv;
  }
  if (lo > hi) return { edges: [], counts: [], log };
  if (lo === hi) hi = lo + 1;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    const b = Math.min(bins - 1, Math.floor((t(v) - lo) / width));
    counts[b]!++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => {
    const e = lo + i * width;
    return log ? 10 ** e : e;
  });
  return { edges, counts, log };
}
