/**
 * Helpers for arrays of any length. `target.push(...items)` and `Math.max(...values)` pass every
 * element as a call argument and throw "Maximum call stack size exceeded" past ~100k elements
 * (a 1M-line YOLO file, 130k boxes on one image); these loop instead. NaN behaves as in Math.max/min.
 */

/** Appends every item of `items` to `target` (in order) and returns `target`. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest value (`empty` when there is none; any NaN gives NaN, as Math.max). */
export function maxOf(values: Iterable<number>, empty = Number.NEGATIVE_INFINITY): number {
  let best = Number.NEGATIVE_INFINITY;
  let seen = false;
  for (const v of values) {
    if (Number.isNaN(v)) return Number.NaN;
    seen = true;
    if (v > best) best = v;
  }
  return seen ? best : empty;
}

/** The smallest value (`empty` when there is none; any NaN gives NaN, as Math.min). */
export function minOf(values: Iterable<number>, empty = Number.POSITIVE_INFINITY): number {
  let best = Number.POSITIVE_INFINITY;
  let seen = false;
  for (const v of values) {
    if (Number.isNaN(v)) return Number.NaN;
    seen = true;
    if (v < best) best = v;
  }
  return seen ? best : empty;
}
