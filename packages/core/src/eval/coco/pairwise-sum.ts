/**
 * Sum of `values[start .. start + n)` in NumPy's order (`pairwise_sum` in its add reduction: blocks of
 * up to 128 summed with 8 accumulators, split in halves above), so sums and means match NumPy's to
 * the last bit rather than to a rounding error.
 */
export function pairwiseSum(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += values[start + i] as number;
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = values[start + j] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j]! += values[start + i + j] as number;
    }
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += values[start + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(values, start, n2) + pairwiseSum(values, start + n2, n - n2);
}

/** NumPy `np.mean` of a contiguous list: pairwise sum / count. */
export function numpyMean(values: ArrayLike<number>, start: number, n: number): number {
  return pairwiseSum(values, start, n) / n;
}
