/** Uncertainty measures of one probability vector; higher means less sure. */
export type UncertaintyKind = 'least-confidence' | 'margin' | 'entropy';

export const UNCERTAINTY_KINDS: readonly UncertaintyKind[] = ['least-confidence', 'margin', 'entropy'];

/**
 * Per row of an n × k probability matrix (row-major): least confidence 1 − max p, margin 1 − (p₁ − p₂)
 * (the two largest), entropy −Σ p ln p / ln k (0..1), as in Settles, "Active Learning Literature Survey"
 * (2009), §3.1 and small-text / modAL (`classifier_uncertainty`, `classifier_margin`,
 * `classifier_entropy`, which use 1 − max, p₁ − p₂ with the smaller the more uncertain, and scipy's
 * entropy; here margin is flipped and entropy normalised so every score rises with uncertainty).
 */
export function probUncertainty(
  probs: Float64Array,
  n: number,
  k: number,
  kind: UncertaintyKind,
  out = new Float64Array(n),
): Float64Array {
  const norm = k > 1 ? Math.log(k) : 1;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    if (kind === 'entropy') {
      let h = 0;
      for (let j = 0; j < k; j++) {
        const p = probs[o + j]!;
        if (p > 0) h -= p * Math.log(p);
      }
      out[i] = h / norm;
      continue;
    }
    let first = Number.NEGATIVE_INFINITY;
    let second = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      const p = probs[o + j]!;
      if (p > first) {
        second = first;
        first = p;
      } else if (p > second) second = p;
    }
    out[i] = kind === 'least-confidence' ? 1 - first : 1 - (first - (k > 1 ? second : 0));
  }
  return out;
}

/**
 * A detection box's uncertainty from its score alone (a two-way foreground/background distribution
 * {s, 1 − s}): least confidence 1 − max(s, 1 − s), margin 1 − |2s − 1|, entropy H(s)/ln 2.
 */
export function scoreUncertainty(score: number, kind: UncertaintyKind): number {
  const s = Math.min(1, Math.max(0, score));
  if (kind === 'least-confidence') return 1 - Math.max(s, 1 - s);
  if (kind === 'margin') return 1 - Math.abs(2 * s - 1);
  if (s <= 0 || s >= 1) return 0;
  return -(s * Math.log(s) + (1 - s) * Math.log(1 - s)) / Math.LN2;
}

export type Aggregate = 'max' | 'mean' | 'sum';

/**
 * Per-image aggregate of per-box values: `owner[b]` is the image index of box b. Images without boxes
 * get `empty` (default 0: nothing uncertain to label there).
 */
export function aggregatePerImage(
  values: Float64Array,
  owner: Int32Array,
  nImages: number,
  how: Aggregate,
  empty = 0,
): Float64Array {
  const out = new Float64Array(nImages);
  const count = new Int32Array(nImages);
  for (let b = 0; b < values.length; b++) {
    const i = owner[b]!;
    const v = values[b]!;
    out[i] = count[i] === 0 ? v : how === 'max' ? Math.max(out[i]!, v) : out[i]! + v;
    count[i]!++;
  }
  for (let i = 0; i < nImages; i++) {
    if (count[i] === 0) out[i] = empty;
    else if (how === 'mean') out[i]! /= count[i]!;
  }
  return out;
}
