/**
 * The set `np.argsort(values)[:m]` without sorting everything: a quickselect finds the m-th smallest value;
 * when no run of equal values straddles position m the set is simply every value up to it. Only when ties
 * cross the cut does the choice depend on the sort's tie order, and then the full NumPy-order argsort
 * decides, so the result is always the one NumPy gives.
 */
import { argsortNumpy } from './numpy-argsort.js';

/** Positions in `values[0..n)` of the entries `argsort(values)[:m]` would pick, ascending by position. */
export function argsortHead(values: Float64Array, n: number, m: number): Int32Array {
  if (m <= 0) return new Int32Array(0);
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const cut = m * 16 <= n ? kthSmallestByHeap(values, n, m) : selectKth(values.slice(0, n), m - 1);
  let below = 0;
  let equal = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v < cut) below++;
    else if (v === cut) equal++;
  }
  if (Number.isNaN(cut) || below + equal !== m) {
    const order = argsortNumpy(values, n).subarray(0, m);
    return order.sort();
  }
  const out = new Int32Array(m);
  let t = 0;
  for (let i = 0; i < n; i++) if ((values[i] as number) <= cut) out[t++] = i;
  return out;
}

/**
 * The m-th smallest of values[0..n) with a max-heap of the m smallest seen so far: for m much smaller
 * than n most values are rejected by one comparison with the heap's top, and nothing is copied.
 */
function kthSmallestByHeap(values: Float64Array, n: number, m: number): number {
  const heap = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let c = i;
    const v = values[i] as number;
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (!((heap[parent] as number) < v)) break;
      heap[c] = heap[parent] as number;
      c = parent;
    }
    heap[c] = v;
  }
  for (let i = m; i < n; i++) {
    const v = values[i] as number;
    if (!(v < (heap[0] as number))) continue;
    let c = 0;
    for (;;) {
      let child = 2 * c + 1;
      if (child >= m) break;
      if (child + 1 < m && (heap[child + 1] as number) > (heap[child] as number)) child++;
      if (!((heap[child] as number) > v)) break;
      heap[c] = heap[child] as number;
      c = child;
    }
    heap[c] = v;
  }
  return heap[0] as number;
}

/** Rearranges `a` so that a[kth] is the kth smallest (Hoare partition, median of three); returns it. */
function selectKth(a: Float64Array, kth: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    if ((a[mid] as number) < (a[lo] as number)) swap(a, mid, lo);
    if ((a[hi] as number) < (a[lo] as number)) swap(a, hi, lo);
    if ((a[hi] as number) < (a[mid] as number)) swap(a, hi, mid);
    const pivot = a[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (kth <= j) hi = j;
    else if (kth >= i) lo = i;
    else return a[kth] as number;
  }
  return a[kth] as number;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
