import { scoreOrder } from './score-order.js';
import type { CocoObjects } from './types.js';
import { countingSortWasm } from './wasm/wasm-counting-sort.js';
import { groupObjectsWasm } from './wasm/wasm-group-objects.js';

/**
 * Stable counting sort of `items` by `key(item)` in [0, buckets): returns the reordered items.
 * Two passes (image then category, or the reverse) give a lexicographic order without a comparator.
 */
export function countingSort(items: Int32Array, buckets: number, key: Int32Array): Int32Array {
  // As counting-sort.wat where it takes the arrays (no JIT warm-up in a one-shot process), else below.
  const sorted = countingSortWasm(items, buckets, key);
  if (sorted) return sorted;
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < items.length; i++) starts[key[items[i]!]! + 1]!++;
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    out[starts[key[item]!]!++] = item;
  }
  return out;
}

/**
 * Objects that take part: a known image and (as pycocotools' catIds filter) a known category; in the
 * order of `first` (object indices) when given, else in file order.
 */
export function evaluated(objects: CocoObjects, first?: Int32Array): Int32Array {
  let n = 0;
  const out = new Int32Array(objects.count);
  for (let q = 0; q < objects.count; q++) {
    const i = first === undefined ? q : first[q]!;
    if (objects.imageIndex[i]! >= 0 && objects.categoryIndex[i]! >= 0) out[n++] = i;
  }
  return out.slice(0, n);
}

/**
 * Orders objects as pycocotools' `_gts` / `_dts` lists are visited: with useCats by (category, image,
 * file order); without, by (image, category, file order), every category of an image pooled.
 */
export function orderObjects(
  objects: CocoObjects,
  imageCount: number,
  categoryCount: number,
  useCats: boolean,
  /** The order objects start from (the sorts are stable: it stays the order within a group). */
  first?: Int32Array,
): Int32Array {
  const items = evaluated(objects, first);
  if (useCats) {
    return countingSort(
      countingSort(items, imageCount, objects.imageIndex),
      categoryCount,
      objects.categoryIndex,
    );
  }
  return countingSort(
    countingSort(items, categoryCount, objects.categoryIndex),
    imageCount,
    objects.imageIndex,
  );
}

export interface ObjectGroups {
  groupCount: number;
  groupCategory: Int32Array;
  groupImage: Int32Array;
  /** gtOrder[gtStart[g] .. gtStart[g+1]): ground truth of group g in visiting order. */
  gtStart: Int32Array;
  gtOrder: Int32Array;
  /** Detections of group g in visiting order (unless grouped `byScore`, not yet sorted by score). */
  dtStart: Int32Array;
  dtOrder: Int32Array;
  /** Grouped `byScore`: the ranking of every detection it started from (scoreOrder of the scores). */
  scoreOrder: Int32Array | undefined;
}

/**
 * Splits the ordered ground truth and detections into (category, image) groups, in group order;
 * a group exists when it has at least one of either. Without useCats the category is -1.
 */
