import { type Histogram, type HistogramOptions, histogram, type Summary, summarize } from './summarize.js';

/**
 * The Summary of a list given as distinct values and how often each occurs (an aggregate's GROUP BY),
 * equal bit for bit to `summarize` over the expanded list: the same additions in the same (sorted) order,
 * the same quantile ranks. `values` must be finite and ascending; `invalid` counts NaN/infinite ones.
 */
export function summarizeFrequencies(
  values: ArrayLike<number>,
  counts: ArrayLike<number>,
  invalid = 0,
): Summary {
  let count = 0;
  for (let i = 0; i < counts.length; i++) count += counts[i]!;
  if (count === 0) return { ...summarize([]), invalid };
  let sum = 0;
  for (let i = 0; i < values.length; i++) for (let k = counts[i]!; k > 0; k--) sum += values[i]!;
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i]! - mean) ** 2;
    for (let k = counts[i]!; k > 0; k--) ss += d;
  }
  const at = rankReader(values, counts);
  const quantile = (q: number): number => {
    const pos = (count - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.min(count - 1, lo + 1);
    return at(lo) + (at(hi) - at(lo)) * (pos - lo);
  };
  return {
    count,
    invalid,
    min: values[0]!,
    max: values[values.length - 1]!,
    mean,
    std: Math.sqrt(ss / count),
    p05: quantile(0.05),
    p25: quantile(0.25),
    median: quantile(0.5),
    p75: quantile(0.75),
    p95: quantile(0.95),
  };
}

/** The value at a 0-based rank of the expanded sorted list. */
function rankReader(values: ArrayLike<number>, counts: ArrayLike<number>): (rank: number) => number {
  const ends = new Float64Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) ends[i] = total += counts[i]!;
  return (rank) => {
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! > rank) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}

/** `histogram` over the expanded list: bins from the distinct values, each adding its count. */
export function histogramFrequencies(
  values: ArrayLike<number>,
  counts: ArrayLike<number>,
  options: HistogramOptions = {},
): Histogram {
  const shape = histogram(values, options);
  if (shape.counts.length === 0) return shape;
  const bins = shape.counts.length;
  const log = shape.log;
  const t = (v: number) => (log ? Math.log10(v) : v);
  // The same lo and width as `histogram` computes (edges[0] is lo, or 10^lo on a log scale).
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    lo = Math.min(lo, t(v));
    hi = Math.max(hi, t(v));
  }
  if (lo === hi) hi = lo + 1;
  const width = (hi - lo) / bins;
  const out = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    out[Math.min(bins - 1, Math.floor((t(v) - lo) / width))]! += counts[i]!;
  }
  return { edges: shape.edges, counts: out, log };
}
