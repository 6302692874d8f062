import type { DetectionScenes } from './detection-scenes.js';

/**
 * Detection confusion matrix with a background row and column, in the manner of YOLOv5/Ultralytics'
 * `ConfusionMatrix.process_batch` (class-agnostic matching), with rows and columns as scikit-learn's
 * confusion_matrix orders them (rows = truth, columns = prediction):
 *
 * Per image, detections scoring at least `scoreThreshold` are paired with non-crowd ground truth of
 * any class at IoU ≥ `iouThreshold`; pairs are taken by IoU descending (ties: detection order, then
 * ground-truth order), each detection and each ground truth at most once. A pair counts in
 * [truth class][predicted class] (the diagonal: right class; off it: confusions). An unpaired ground
 * truth counts in [its class][background] (missed). An unpaired detection is ignored when it lies in a
 * crowd region (intersection over its area ≥ iouThreshold, any class), else counts in
 * [background][its class] (a false positive on background). [background][background] stays 0.
 * Objects of a class the ground truth lacks (class index -1) are left out.
 */
export interface DetectionConfusionOptions {
  /** Minimum IoU of a pair (default 0.5). */
  iouThreshold?: number;
  /** Detections scoring below this are left out (default 0.5). */
  scoreThreshold?: number;
}

export interface DetectionConfusion {
  iou_threshold: number;
  score_threshold: number;
  /** (K + 1) × (K + 1) counts; index K is background. Rows: ground truth, columns: predictions. */
  matrix: number[][];
  /** Detections left out for lying in a crowd region. */
  ignored: number;
}

interface Pair {
  iou: number;
  d: number;
  j: number;
}

/** Pairs of one image above the IoU threshold, by IoU descending, stable. */
function candidatePairs(s: DetectionScenes, g: number, iouThreshold: number, scoreThreshold: number): Pair[] {
  const d0 = s.dtStart[g]!;
  const D = s.dtStart[g + 1]! - d0;
  const g0 = s.gtStart[g]!;
  const G = s.gtStart[g + 1]! - g0;
  const pairs: Pair[] = [];
  for (let d = 0; d < D; d++) {
    const det = s.dtOrder[d0 + d]!;
    if (!(s.dtScore[det]! >= scoreThreshold) || s.dtCategory[det]! < 0) continue;
    for (let j = 0; j < G; j++) {
      const obj = s.gtOrder[g0 + j]!;
      if (s.gtCrowd[obj] === 1 || s.gtCategory[obj]! < 0) continue;
      const iou = s.ious[s.iouStart[g]! + d * G + j]!;
      if (iou >= iouThreshold) pairs.push({ iou, d, j });
    }
  }
  return pairs.sort((a, b) => b.iou - a.iou || a.d - b.d || a.j - b.j);
}

function inCrowd(s: DetectionScenes, g: number, d: number, iouThreshold: number): boolean {
  const g0 = s.gtStart[g]!;
  const G = s.gtStart[g + 1]! - g0;
  for (let j = 0; j < G; j++) {
    if (s.gtCrowd[s.gtOrder[g0 + j]!] === 1 && s.ious[s.iouStart[g]! + d * G + j]! >= iouThreshold)
      return true;
  }
  return false;
}

/** The confusion matrix of detections against ground truth (see the file comment). */
export function detectionConfusion(
  scenes: DetectionScenes,
  options: DetectionConfusionOptions = {},
): DetectionConfusion {
  const iouThreshold = options.iouThreshold ?? 0.5;
  const scoreThreshold = options.scoreThreshold ?? 0.5;
  const K = scenes.categoryCount;
  const matrix = Array.from({ length: K + 1 }, () => new Array<number>(K + 1).fill(0));
  let ignored = 0;
  for (let g = 0; g < scenes.groupCount; g++) {
    const d0 = scenes.dtStart[g]!;
    const D = scenes.dtStart[g + 1]! - d0;
    const g0 = scenes.gtStart[g]!;
    const G = scenes.gtStart[g + 1]! - g0;
    const dtUsed = new Uint8Array(D);
    const gtUsed = new Uint8Array(G);
    for (const { d, j } of candidatePairs(scenes, g, iouThreshold, scoreThreshold)) {
      if (dtUsed[d] || gtUsed[j]) continue;
      dtUsed[d] = 1;
      gtUsed[j] = 1;
      matrix[scenes.gtCategory[scenes.gtOrder[g0 + j]!]!]![scenes.dtCategory[scenes.dtOrder[d0 + d]!]!]! += 1;
    }
    for (let j = 0; j < G; j++) {
      const obj = scenes.gtOrder[g0 + j]!;
      if (!gtUsed[j] && scenes.gtCrowd[obj] === 0 && scenes.gtCategory[obj]! >= 0)
        matrix[scenes.gtCategory[obj]!]![K]! += 1;
    }
    for (let d = 0; d < D; d++) {
      const obj = scenes.dtOrder[d0 + d]!;
      if (dtUsed[d] || !(scenes.dtScore[obj]! >= scoreThreshold) || scenes.dtCategory[obj]! < 0) continue;
      if (inCrowd(scenes, g, d, iouThreshold)) ignored++;
      else matrix[K]![scenes.dtCategory[obj]!]! += 1;
    }
  }
  return { iou_threshold: iouThreshold, score_threshold: scoreThreshold, matrix, ignored };
}
