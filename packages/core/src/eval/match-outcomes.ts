import type { CocoEvalImages } from './coco/types.js';

/**
 * Per-object outcome of the COCO matching at one IoU threshold, read from `evaluateImages` (area range
 * "all", the last maxDets): pycocotools' greedy matching, not a second matcher.
 *
 * - A detection is `tp` when matched to a ground truth that is not ignored, `ignored` when pycocotools
 *   ignores it (matched to a crowd / ignored ground truth) or when it was never evaluated (beyond the
 *   maxDets highest scores of its image and class), else `fp`.
 * - A ground truth is `ignored` when pycocotools ignores it (crowd), `tp` when matched, else `fn`.
 */
export type MatchOutcome = 'tp' | 'fp' | 'fn' | 'ignored';

/** Outcome codes of the arrays below, indices into this list. */
export const MATCH_OUTCOMES: readonly MatchOutcome[] = ['tp', 'fp', 'fn', 'ignored'];

const TP = 0;
const FP = 1;
const FN = 2;
const IGNORED = 3;

export interface MatchOutcomes {
  /** The IoU threshold used (one of the evaluation's thresholds). */
  iou_threshold: number;
  /** Per detection object: outcome code, matched ground-truth object (-1), IoU of the match (NaN). */
  dtOutcome: Uint8Array;
  dtMatch: Int32Array;
  dtIou: Float64Array;
  /** Per ground-truth object: outcome code, matching detection object (-1), IoU of the match (NaN). */
  gtOutcome: Uint8Array;
  gtMatch: Int32Array;
  gtIou: Float64Array;
}

/** Index of the evaluation's IoU threshold nearest `iou` (the first on ties). */
export function nearestThreshold(thresholds: ArrayLike<number>, iou: number): number {
  let best = 0;
  for (let t = 1; t < thresholds.length; t++) {
    if (Math.abs((thresholds[t] as number) - iou) < Math.abs((thresholds[best] as number) - iou)) best = t;
  }
  return best;
}

/** Outcomes of every object at the threshold nearest `iou` (see the file comment). */
export function matchOutcomes(
  e: CocoEvalImages,
  counts: { gt: number; dt: number },
  iou: number,
  /** The matches of area range "all" (default: those `e` kept). */
  all = e.perArea[0],
): MatchOutcomes {
  const t = nearestThreshold(e.params.iouThrs, iou);
  const T = e.params.iouThrs.length;
  if (all === undefined) throw new RangeError('evaluateImages result has no area range');
  const out: MatchOutcomes = {
    iou_threshold: e.params.iouThrs[t]!,
    dtOutcome: new Uint8Array(counts.dt).fill(IGNORED),
    dtMatch: new Int32Array(counts.dt).fill(-1),
    dtIou: new Float64Array(counts.dt).fill(Number.NaN),
    gtOutcome: new Uint8Array(counts.gt).fill(FN),
    gtMatch: new Int32Array(counts.gt).fill(-1),
    gtIou: new Float64Array(counts.gt).fill(Number.NaN),
  };
  for (let g = 0; g < e.groupCount; g++) {
    const d0 = e.dtStart[g]!;
    const D = e.dtStart[g + 1]! - d0;
    const g0 = e.gtStart[g]!;
    const G = e.gtStart[g + 1]! - g0;
    for (let j = 0; j < G; j++) {
      const obj = all.gtSorted[g0 + j]!;
      if (all.gtIgnore[g0 + j]) out.gtOutcome[obj] = IGNORED;
    }
    for (let d = 0; d < D; d++) {
      const det = e.dtOrder[d0 + d]!;
      const k = T * d0 + t * D + d;
      const gt = all.dtMatches[k]!;
      out.dtOutcome[det] = all.dtIgnore[k] ? IGNORED : gt >= 0 ? TP : FP;
      if (gt < 0) continue;
      const v = e.ious[e.iouStart[g]! + d * G + column(e.gtOrder, g0, G, gt)]!;
      out.dtMatch[det] = gt;
      out.dtIou[det] = v;
      out.gtMatch[gt] = det;
      out.gtIou[gt] = v;
      if (out.gtOutcome[gt] !== IGNORED) out.gtOutcome[gt] = TP;
    }
  }
  return out;
}

/**
 * The detections' outcome codes alone (matchOutcomes' `dtOutcome`, the same values), without the
 * matched objects and IoUs: what calibration reads.
 */
export function detectionOutcomes(
  e: CocoEvalImages,
  dtCount: number,
  iou: number,
  all = e.perArea[0],
): Uint8Array {
  const t = nearestThreshold(e.params.iouThrs, iou);
  const T = e.params.iouThrs.length;
  if (all === undefined) throw new RangeError('evaluateImages result has no area range');
  const outcome = new Uint8Array(dtCount).fill(IGNORED);
  outcomesOfGroups(e.groupCount, e.dtStart, e.dtOrder, all.dtMatches, all.dtIgnore, T, t, outcome);
  return outcome;
}

function outcomesOfGroups(
  groupCount: number,
  dtStart: Int32Array,
  dtOrder: Int32Array,
  dtMatches: Int32Array,
  dtIgnore: Uint8Array,
  T: number,
  t: number,
  outcome: Uint8Array,
): void {
  for (let g = 0; g < groupCount; g++) {
    const d0 = dtStart[g]!;
    const D = dtStart[g + 1]! - d0;
    const k0 = T * d0 + t * D;
    for (let d = 0; d < D; d++)
      outcome[dtOrder[d0 + d]!] = dtIgnore[k0 + d] ? IGNORED : dtMatches[k0 + d]! >= 0 ? TP : FP;
  }
}

/** Position of a ground-truth object in its group's IoU columns (gtOrder from g0, G of them). */
function column(gtOrder: Int32Array, g0: number, G: number, obj: number): number {
  for (let j = 0; j < G; j++) if (gtOrder[g0 + j] === obj) return j;
  return -1;
}
