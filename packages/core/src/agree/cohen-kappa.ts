/**
 * Cohen's kappa between two raters over the items both rated, with scikit-learn's conventions
 * (`sklearn.metrics.cohen_kappa_score`): the categories are the sorted union of the values either rater
 * used on those items, and the linear/quadratic weights are |i − j| and (i − j)² of their positions in
 * that list (not of the values themselves).
 */
export interface CohenKappa {
  /** Items both raters rated. */
  n: number;
  /** Share of those items on which they gave the same value. */
  percentAgreement: number;
  unweighted: number;
  linear: number;
  quadratic: number;
}

/** Confusion matrix of two raters over items both rated, on the sorted union of their values. */
function confusion(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { k: number; matrix: Float64Array; n: number } {
  const seen = new Set<number>();
  const pairs: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    seen.add(x);
    seen.add(y);
    pairs.push(x, y);
  }
  const labels = [...seen].sort((p, q) => p - q);
  const index = new Map(labels.map((v, i) => [v, i]));
  const k = labels.length;
  const matrix = new Float64Array(k * k);
  for (let i = 0; i < pairs.length; i += 2) matrix[index.get(pairs[i]!)! * k + index.get(pairs[i + 1]!)!]!++;
  return { k, matrix, n: pairs.length / 2 };
}

function weightedKappa(matrix: Float64Array, k: number, n: number, weight: (d: number) => number): number {
  const rows = new Float64Array(k);
  const cols = new Float64Array(k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      rows[i]! += matrix[i * k + j]!;
      cols[j]! += matrix[i * k + j]!;
    }
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const w = weight(Math.abs(i - j));
      observed += w * matrix[i * k + j]!;
      expected += (w * rows[i]! * cols[j]!) / n;
    }
  return expected === 0 ? Number.NaN : 1 - observed / expected;
}

/** Cohen's kappa (unweighted, linear, quadratic) of two rating columns; NaN marks a missing rating. */
export function cohenKappa(a: ArrayLike<number>, b: ArrayLike<number>): CohenKappa {
  const { k, matrix, n } = confusion(a, b);
  let same = 0;
  for (let i = 0; i < k; i++) same += matrix[i * k + i]!;
  return {
    n,
    percentAgreement: n === 0 ? Number.NaN : same / n,
    unweighted: weightedKappa(matrix, k, n, (d) => (d === 0 ? 0 : 1)),
    linear: weightedKappa(matrix, k, n, (d) => d),
    quadratic: weightedKappa(matrix, k, n, (d) => d * d),
  };
}