export function groupObjects(
  gt: CocoObjects,
  dt: CocoObjects,
  imageCount: number,
  categoryCount: number,
  useCats: boolean,
  /** Detections of a group by score descending, ties in file order (else in file order). */
  byScore = false,
): ObjectGroups {
  const first = byScore ? scoreOrder(dt.scores, dt.count) : undefined;
  // As group-objects.wat where it takes the arrays (no JIT warm-up in a one-shot process), else below.
  const grouped = groupObjectsWasm(gt, dt, imageCount, categoryCount, useCats, first);
  if (grouped) return grouped;
  const gtOrder = orderObjects(gt, imageCount, categoryCount, useCats);
  const dtOrder = orderObjects(dt, imageCount, categoryCount, useCats, first);
  const key = (o: CocoObjects, i: number) =>
    useCats ? o.categoryIndex[i]! * imageCount + o.imageIndex[i]! : o.imageIndex[i]!;
  const cap = gtOrder.length + dtOrder.length;
  const groupCategory = new Int32Array(cap);
  const groupImage = new Int32Array(cap);
  const gtStart = new Int32Array(cap + 1);
  const dtStart = new Int32Array(cap + 1);
  let g = 0;
  let a = 0;
  let b = 0;
  while (a < gtOrder.length || b < dtOrder.length) {
    const ka = a < gtOrder.length ? key(gt, gtOrder[a]!) : Number.POSITIVE_INFINITY;
    const kb = b < dtOrder.length ? key(dt, dtOrder[b]!) : Number.POSITIVE_INFINITY;
    const k = Math.min(ka, kb);
    gtStart[g] = a;
    dtStart[g] = b;
    while (a < gtOrder.length && key(gt, gtOrder[a]!) === k) a++;
    while (b < dtOrder.length && key(dt, dtOrder[b]!) === k) b++;
    groupCategory[g] = useCats ? Math.floor(k / imageCount) : -1;
    groupImage[g] = useCats ? k % imageCount : k;
    g++;
  }
  gtStart[g] = a;
  dtStart[g] = b;
  return {
    groupCount: g,
    groupCategory: groupCategory.slice(0, g),
    groupImage: groupImage.slice(0, g),
    gtStart: gtStart.slice(0, g + 1),
    gtOrder,
    dtStart: dtStart.slice(0, g + 1),
    dtOrder,
    scoreOrder: first,
  };
}

/**
 * Sorts each group's detections by score descending, ties in visiting order (NumPy's stable
 * `argsort(-scores, kind='mergesort')`), and keeps the first `maxDet`. Returns new start/order arrays.
 */
export function sortAndTruncate(
  groups: ObjectGroups,
  scores: Float64Array,
  maxDet: number,
  /** The groups were made `byScore`: only the truncation is left. */
  sorted = false,
): { dtStart: Int32Array; dtOrder: Int32Array } {
  if (sorted) return truncate(groups, maxDet);
  const { groupCount, dtStart: inStart, dtOrder: inOrder } = groups;
  const dtStart = new Int32Array(groupCount + 1);
  let total = 0;
  for (let g = 0; g < groupCount; g++) total += Math.min(maxDet, inStart[g + 1]! - inStart[g]!);
  const dtOrder = new Int32Array(total);
  let at = 0;
  const positions: number[] = [];
  for (let g = 0; g < groupCount; g++) {
    dtStart[g] = at;
    const s = inStart[g]!;
    const n = inStart[g + 1]! - s;
    positions.length = n;
    for (let p = 0; p < n; p++) positions[p] = p;
    // The comparator returns small integers: a double (a score difference) would be boxed per call.
    if (n > 1)
      positions.sort((p, q) => {
        const sp = scores[inOrder[s + p]!]!;
        const sq = scores[inOrder[s + q]!]!;
        return sq > sp ? 1 : sq < sp ? -1 : p - q;
      });
    const keep = Math.min(n, maxDet);
    for (let p = 0; p < keep; p++) dtOrder[at++] = inOrder[s + positions[p]!]!;
  }
  dtStart[groupCount] = at;
  return { dtStart, dtOrder };
}

/** The first `maxDet` detections of each group (already in score order). */
function truncate(groups: ObjectGroups, maxDet: number): { dtStart: Int32Array; dtOrder: Int32Array } {
  const { groupCount, dtStart: inStart, dtOrder: inOrder } = groups;
  const dtStart = new Int32Array(groupCount + 1);
  let total = 0;
  for (let g = 0; g < groupCount; g++) total += Math.min(maxDet, inStart[g + 1]! - inStart[g]!);
  if (total === inOrder.length) return { dtStart: inStart, dtOrder: inOrder };
  const dtOrder = new Int32Array(total);
  let at = 0;
  for (let g = 0; g < groupCount; g++) {
    dtStart[g] = at;
    const s = inStart[g]!;
    const keep = Math.min(inStart[g + 1]! - s, maxDet);
    for (let p = 0; p < keep; p++) dtOrder[at++] = inOrder[s + p]!;
  }
  dtStart[groupCount] = at;
  return { dtStart, dtOrder };
}
