/**
 * The few NumPy arithmetic conventions that decide the last bit of cleanlab's numbers: pairwise summation
 * (`np.sum` / `np.mean` over a contiguous run of float64) and round-half-to-even (`np.round`, `np.rint`).
 */

const PW_BLOCKSIZE = 128;

/**
 * `np.add.reduce` over `n` float64 values starting at `start` with `stride`: blocks of up to 128 values
 * summed with eight accumulators, larger runs split in two (at a multiple of 8) and added.
 */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number, stride = 1): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i * stride] as number;
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = a[start] as number;
    let r1 = a[start + stride] as number;
    let r2 = a[start + 2 * stride] as number;
    let r3 = a[start + 3 * stride] as number;
    let r4 = a[start + 4 * stride] as number;
    let r5 = a[start + 5 * stride] as number;
    let r6 = a[start + 6 * stride] as number;
    let r7 = a[start + 7 * stride] as number;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = start + i * stride;
      r0 += a[p] as number;
      r1 += a[p + stride] as number;
      r2 += a[p + 2 * stride] as number;
      r3 += a[p + 3 * stride] as number;
      r4 += a[p + 4 * stride] as number;
      r5 += a[p + 5 * stride] as number;
      r6 += a[p + 6 * stride] as number;
      r7 += a[p + 7 * stride] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i * stride] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2, stride) + pairwiseSum(a, start + n2 * stride, n - n2, stride);
}

/** `np.round(x)` / `np.rint(x)`: to the nearest integer, halves to the even one. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // halves go up
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
