import type { DetectionScenes } from './detection-scenes.js';
import type { ScoreRanks } from './score-ranks.js';
import type { GrowableColumns } from './tide-points.js';

/**
 * TIDE's per-image step (tide.ts): match one image's detections to its ground truth as dbolya/tide does,
 * then classify each false positive (cls, loc, both, dupe, bkg) and each missed ground-truth object (miss).
 * Each step is a small function of its own, so V8 compiles (and recompiles) each apart.
 */

export const CLS = 0;
export const LOC = 1;
const BOTH = 2;
const DUPE = 3;
const BKG = 4;
export const MISS = 5;

export interface TideState {
  /** The scenes being added (one batch of images at a time, object indices the batch's own). */
  scenes: DetectionScenes;
  /** Run number of the batch's first ground-truth object and first detection. */
  gtOffset: number;
  dtOffset: number;
  categoryCount: number;
  /** Class index of every ground-truth object of the run (the fixes read it after the last batch). */
  gtCategory: Int32Array;
  tf: number;
  tb: number;
  /**
   * The detections' score ranks (by run number) when known: the points' `score` column then holds
   * -rank, which orders as the score does (tide.ts sorts it by counting).
   */
  ranks: ScoreRanks | undefined;
  /** The base AP's data points (type = 1 for a true positive), in push order; ground truth per class. */
  base: GrowableColumns;
  gtCount: Float64Array;
  /** Original true positives, in push order. */
  positives: GrowableColumns;
  /** Errors (type, detection or, for `miss`, ground truth; ignored: a detection inside a crowd region). */
  errors: GrowableColumns;
  /** Unmatched ground truth per class (for the false-negative special error). */
  falseNegatives: Float64Array;
  /** Per ground-truth object of the run: matched; the detection of its best cls/loc claim (run numbers). */
  gtUsed: Uint8Array;
  gtBestDet: Int32Array;
  /** Per ground-truth object of the batch (a claim comes from the same image): claimed, and the best claim's score. */
  gtUsable: Uint8Array;
  gtBestScore: Float64Array;
  dtError: Int8Array;
  gtError: Int8Array;
  /** Scratch of one image: its detections matched, and those left out (in a crowd region or unknown class). */
  matched: Uint8Array;
  ignored: Uint8Array;
  /** The ground truth of the last error classified (-1: none). */
  errorGt: number;
}

/**
 * Matches one image's detections and classifies each false positive and missed ground truth. Each step
 * is a small function of its own: V8 compiles (and, on a de-optimisation, recompiles) each apart.
 */
export function tideImage(s: TideState, g: number): void {
  const { scenes } = s;
  const d0 = scenes.dtStart[g]!;
  const D = scenes.dtStart[g + 1]! - d0;
  const g0 = scenes.gtStart[g]!;
  const G = scenes.gtStart[g + 1]! - g0;
  const real = countReal(scenes.gtOrder, scenes.gtCrowd, scenes.gtCategory, s.gtCount, g0, G);
  if (s.matched.length < D) {
    s.matched = new Uint8Array(2 * D);
    s.ignored = new Uint8Array(2 * D);
  }
  s.matched.fill(0, 0, D);
  s.ignored.fill(0, 0, D);
  const iou0 = scenes.iouStart[g]!;
  for (let d = 0; d < D; d++) matchDetection(s, scenes, d0, d, g0, G, iou0 + d * G);
  for (let d = 0; d < D; d++) recordDetection(s, g, d0, d, real);
  missedOf(s, scenes.gtOrder, scenes.gtCrowd, scenes.gtCategory, g0, G);
}

/** The image's ground truth that is not a crowd region, of a known class (counted per class too). */
function countReal(
  gtOrder: Int32Array,
  gtCrowd: Uint8Array,
  gtCategory: Int32Array,
  gtCount: Float64Array,
  g0: number,
  G: number,
): number {
  let real = 0;
  for (let j = 0; j < G; j++) {
    const obj = gtOrder[g0 + j]!;
    const cat = gtCategory[obj]!;
    if (gtCrowd[obj] === 1 || cat < 0) continue;
    real++;
    gtCount[cat]! += 1;
  }
  return real;
}

/**
 * The d-th detection takes the free ground truth of its class with the highest IoU (≥ t_f); else it is
 * ignored when it lies in a crowd region of its class (or has an unknown class). `row`: its IoU row.
 */
function matchDetection(
  s: TideState,
  scenes: DetectionScenes,
  d0: number,
  d: number,
  g0: number,
  G: number,
  row: number,
): void {
  const { gtOrder, gtCategory, gtCrowd, ious } = scenes;
  const cat = scenes.dtCategory[scenes.dtOrder[d0 + d]!]!;
  if (cat < 0) {
    s.ignored[d] = 1;
    return;
  }
  const { gtUsed, gtOffset: go } = s;
  let best = -1;
  let bestIou = 0;
  for (let j = 0; j < G; j++) {
    const obj = gtOrder[g0 + j]!;
    const v = ious[row + j]!;
    if (gtCrowd[obj] !== 1 && gtCategory[obj] === cat && gtUsed[go + obj] === 0 && v > bestIou) {
      best = j;
      bestIou = v;
    }
  }
  if (best >= 0 && bestIou >= s.tf) {
    s.matched[d] = 1;
    gtUsed[go + gtOrder[g0 + best]!] = 1;
    return;
  }
  s.ignored[d] = inCrowd(gtOrder, gtCrowd, gtCategory, ious, g0, G, row, cat, s.tf);
}

