import type { DetectionScenes } from './detection-scenes.js';
import { confusionWasm } from './wasm/wasm-confusion.js';

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

/** Scratch of one image: its candidate pairs (IoU, detection, ground truth) and which are taken. */
interface Scratch {
  iou: Float64Array;
  d: Int32Array;
  j: Int32Array;
  order: Int32Array;
  dtUsed: Uint8Array;
  gtUsed: Uint8Array;
}

function scratchFor(s: Scratch | undefined, pairs: number, D: number, G: number): Scratch {
  if (s && s.iou.length >= pairs && s.dtUsed.length >= D && s.gtUsed.length >= G) return s;
  const n = Math.max(2 * pairs, 64);
  return {
    iou: new Float64Array(n),
    d: new Int32Array(n),
    j: new Int32Array(n),
    order: new Int32Array(n),
    dtUsed: new Uint8Array(Math.max(2 * D, 64)),
    gtUsed: new Uint8Array(Math.max(2 * G, 64)),
  };
}

/**
 * Pairs of one image above the IoU threshold into the scratch, `order` by IoU descending; ties keep
 * the order they are made in (detection, then ground truth). Returns their number.
 */
function candidatePairs(
  s: DetectionScenes,
  g: number,
  iouThreshold: number,
  scoreThreshold: number,
  x: Scratch,
): number {
  const d0 = s.dtStart[g]!;
  const D = s.dtStart[g + 1]! - d0;
  const g0 = s.gtStart[g]!;
  const G = s.gtStart[g + 1]! - g0;
  const base = s.iouStart[g]!;
  let n = 0;
  for (let d = 0; d < D; d++) {
    const det = s.dtOrder[d0 + d]!;
    if (!(s.dtScore[det]! >= scoreThreshold) || s.dtCategory[det]! < 0) continue;
    for (let j = 0; j < G; j++) {
      const obj = s.gtOrder[g0 + j]!;
      if (s.gtCrowd[obj] === 1 || s.gtCategory[obj]! < 0) continue;
      const iou = s.ious[base + d * G + j]!;
      if (!(iou >= iouThreshold)) continue;
      x.iou[n] = iou;
      x.d[n] = d;
      x.j[n] = j;
      n++;
    }
  }
  sortByIou(x.iou, x.order, n);
  return n;
}

/** order[0 .. n) = 0 .. n-1 sorted by iou descending, stable (an insertion sort: an image has few pairs). */
function sortByIou(iou: Float64Array, order: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = iou[i]!;
    let at = i;
    while (at > 0 && iou[order[at - 1]!]! < v) {
      order[at] = order[at - 1]!;
      at--;
    }
    order[at] = i;
  }
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
  // As confusion.wat where it takes the scenes (no JIT warm-up in a one-shot process), else below.
  const fast = confusionWasm(scenes, iouThreshold, scoreThreshold);
  if (fast)
    return {
      iou_threshold: iouThreshold,
      score_threshold: scoreThreshold,
      ...rows(fast.counts, K),
      ignored: fast.ignored,
    };
  const counts = new Float64Array((K + 1) * (K + 1));
  let ignored = 0;
  let x: Scratch | undefined;
  for (let g = 0; g < scenes.groupCount; g++) {
    const d0 = scenes.dtStart[g]!;
    const D = scenes.dtStart[g + 1]! - d0;
    const g0 = scenes.gtStart[g]!;
    const G = scenes.gtStart[g + 1]! - g0;
    x = scratchFor(x, D * G, D, G);
    const { dtUsed, gtUsed } = x;
    dtUsed.fill(0, 0, D);
    gtUsed.fill(0, 0, G);
    const n = candidatePairs(scenes, g, iouThreshold, scoreThreshold, x);
    for (let q = 0; q < n; q++) {
      const i = x.order[q]!;
      const d = x.d[i]!;
      const j = x.j[i]!;
      if (dtUsed[d] || gtUsed[j]) continue;
      dtUsed[d] = 1;
      gtUsed[j] = 1;
      counts[
        scenes.gtCategory[scenes.gtOrder[g0 + j]!]! * (K + 1) + scenes.dtCategory[scenes.dtOrder[d0 + d]!]!
      ]! += 1;
    }
    for (let j = 0; j < G; j++) {
      const obj = scenes.gtOrder[g0 + j]!;
      if (!gtUsed[j] && scenes.gtCrowd[obj] === 0 && scenes.gtCategory[obj]! >= 0)
        counts[scenes.gtCategory[obj]! * (K + 1) + K]! += 1;
    }
    for (let d = 0; d < D; d++) {
      const obj = scenes.dtOrder[d0 + d]!;
      if (dtUsed[d] || !(scenes.dtScore[obj]! >= scoreThreshold) || scenes.dtCategory[obj]! < 0) continue;
      if (inCrowd(scenes, g, d, iouThreshold)) ignored++;
      else counts[K * (K + 1) + scenes.dtCategory[obj]!]! += 1;
    }
  }
  return { iou_threshold: iouThreshold, score_threshold: scoreThreshold, ...rows(counts, K), ignored };
}

/** The (K + 1)² counts as rows of numbers. */
function rows(counts: Float64Array | Int32Array, K: number): { matrix: number[][] } {
  const matrix = Array.from({ length: K + 1 }, (_, r) =>
    Array.from(counts.subarray(r * (K + 1), (r + 1) * (K + 1))),
  );
  return { matrix };
}
