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
    // The 8 accumulators are locals, not an array: no allocation per block (summarize's means make
    // thousands of blocks), and no boxed doubles while the code is not yet optimised.
    let r0 = values[start] as number;
    let r1 = values[start + 1] as number;
    let r2 = values[start + 2] as number;
    let r3 = values[start + 3] as number;
    let r4 = values[start + 4] as number;
    let r5 = values[start + 5] as number;
    let r6 = values[start + 6] as number;
    let r7 = values[start + 7] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const at = start + i;
      r0 += values[at] as number;
      r1 += values[at + 1] as number;
      r2 += values[at + 2] as number;
      r3 += values[at + 3] as number;
      r4 += values[at + 4] as number;
      r5 += values[at + 5] as number;
      r6 += values[at + 6] as number;
      r7 += values[at + 7] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
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
