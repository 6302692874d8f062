import type { CocoAccumulated } from './coco/types.js';
import { nearestThreshold } from './match-outcomes.js';

/**
 * Per-class precision/recall curves from `accumulate` (pycocotools' `eval['precision']` and
 * `eval['scores']`): COCO's interpolated precision at its 101 recall points, for area range "all" and
 * the last maxDets, at chosen IoU thresholds. The AP of a class at that threshold is the mean of its
 * precision values (what pycocotools averages for AP50 / AP75).
 */
export interface PrCurve {
  /** Position of the class in the evaluation's category list. */
  category_index: number;
  /** IoU threshold of the curve. */
  iou: number;
  /** Mean of `precision`, or null when the class has no ground truth. */
  ap: number | null;
  /** Highest recall reached, or null when the class has no ground truth. */
  recall_max: number | null;
  /** Interpolated precision at each of `recall` (null where pycocotools has -1: no ground truth). */
  precision: (number | null)[];
  /** Detection score at which each recall point is reached (0 past the last detection). */
  scores: (number | null)[];
}

export interface PrCurves {
  /** False when categories were pooled (`useCats` off): one curve per threshold, for all classes. */
  use_cats: boolean;
  /** The recall points shared by every curve (0, 0.01, ..., 1). */
  recall: number[];
  curves: PrCurve[];
}

export interface PrCurvesOptions {
  /** IoU thresholds of the curves; each is read at the evaluation's nearest threshold (default [0.5, 0.75]). */
  ious?: number[];
}

/** Per-class PR curves at each requested IoU threshold, classes in evaluation order. */
export function prCurves(acc: CocoAccumulated, options: PrCurvesOptions = {}): PrCurves {
  const [T, R, K, A, M] = acc.counts;
  const curves: PrCurve[] = [];
  const ts = [...new Set((options.ious ?? [0.5, 0.75]).map((v) => nearestThreshold(acc.params.iouThrs, v)))];
  for (const t of ts) {
    if (t >= T) continue;
    for (let k = 0; k < K; k++) {
      const precision = new Array<number | null>(R);
      const scores = new Array<number | null>(R);
      const { sum, defined } = curveCells(acc, t, k, precision, scores);
      const rec = acc.recall[(t * K + k) * A * M + (M - 1)]!; // area "all", the last maxDets
      curves.push({
        category_index: k,
        iou: acc.params.iouThrs[t]!,
        ap: defined === 0 ? null : sum / defined,
        recall_max: rec < 0 ? null : rec,
        precision,
        scores,
      });
    }
  }
  return { use_cats: acc.params.useCats, recall: Array.from(acc.params.recThrs), curves };
}

/**
 * Class k's curve at threshold t (area "all", the last maxDets) into `precision` and `scores` (R cells,
 * null where pycocotools has -1): the sum and count of its defined precision values.
 */
function curveCells(
  acc: CocoAccumulated,
  t: number,
  k: number,
  precision: (number | null)[],
  scores: (number | null)[],
): { sum: number; defined: number } {
  const [, R, K, A, M] = acc.counts;
  let sum = 0;
  let defined = 0;
  for (let r = 0; r < R; r++) {
    const at = ((t * R + r) * K + k) * A * M + (M - 1);
    const p = acc.precision[at]!;
    precision[r] = p < 0 ? null : p;
    scores[r] = p < 0 ? null : acc.scores[at]!;
    if (p >= 0) {
      sum += p;
      defined++;
    }
  }
  return { sum, defined };
}
