/**
 * Krippendorff's alpha for any number of raters with missing ratings, after Krippendorff (2011),
 * "Computing Krippendorff's Alpha-Reliability": α = 1 − D_o / D_e, where D_o is the disagreement
 * observed within units (each pair of values in a unit of m_u values weighs 1/(m_u − 1)) and D_e the
 * disagreement expected from all n pairable values. Units with fewer than two values are not pairable.
 *
 * Written in closed forms instead of a V × V coincidence matrix, so that a continuous variable with many
 * distinct values costs O(n) (ratio: O(V²) for the expected part):
 *   α = 1 − (n − 1) · Σ_u Σ_{i≠j} δ(v_ui, v_uj)/(m_u − 1)  /  Σ_{c,k} n_c n_k δ(c, k)
 * Ordinal δ(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)², which equals the squared difference of the
 * mid-ranks r_c = Σ_{g<c} n_g + n_c/2; so ordinal is interval on mid-ranks.
 */
import type { RatingMatrix } from './rating-matrix.js';

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';
export const ALPHA_LEVELS: readonly AlphaLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/** The pairable values, their sorted domain and each value's domain index. */
interface Pairable {
  /** Distinct values in pairable units, ascending. */
  domain: Float64Array;
  /** n_c: pairable values per domain entry. */
  counts: Float64Array;
  /** Domain index of each pairable value, unit after unit. */
  codes: Int32Array;
  /** Start of each pairable unit in `codes` (length units + 1). */
  offsets: Int32Array;
  n: number;
}

function pairableValues(m: RatingMatrix): Pairable {
  const r = m.raters.length;
  const present = new Uint8Array(m.items);
  let total = 0;
  let units = 0;
  for (let i = 0; i < m.items; i++) {
    let k = 0;
    for (let j = 0; j < r; j++) if (!Number.isNaN(m.values[i * r + j]!)) k++;
    present[i] = k;
    if (k >= 2) {
      total += k;
      units++;
    }
  }
  const values = new Float64Array(total);
  const offsets = new Int32Array(units + 1);
  let at = 0;
  let u = 0;
  for (let i = 0; i < m.items; i++) {
    if (present[i]! < 2) continue;
    for (let j = 0; j < r; j++) {
      const v = m.values[i * r + j]!;
      if (!Number.isNaN(v)) values[at++] = v;
    }
    offsets[++u] = at;
  }
  const sorted = values.slice().sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i]!;
  const domain = sorted.slice(0, distinct);
  const codes = new Int32Array(total);
  const counts = new Float64Array(distinct);
  for (let i = 0; i < total; i++) {
    const c = indexOf(domain, values[i]!);
    codes[i] = c;
    counts[c]!++;
  }
  return { domain, counts, codes, offsets, n: total };
}

/** Position of `x` in the ascending `domain` (binary search; x is present). */
function indexOf(domain: Float64Array, x: number): number {
  let lo = 0;
  let hi = domain.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (domain[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positions whose squared differences are δ: the values (interval) or their mid-ranks (ordinal). */
function positions(p: Pairable, level: 'ordinal' | 'interval'): Float64Array {
  if (level === 'interval') return p.domain;
  const out = new Float64Array(p.counts.length);
  let below = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = below + p.counts[c]! / 2;
    below += p.counts[c]!;
  }
  return out;
}

/** Σ_{c,k} n_c n_k (x_c − x_k)² = 2 n Σ n_c (x_c − x̄)², centred for precision. */
function squaredSpread(counts: Float64Array, x: Float64Array, n: number): number {
  let mean = 0;
  for (let c = 0; c < x.length; c++) mean += counts[c]! * x[c]!;
  mean /= n;
  let s = 0;
  for (let c = 0; c < x.length; c++) s += counts[c]! * (x[c]! - mean) ** 2;
  return 2 * n * s;
}

function ratioDelta(a: number, b: number): number {
  const sum = a + b;
  return sum === 0 ? 0 : ((a - b) / sum) ** 2;
}

function expectedDisagreement(p: Pairable, level: AlphaLevel): number {
  const { counts, n, domain } = p;
  if (level === 'nominal') {
    let same = 0;
    for (let c = 0; c < counts.length; c++) same += counts[c]! ** 2;
    return n * n - same;
  }
  if (level === 'ratio') {
    let s = 0;
    for (let c = 0; c < counts.length; c++)
      for (let k = c + 1; k < counts.length; k++)
        s += counts[c]! * counts[k]! * ratioDelta(domain[c]!, domain[k]!);
    return 2 * s;
  }
  return squaredSpread(counts, positions(p, level), n);
}

function observedDisagreement(p: Pairable, level: AlphaLevel): number {
  const { codes, offsets, domain } = p;
  const x = level === 'ordinal' || level === 'interval' ? positions(p, level) : domain;
  let total = 0;
  for (let u = 0; u + 1 < offsets.length; u++) {
    const start = offsets[u]!;
    const end = offsets[u + 1]!;
    let unit = 0;
    for (let i = start; i < end; i++) {
      const ci = codes[i]!;
      for (let j = i + 1; j < end; j++) {
        const cj = codes[j]!;
        if (ci === cj) continue;
        if (level === 'nominal') unit += 1;
        else if (level === 'ratio') unit += ratioDelta(x[ci]!, x[cj]!);
        else unit += (x[ci]! - x[cj]!) ** 2;
      }
    }
    total += (2 * unit) / (end - start - 1);
  }
  return total;
}

function alphaOf(p: Pairable, level: AlphaLevel): number {
  if (p.n < 2) return Number.NaN;
  const expected = expectedDisagreement(p, level);
  if (expected === 0) return Number.NaN;
  return 1 - ((p.n - 1) * observedDisagreement(p, level)) / expected;
}

/**
 * Krippendorff's alpha at one level of measurement. NaN when undefined: no unit has two ratings, or
 * every pairable value is the same (no expected disagreement).
 */
export function krippendorffAlpha(ratings: RatingMatrix, level: AlphaLevel): number {
  return alphaOf(pairableValues(ratings), level);
}

/** Alpha at all four levels, sharing one pass over the data. */
export function krippendorffAlphas(ratings: RatingMatrix): Record<AlphaLevel, number> {
  const p = pairableValues(ratings);
  return {
    nominal: alphaOf(p, 'nominal'),
    ordinal: alphaOf(p, 'ordinal'),
    interval: alphaOf(p, 'interval'),
    ratio: alphaOf(p, 'ratio'),
  };
}