/** 1 when the detection of class `cat` (IoU row `row`) overlaps a crowd region of its class by more than tf. */
function inCrowd(
  gtOrder: Int32Array,
  gtCrowd: Uint8Array,
  gtCategory: Int32Array,
  ious: Float64Array,
  g0: number,
  G: number,
  row: number,
  cat: number,
  tf: number,
): number {
  let inside = 0;
  for (let j = 0; j < G; j++) {
    const obj = gtOrder[g0 + j]!;
    if (gtCrowd[obj] === 1 && gtCategory[obj] === cat && ious[row + j]! > tf) inside = 1;
  }
  return inside;
}

/** The d-th detection as a base AP point (unless ignored), a true positive, or an error. */
function recordDetection(s: TideState, g: number, d0: number, d: number, real: number): void {
  const { scenes } = s;
  const det = scenes.dtOrder[d0 + d]!;
  const category = scenes.dtCategory[det]!;
  if (category < 0) return;
  const key = s.ranks === undefined ? scenes.dtScore[det]! : -s.ranks.rank[s.dtOffset + det]!;
  const matched = s.matched[d]!;
  const ignored = s.ignored[d] === 1;
  if (!ignored) s.base.push(matched, det, -1, category, key, false);
  if (matched === 1) s.positives.push(0, det, -1, category, key, false);
  else {
    const type = classifyFalsePositive(s, g, d, real);
    recordError(s, det, ignored, type, s.errorGt, key);
  }
}

/** The image's unmatched ground truth: false negatives, and `miss` errors unless a cls/loc error claims them. */
function missedOf(
  s: TideState,
  gtOrder: Int32Array,
  gtCrowd: Uint8Array,
  gtCategory: Int32Array,
  g0: number,
  G: number,
): void {
  const go = s.gtOffset;
  for (let j = 0; j < G; j++) {
    const obj = gtOrder[g0 + j]!;
    const cat = gtCategory[obj]!;
    if (gtCrowd[obj] === 1 || cat < 0 || s.gtUsed[go + obj] === 1) continue;
    s.falseNegatives[cat]! += 1;
    if (s.gtUsable[obj] === 1) continue;
    s.errors.push(MISS, -1, go + obj, cat, 0, false);
    s.gtError[go + obj] = MISS;
  }
}

/**
 * Records an error (`det`, `gt`: the batch's numbers; -1 no ground truth; `key`: its score or -rank);
 * `cls`/`loc` errors claim their ground truth (the highest score claims it first).
 */
function recordError(
  s: TideState,
  det: number,
  ignored: boolean,
  type: number,
  gt: number,
  key: number,
): void {
  const category = s.scenes.dtCategory[det]!;
  const score = s.scenes.dtScore[det]!;
  const runDet = s.dtOffset + det;
  const runGt = gt < 0 ? -1 : s.gtOffset + gt;
  s.errors.push(type, runDet, runGt, category, key, ignored);
  s.dtError[runDet] = type;
  if ((type === CLS || type === LOC) && s.gtUsed[runGt] === 0) {
    s.gtUsable[gt] = 1;
    if (s.gtBestScore[gt]! < score) {
      s.gtBestScore[gt] = score;
      s.gtBestDet[runGt] = runDet;
    }
  }
}

/**
 * The first error type that applies to the unmatched detection d of group g; its ground truth (or -1)
 * in `s.errorGt`. The four best IoUs among non-crowd ground truth of a known class (same class, other
 * class, same class already matched, any; first index on ties) are found in one pass.
 */
function classifyFalsePositive(s: TideState, g: number, d: number, real: number): number {
  const { scenes, tf, tb } = s;
  s.errorGt = -1;
  if (real === 0) return BKG;
  const g0 = scenes.gtStart[g]!;
  const G = scenes.gtStart[g + 1]! - g0;
  const row = scenes.iouStart[g]! + d * G;
  const category = scenes.dtCategory[scenes.dtOrder[scenes.dtStart[g]! + d]!]!;
  let locGt = -1;
  let locIou = -1;
  let clsGt = -1;
  let clsIou = -1;
  let dupeIou = -1;
  let anyIou = -1;
  for (let j = 0; j < G; j++) {
    const obj = scenes.gtOrder[g0 + j]!;
    const cat = scenes.gtCategory[obj]!;
    if (scenes.gtCrowd[obj] === 1 || cat < 0) continue;
    const v = scenes.ious[row + j]!;
    if (v > anyIou) anyIou = v;
    if (cat === category) {
      if (v > locIou) {
        locGt = obj;
        locIou = v;
      }
      if (s.gtUsed[s.gtOffset + obj] === 1 && v > dupeIou) dupeIou = v;
    } else if (v > clsIou) {
      clsGt = obj;
      clsIou = v;
    }
  }
  if (locGt >= 0 && tb <= locIou && locIou <= tf) {
    s.errorGt = locGt;
    return LOC;
  }
  if (clsGt >= 0 && clsIou >= tf) {
    s.errorGt = clsGt;
    return CLS;
  }
  if (dupeIou >= tf) return DUPE;
  return anyIou <= tb ? BKG : BOTH;
}
