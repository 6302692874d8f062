import { scoreOrder } from './coco/score-order.js';
import type { DetectionScenes } from './detection-scenes.js';
import { GrowableColumns, OrderedPoints } from './tide-points.js';

/**
 * TIDE error breakdown (Bolya et al., "TIDE: A General Toolbox for Identifying Object Detection
 * Errors", ECCV 2020), with the definitions of the authors' dbolya/tide 1.0.1 (`quantify.py`):
 *
 * Per image, detections (score descending, at most maxDets) are matched greedily to the unmatched
 * ground truth of their class with the highest IoU, a match when IoU ≥ the foreground threshold t_f
 * (0.5). An unmatched detection overlapping a crowd region of its class by more than t_f (intersection
 * over its area) is ignored. Every other unmatched detection gets the first error that applies:
 * 1. `bkg` when the image has no (non-crowd) ground truth;
 * 2. `loc`: its best IoU with a ground truth of its class is in [t_b, t_f] (t_b = 0.1);
 * 3. `cls`: IoU ≥ t_f with a ground truth of another class;
 * 4. `dupe`: IoU ≥ t_f with an already matched ground truth of its class;
 * 5. `bkg`: IoU ≤ t_b with every ground truth;
 * 6. `both`: anything else (wrong class and poorly localised).
 * A ground truth left unmatched is `miss` unless a `cls` or `loc` error targets it.
 *
 * dAP of an error type = AP with only that type fixed − AP (TIDE's AP, see tide-ap.ts, clamped at 0):
 * `cls`/`loc` become a true positive (in the ground truth's class) when their ground truth is
 * unmatched, the highest-scoring such error per ground truth only (others, and those whose ground
 * truth is matched, are removed); `dupe`, `bkg`, `both` are removed; `miss` removes the ground truth.
 * Special errors: `false_positive` (every false positive scored below every true positive) and
 * `false_negative` (every unmatched ground truth removed), not clamped.
 *
 * Objects of a class the ground truth lacks (class index -1) are left out.
 *
 * Detections inside a crowd region are left out of the AP but still get an error type, as in TIDE
 * (so a `cls`/`loc` fix can turn one into a true positive).
 *
 * One difference with dbolya/tide: images are visited in id order (COCO's), not in the ground-truth
 * file's order. It matters only for detections of one class with equal scores on different images,
 * whose ranking (and so AP) can differ in the 6th digit.
 */
export type TideErrorType = 'cls' | 'loc' | 'both' | 'dupe' | 'bkg' | 'miss';

/** The error types in TIDE's order; `dtError`/`gtError` hold indices into it. */
export const TIDE_ERROR_TYPES: readonly TideErrorType[] = ['cls', 'loc', 'both', 'dupe', 'bkg', 'miss'];

export interface TideOptions {
  /** Foreground IoU threshold t_f (default 0.5). */
  posThreshold?: number;
  /** Background IoU threshold t_b (default 0.1). */
  bgThreshold?: number;
}

export interface TideResult {
  pos_threshold: number;
  bg_threshold: number;
  /** TIDE's mAP at the foreground threshold, in [0, 1]. */
  ap: number;
  /** AP gained by fixing each error type alone (≥ 0). */
  dap: Record<TideErrorType, number>;
  special: { false_positive: number; false_negative: number };
  counts: Record<TideErrorType, number>;
  /** Per detection object: index into TIDE_ERROR_TYPES, or -1 (true positive or not evaluated). */
  dtError: Int8Array;
  /** Per ground-truth object: the `miss` index, or -1. */
  gtError: Int8Array;
}

const CLS = 0;
const LOC = 1;
const BOTH = 2;
const DUPE = 3;
const BKG = 4;
const MISS = 5;

