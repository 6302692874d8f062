/**
 * Detections and ground truth of every image with their class-agnostic overlaps: the input of the
 * analyses that look across classes (TIDE errors, the detection confusion matrix).
 *
 * The layout is that of the COCO evaluator's `evaluateImages` run with `useCats: false` (one group per
 * image with any object, all categories pooled); `scenesFromCocoEval` re-ranks its detections. For
 * group g:
 * - detections `dtOrder[dtStart[g] .. dtStart[g+1])` (object indices, score descending, at most maxDets);
 * - ground truth `gtOrder[gtStart[g] .. gtStart[g+1])` (object indices);
 * - `ious[iouStart[g] + d * G + j]`: IoU of the d-th detection with the j-th ground truth; for a crowd
 *   ground truth it is intersection over the detection's area (pycocotools' `iscrowd` rule).
 */
export interface DetectionScenes {
  /** Number of classes; class indices run from 0 to categoryCount - 1. */
  categoryCount: number;
  groupCount: number;
  dtStart: Int32Array;
  dtOrder: Int32Array;
  gtStart: Int32Array;
  gtOrder: Int32Array;
  iouStart: Float64Array;
  ious: Float64Array;
  /** Per detection object: class index (-1: a class the ground truth lacks, left out) and score. */
  dtCategory: Int32Array;
  dtScore: Float64Array;
  /** Per ground-truth object: class index (-1: unknown, left out) and crowd flag (crowd = ignore region). */
  gtCategory: Int32Array;
  gtCrowd: Uint8Array;
}

/** What `scenesFromCocoEval` needs of the COCO evaluator's output (a `CocoEvalImages` fits). */
export interface PooledEvalImages {
  groupCount: number;
  dtStart: Int32Array;
  dtOrder: Int32Array;
  gtStart: Int32Array;
  gtOrder: Int32Array;
  iouStart: Float64Array;
  ious: Float64Array;
}

/** What it needs of the ground truth and the detections (a `CocoObjects` fits). */
export interface SceneObjects {
  categoryIndex: Int32Array;
  scores: Float64Array;
  iscrowd: Uint8Array;
}

/**
 * Scenes from an `evaluateImages` result computed with `useCats: false` and no maxDets cap. Each
 * image's detections are re-ranked as TIDE ranks them, by score descending with ties in file order
 * (pycocotools' pooled order breaks ties by category first), and cut to `maxDets` (default 100).
 */
export function scenesFromCocoEval(
  pooled: PooledEvalImages,
  gt: SceneObjects,
  dt: SceneObjects,
  categoryCount: number,
  maxDets = 100,
  /** Reorder `pooled.ious` in place (its caller drops it) instead of copying: half the memory. */
  inPlace = false,
): DetectionScenes {
  const groupCount = pooled.groupCount;
  const dtStart = new Int32Array(groupCount + 1);
  const iouStart = new Float64Array(groupCount + 1);
  // Sizes first, so the scenes are written straight into typed arrays (no growing JS arrays).
  let dtTotal = 0;
  let iouTotal = 0;
  for (let g = 0; g < groupCount; g++) {
    const D = Math.min(pooled.dtStart[g + 1]! - pooled.dtStart[g]!, maxDets);
    dtTotal += D;
    iouTotal += D * (pooled.gtStart[g + 1]! - pooled.gtStart[g]!);
  }
  const dtOrder = new Int32Array(dtTotal);
  // In place, each group's block is read from a copy and written at an offset ≤ its own.
  const ious = inPlace ? pooled.ious : new Float64Array(iouTotal);
  let block = new Float64Array(inPlace ? 1024 : 0);
  let dAt = 0;
  let iAt = 0;
  let rows = new Int32Array(16);
  for (let g = 0; g < groupCount; g++) {
    const d0 = pooled.dtStart[g]!;
    const n = pooled.dtStart[g + 1]! - d0;
    const G = pooled.gtStart[g + 1]! - pooled.gtStart[g]!;
    if (rows.length < n) rows = new Int32Array(2 * n);
    const group = rows.subarray(0, n);
    for (let d = 0; d < n; d++) group[d] = d;
    const obj = (d: number) => pooled.dtOrder[d0 + d]!;
    // Integer comparator results (a score difference would be a boxed double on every call).
    group.sort((a, b) => {
      const sa = dt.scores[obj(a)]!;
      const sb = dt.scores[obj(b)]!;
      return sb > sa ? 1 : sb < sa ? -1 : obj(a) - obj(b);
    });
    dtStart[g] = dAt;
    iouStart[g] = iAt;
    const kept = Math.min(n, maxDets);
    let source = pooled.ious;
    let base = pooled.iouStart[g]!;
    if (inPlace) {
      if (block.length < n * G) block = new Float64Array(2 * n * G);
      block.set(pooled.ious.subarray(base, base + n * G));
      source = block;
      base = 0;
    }
    for (let r = 0; r < kept; r++) {
      const d = group[r]!;
      dtOrder[dAt++] = obj(d);
      const row = base + d * G;
      for (let j = 0; j < G; j++) ious[iAt++] = source[row + j]!;
    }
  }
  dtStart[groupCount] = dAt;
  iouStart[groupCount] = iAt;
  return {
    categoryCount,
    groupCount,
    dtStart,
    dtOrder,
    gtStart: pooled.gtStart,
    gtOrder: pooled.gtOrder,
    iouStart,
    ious: inPlace ? ious.subarray(0, iAt) : ious,
    dtCategory: dt.categoryIndex,
    dtScore: dt.scores,
    gtCategory: gt.categoryIndex,
    gtCrowd: gt.iscrowd,
  };
}
