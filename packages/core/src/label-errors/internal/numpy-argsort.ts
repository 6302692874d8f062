/**
 * `np.argsort(values)` with NumPy's default `kind='quicksort'`, reproduced step for step so that ties come
 * out in the same order as in NumPy 1.24 (the version the cleanlab reference outputs were made with; from
 * NumPy 1.25 x86 machines with AVX-512 use another algorithm). That sort is an introsort: median-of-three
 * quicksort that pushes the larger partition, insertion sort below 16 elements, and a heapsort fallback
 * after 2·floor(log2 n) levels. It is not stable: equal values do not keep their input order, and which
 * of several equal values lands first decides which examples cleanlab flags, so exact results need the
 * same algorithm. NaN sorts last, as in NumPy.
 */

const SMALL_QUICKSORT = 15;

/** NumPy's `less` for floats: NaN is larger than everything. */
function less(a: number, b: number): boolean {
  return a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

/** floor(log2(n)) for n ≥ 1 (NumPy's npy_get_msb). */
function msb(n: number): number {
  let depth = 0;
  let u = n;
  while (u > 1) {
    u = Math.floor(u / 2);
    depth++;
  }
  return depth;
}

/**
 * Indices that sort `values[0..n)` ascending, in NumPy 1.24's quicksort order. `out` (length ≥ n) is
 * filled and returned when given.
 */
export function argsortNumpy(values: ArrayLike<number>, n = values.length, out?: Int32Array): Int32Array {
  const idx = out ?? new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n > 1) introsort(values, idx, 0, n - 1);
  return idx;
}

function swap(idx: Int32Array, a: number, b: number): void {
  const t = idx[a] as number;
  idx[a] = idx[b] as number;
  idx[b] = t;
}

/** Sorts idx[lo..hi] (inclusive) by v[idx[.]]; an explicit stack as in NumPy, same push order. */
function introsort(v: ArrayLike<number>, idx: Int32Array, lo: number, hi: number): void {
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = lo;
  let pr = hi;
  let cdepth = msb(hi - lo + 1) * 2;
  for (;;) {
    if (cdepth < 0) {
      heapsortRange(v, idx, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pi = partition(v, idx, pl, pr);
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      insertionSort(v, idx, pl, pr);
    }
    if (stack.length === 0) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
    cdepth = depths.pop() as number;
  }
}

/** Median-of-three partition of idx[pl..pr]; returns the pivot's final position. */
function partition(v: ArrayLike<number>, idx: Int32Array, pl: number, pr: number): number {
  const pm = pl + ((pr - pl) >> 1);
  if (less(v[idx[pm] as number] as number, v[idx[pl] as number] as number)) swap(idx, pm, pl);
  if (less(v[idx[pr] as number] as number, v[idx[pm] as number] as number)) swap(idx, pr, pm);
  if (less(v[idx[pm] as number] as number, v[idx[pl] as number] as number)) swap(idx, pm, pl);
  const vp = v[idx[pm] as number] as number;
  let pi = pl;
  let pj = pr - 1;
  swap(idx, pm, pj);
  for (;;) {
    do pi++;
    while (less(v[idx[pi] as number] as number, vp));
    do pj--;
    while (less(vp, v[idx[pj] as number] as number));
    if (pi >= pj) break;
    swap(idx, pi, pj);
  }
  swap(idx, pi, pr - 1);
  return pi;
}

function insertionSort(v: ArrayLike<number>, idx: Int32Array, pl: number, pr: number): void {
  for (let pi = pl + 1; pi <= pr; pi++) {
    const vi = idx[pi] as number;
    const vp = v[vi] as number;
    let pj = pi;
    while (pj > pl && less(vp, v[idx[pj - 1] as number] as number)) {
      idx[pj] = idx[pj - 1] as number;
      pj--;
    }
    idx[pj] = vi;
  }
}

/** NumPy's aheapsort on idx[start..start+n), 1-based heap indexing as in the C code. */
function heapsortRange(v: ArrayLike<number>, idx: Int32Array, start: number, count: number): void {
  const base = start - 1; // a[i] === idx[base + i]
  const key = (i: number): number => v[idx[base + i] as number] as number;
  let n = count;
  for (let l = n >> 1; l > 0; --l) siftDown(idx, base, key, l, n, idx[base + l] as number, v);
  while (n > 1) {
    const tmp = idx[base + n] as number;
    idx[base + n] = idx[base + 1] as number;
    n -= 1;
    siftDown(idx, base, key, 1, n, tmp, v);
  }
}

function siftDown(
  idx: Int32Array,
  base: number,
  key: (i: number) => number,
  from: number,
  n: number,
  tmp: number,
  v: ArrayLike<number>,
): void {
  let i = from;
  let j = from << 1;
  while (j <= n) {
    if (j < n && less(key(j), key(j + 1))) j += 1;
    if (less(v[tmp] as number, key(j))) {
      idx[base + i] = idx[base + j] as number;
      i = j;
      j += j;
    } else break;
  }
  idx[base + i] = tmp;
}