interface TideState {
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
function tideImage(s: TideState, g: number): void {
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
  const score = scenes.dtScore[det]!;
  const matched = s.matched[d]!;
  const ignored = s.ignored[d] === 1;
  if (!ignored) s.base.push(matched, det, -1, category, score, false);
  if (matched === 1) s.positives.push(0, det, -1, category, score, false);
  else {
    const type = classifyFalsePositive(s, g, d, real);
    recordError(s, det, ignored, type, s.errorGt);
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
 * Records an error (`det`, `gt`: the batch's numbers; -1 no ground truth); `cls`/`loc` errors claim
 * their ground truth (the highest score claims it first).
 */
function recordError(s: TideState, det: number, ignored: boolean, type: number, gt: number): void {
  const category = s.scenes.dtCategory[det]!;
  const score = s.scenes.dtScore[det]!;
  const runDet = s.dtOffset + det;
  const runGt = gt < 0 ? -1 : s.gtOffset + gt;
  s.errors.push(type, runDet, runGt, category, score, ignored);
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

/** The base mAP: every kept detection as a data point, in score order. */
function baseAp(s: TideState, data: OrderedPoints): number {
  const { base } = s;
  data.reset(s.gtCount);
  basePoints(base, scoreOrder(base.score, base.n), data);
  return data.meanAp();
}

function basePoints(base: GrowableColumns, order: Int32Array, data: OrderedPoints): void {
  for (let q = 0; q < order.length; q++) {
    const i = order[q]!;
    data.push(base.category[i]!, base.type[i] === 1);
  }
}

/** A true positive among the fix points (its `kind`; errors have their type). */
const POSITIVE = 6;

/**
 * The errors (in error order) then the true positives, put once in one score order (over errors then
 * positives), which gives every fix's points already sorted within each class. Per point: its kind
 * (error type, or POSITIVE), its class, whether it is left out of the AP as a false positive
 * (`ignored`), and the class it takes as a true positive when its error type is fixed (-1: it is
 * removed instead).
 */
interface FixPoints {
  n: number;
  kind: Int8Array;
  category: Int32Array;
  ignored: Uint8Array;
  fixedCategory: Int32Array;
}

function fixPoints(s: TideState): FixPoints {
  const { errors: e, positives: p } = s;
  const order = errorsThenPositivesOrder(e, p);
  const n = order.length;
  const out: FixPoints = {
    n,
    kind: new Int8Array(n),
    category: new Int32Array(n),
    ignored: new Uint8Array(n),
    fixedCategory: new Int32Array(n),
  };
  for (let at = 0; at < n; at++) {
    const q = order[at]!;
    if (q >= e.n) {
      out.kind[at] = POSITIVE;
      out.category[at] = p.category[q - e.n]!;
      continue;
    }
    const type = e.type[q]!;
    out.kind[at] = type;
    out.category[at] = e.category[q]!;
    out.ignored[at] = e.ignored[q]!;
    const gt = e.gt[q]!;
    // A cls/loc error becomes a true positive when its ground truth is unmatched and it is the
    // highest-scoring such error of it; others are removed.
    const claims = (type === CLS || type === LOC) && s.gtUsed[gt] === 0 && s.gtBestDet[gt] === e.det[q];
    out.fixedCategory[at] = claims ? (type === CLS ? s.gtCategory[gt]! : e.category[q]!) : -1;
  }
  return out;
}

/**
 * scoreOrder over the errors' scores then the positives' (position q ≥ e.n is positive q − e.n),
 * made as the merge of the two lists' own score orders (issue 12: the scores are not copied into one
 * array of both, and each sort's scratch is that of one list): descending, an error before a positive
 * of the same score, each list in its own order, which is the stable order of both. Non-finite
 * scores (no order of their own) take scoreOrder over a copy of both.
 */
function errorsThenPositivesOrder(e: GrowableColumns, p: GrowableColumns): Int32Array {
  if (!finiteScores(e) || !finiteScores(p)) {
    const scores = new Float64Array(e.n + p.n);
    scores.set(e.score.subarray(0, e.n));
    scores.set(p.score.subarray(0, p.n), e.n);
    return scoreOrder(scores, scores.length);
  }
  const errors = scoreOrder(e.score, e.n);
  const positives = scoreOrder(p.score, p.n);
  return mergeOrders(e.score, errors, p.score, positives);
}

function finiteScores(c: GrowableColumns): boolean {
  for (let i = 0; i < c.n; i++) if (!Number.isFinite(c.score[i]!)) return false;
  return true;
}

function mergeOrders(a: Float64Array, aOrder: Int32Array, b: Float64Array, bOrder: Int32Array): Int32Array {
  const na = aOrder.length;
  const nb = bOrder.length;
  const out = new Int32Array(na + nb);
  let i = 0;
  let j = 0;
  for (let at = 0; at < out.length; at++) {
    if (j >= nb || (i < na && !(b[bOrder[j]!]! > a[aOrder[i]!]!))) out[at] = aOrder[i++]!;
    else out[at] = na + bOrder[j++]!;
  }
  return out;
}

/** The points with every error of type `fix` fixed (-1: none); `miss` errors are never points. */
function fixedPoints(f: FixPoints, fix: number, data: OrderedPoints): void {
  const { kind, category, ignored, fixedCategory } = f;
  for (let at = 0; at < f.n; at++) {
    const k = kind[at]!;
    if (k === POSITIVE) data.push(category[at]!, true);
    else if (k === MISS) continue;
    else if (k !== fix) {
      if (ignored[at] === 0) data.push(category[at]!, false);
    } else if (fixedCategory[at]! >= 0) data.push(fixedCategory[at]!, true);
  }
}

/** Every false positive scored 0, every true positive 1: the true positives first, then the others. */
function falsePositiveFixPoints(s: TideState, data: OrderedPoints): void {
  const { errors: e, positives: p } = s;
  for (let j = 0; j < p.n; j++) data.push(p.category[j]!, true);
  for (let i = 0; i < e.n; i++)
    if (e.type[i] !== MISS && e.ignored[i] === 0) data.push(e.category[i]!, false);
}

/**
 * TIDE's mAP after fixing every error of one type (0..5), or the special errors: -1 false negatives
 * (every unmatched ground truth removed), -2 false positives.
 */
function fixedAp(s: TideState, fix: number, points: FixPoints, data: OrderedPoints): number {
  const gtCount = Float64Array.from(s.gtCount);
  data.reset(gtCount);
  if (fix === MISS) {
    const e = s.errors;
    for (let i = 0; i < e.n; i++) if (e.type[i] === MISS) gtCount[e.category[i]!]! -= 1;
  }
  if (fix === -1) for (let c = 0; c < gtCount.length; c++) gtCount[c]! -= s.falseNegatives[c]!;
  if (fix === -2) falsePositiveFixPoints(s, data);
  else fixedPoints(points, fix, data);
  return data.meanAp();
}

/** TIDE's error breakdown of detections against ground truth (see the file comment). */
export function tideErrors(scenes: DetectionScenes, options: TideOptions = {}): TideResult {
  const tide = new TideStream(scenes.categoryCount, scenes.gtCategory, scenes.dtCategory.length, options);
  tide.add(scenes);
  return tide.finish();
}

/**
 * TIDE over batches of whole images (issue 12: a project's images a batch at a time), batches in
 * image order: each batch's scenes are its own objects (numbered from 0), which are numbered over the
 * run from the offsets given to `add` (the batches' objects follow each other). The constructor's
 * `gtCategory` is the class of every ground-truth object of the run (read by `finish`; filled by the
 * caller as the batches come). Only a few numbers per object of the run are held (matched, error
 * type, the best cls/loc claim); the result equals tideErrors over all the images at once.
 */
export class TideStream {
  private readonly s: TideState;

  constructor(categoryCount: number, gtCategory: Int32Array, dtObjects: number, options: TideOptions = {}) {
    const gtObjects = gtCategory.length;
    this.s = {
      scenes: undefined as unknown as DetectionScenes,
      gtOffset: 0,
      dtOffset: 0,
      categoryCount,
      gtCategory,
      tf: options.posThreshold ?? 0.5,
      tb: options.bgThreshold ?? 0.1,
      // The base AP's points and the true positives are read as (type, class, score) only; a base
      // point per detection at most.
      base: new GrowableColumns(false, dtObjects),
      gtCount: new Float64Array(categoryCount),
      positives: new GrowableColumns(false),
      errors: new GrowableColumns(),
      falseNegatives: new Float64Array(categoryCount),
      gtUsed: new Uint8Array(gtObjects),
      gtBestDet: new Int32Array(gtObjects).fill(-1),
      gtUsable: new Uint8Array(0),
      gtBestScore: new Float64Array(0),
      dtError: new Int8Array(dtObjects).fill(-1),
      gtError: new Int8Array(gtObjects).fill(-1),
      matched: new Uint8Array(256),
      ignored: new Uint8Array(256),
      errorGt: -1,
    };
  }

  /** Per detection / ground-truth object of the run: its error type so far (-1: none). */
  get dtError(): Int8Array {
    return this.s.dtError;
  }
  get gtError(): Int8Array {
    return this.s.gtError;
  }

  /**
   * Matches and classifies the images of one batch; its objects are the run's from `gtOffset` and
   * `dtOffset` on.
   */
  add(scenes: DetectionScenes, gtOffset = 0, dtOffset = 0): void {
    const { s } = this;
    s.scenes = scenes;
    s.gtOffset = gtOffset;
    s.dtOffset = dtOffset;
    // The claims of this batch's ground truth (a claim comes from the same image): fresh per batch.
    const G = scenes.gtCategory.length;
    if (s.gtUsable.length < G) {
      const size = s.gtUsable.length === 0 ? G : Math.ceil(1.5 * G);
      s.gtUsable = new Uint8Array(size);
      s.gtBestScore = new Float64Array(size);
    }
    s.gtUsable.fill(0, 0, G);
    s.gtBestScore.fill(-1, 0, G);
    for (let g = 0; g < scenes.groupCount; g++) tideImage(s, g);
  }

  /** The APs of every fix, once every batch is added. */
  finish(): TideResult {
    const { s } = this;
    // One set of buffers and one score order of the errors and true positives serve every fix.
    const { errors, positives } = s;
    const data = new OrderedPoints(Math.max(s.base.n, errors.n + positives.n), s.categoryCount, s.gtCount);
    const ap = baseAp(s, data);
    // What each step no longer reads is let go before the next (issue 12: ~20 bytes a point at 1M images).
    s.base = new GrowableColumns(false);
    const points = fixPoints(s);
    errors.keepTypesOnly();
    positives.keepTypesOnly();
    const dap = {} as Record<TideErrorType, number>;
    const counts = {} as Record<TideErrorType, number>;
    const perType = new Float64Array(TIDE_ERROR_TYPES.length);
    for (let i = 0; i < errors.n; i++) perType[errors.type[i]!]! += 1;
    TIDE_ERROR_TYPES.forEach((name, type) => {
      dap[name] = Math.max(fixedAp(s, type, points, data) - ap, 0);
      counts[name] = perType[type]!;
    });
    const falsePositive = fixedAp(s, -2, points, data) - ap;
    const falseNegative = fixedAp(s, -1, points, data) - ap;
    return {
      pos_threshold: s.tf,
      bg_threshold: s.tb,
      ap,
      dap,
      special: { false_positive: falsePositive, false_negative: falseNegative },
      counts,
      dtError: s.dtError,
      gtError: s.gtError,
    };
  }
}
