/**
 * Detections and ground truth of every image with their class-agnostic overlaps: the input of the
 * analyses that look across classes (TIDE errors, the detection confusion matrix).
 *
 * The layout is that of the COCO evaluator's `evaluateImages` run with `useCats: false` (one group per
 * image with any object, all categories pooled), so `scenesFromCocoEval` only adds the per-object
 * columns. For group g:
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

/** Scenes from an `evaluateImages` result computed with `useCats: false`. */
export function scenesFromCocoEval(
  pooled: PooledEvalImages,
  gt: SceneObjects,
  dt: SceneObjects,
  categoryCount: number,
): DetectionScenes {
  return {
    categoryCount,
    groupCount: pooled.groupCount,
    dtStart: pooled.dtStart,
    dtOrder: pooled.dtOrder,
    gtStart: pooled.gtStart,
    gtOrder: pooled.gtOrder,
    iouStart: pooled.iouStart,
    ious: pooled.ious,
    dtCategory: dt.categoryIndex,
    dtScore: dt.scores,
    gtCategory: gt.categoryIndex,
    gtCrowd: gt.iscrowd,
  };
}
