import { boxIntersection, boxIou, type XywhBox } from '../geometry/box.js';

/** A ground-truth box or a predicted box of one image. */
export interface DetBox {
  /** Caller's id (e.g. the stored annotation id), echoed in the evidence. */
  id: number;
  /** Class (any number: index, stored class id, COCO category id). */
  label: number;
  box: XywhBox;
  /** Prediction confidence in [0, 1]; ground truth has none. */
  score?: number;
  /** Class probabilities of a prediction, by class index (when the model gave them). */
  probs?: readonly number[];
  /** A crowd region (ground truth): never an issue itself, and predictions inside it are not missing labels. */
  iscrowd?: boolean;
}

export interface DetectionImage {
  gt: readonly DetBox[];
  pred: readonly DetBox[];
}

/** IoU of every ground-truth box (rows) with every prediction (columns), and the greedy matching. */
export interface ImageMatch {
  iou: Float64Array;
  /** Per ground-truth box, the index of the same-class prediction matched to it, or -1. */
  gtMatch: Int32Array;
  /** Per prediction, the index of the ground-truth box it matched, or -1. */
  predMatch: Int32Array;
  /** Predictions by descending score (ties in input order). */
  order: number[];
}

export const scoreOf = (p: DetBox): number => p.score ?? 1;

/**
 * COCO-style greedy matching: predictions by descending score each take the unmatched same-class,
 * non-crowd ground-truth box of highest IoU, if that IoU is at least `matchIou`.
 */
export function matchBoxes(image: DetectionImage, matchIou: number): ImageMatch {
  const { gt, pred } = image;
  const iou = new Float64Array(gt.length * pred.length);
  for (let g = 0; g < gt.length; g++)
    for (let p = 0; p < pred.length; p++) iou[g * pred.length + p] = boxIou(gt[g]!.box, pred[p]!.box);
  return { iou, ...greedyMatch(image, matchIou, (g, p) => iou[g * pred.length + p]!) };
}

/**
 * matchBoxes without the IoU matrix (the same matching: each IoU it compares is computed when needed,
 * for same-class pairs only): what the class recall needs.
 */
export function matchOnly(image: DetectionImage, matchIou: number): Omit<ImageMatch, 'iou'> {
  const { gt, pred } = image;
  return greedyMatch(image, matchIou, (g, p) => boxIou(gt[g]!.box, pred[p]!.box));
}

function greedyMatch(
  image: DetectionImage,
  matchIou: number,
  iouOf: (g: number, p: number) => number,
): Omit<ImageMatch, 'iou'> {
  const { gt, pred } = image;
  const gtMatch = new Int32Array(gt.length).fill(-1);
  const predMatch = new Int32Array(pred.length).fill(-1);
  const order = pred.map((_, i) => i).sort((a, b) => scoreOf(pred[b]!) - scoreOf(pred[a]!) || a - b);
  for (const p of order) {
    let best = -1;
    let bestIou = matchIou;
    for (let g = 0; g < gt.length; g++) {
      const box = gt[g]!;
      if (box.iscrowd || gtMatch[g] !== -1 || box.label !== pred[p]!.label) continue;
      const v = iouOf(g, p);
      if (v >= bestIou && (best === -1 || v > bestIou)) {
        best = g;
        bestIou = v;
      }
    }
    if (best >= 0) {
      gtMatch[best] = p;
      predMatch[p] = best;
    }
  }
  return { gtMatch, predMatch, order };
}

/** Fraction of `inner`'s area inside `outer` (COCO's rule for detections in crowd regions). */
export function boxCoverage(inner: XywhBox, outer: XywhBox): number {
  const area = inner[2] * inner[3];
  return area > 0 ? boxIntersection(inner, outer) / area : 0;
}
