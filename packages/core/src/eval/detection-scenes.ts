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
): DetectionScenes {
  const groupCount = pooled.groupCount;
  const dtStart = new Int32Array(groupCount + 1);
  const iouStart = new Float64Array(groupCount + 1);
  const dtOrder: number[] = [];
  const ious: number[] = [];
  for (let g = 0; g < groupCount; g++) {
    const d0 = pooled.dtStart[g]!;
    const G = pooled.gtStart[g + 1]! - pooled.gtStart[g]!;
    const rows = Array.from({ length: pooled.dtStart[g + 1]! - d0 }, (_, d) => d);
    const obj = (d: number) => pooled.dtOrder[d0 + d]!;
    rows.sort((a, b) => dt.scores[obj(b)]! - dt.scores[obj(a)]! || obj(a) - obj(b));
    dtStart[g] = dtOrder.length;
    iouStart[g] = ious.length;
    for (const d of rows.slice(0, maxDets)) {
      dtOrder.push(obj(d));
      const row = pooled.iouStart[g]! + d * G;
      for (let j = 0; j < G; j++) ious.push(pooled.ious[row + j]!);
    }
  }
  dtStart[groupCount] = dtOrder.length;
  iouStart[groupCount] = ious.length;
  return {
    categoryCount,
    groupCount,
    dtStart,
    dtOrder: Int32Array.from(dtOrder),
    gtStart: pooled.gtStart,
    gtOrder: pooled.gtOrder,
    iouStart,
    ious: Float64Array.from(ious),
    dtCategory: dt.categoryIndex,
    dtScore: dt.scores,
    gtCategory: gt.categoryIndex,
    gtCrowd: gt.iscrowd,
  };
}
