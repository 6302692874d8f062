import { scoreOrder } from './coco/score-order.js';
import type { DetectionScenes } from './detection-scenes.js';
import { rankOrder, type ScoreRanks } from './score-ranks.js';
import { MISS, type TideState, tideImage } from './tide-image.js';
import { fillFixPoints, GrowableColumns, OrderedPoints, POSITIVE } from './tide-points.js';
import { tideImagesWasm } from './wasm/wasm-tide-image.js';

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
  /**
   * The detections' score ranks (score-ranks.ts, by run number), when the caller has ranked every
   * detection: the points are then put in score order by counting instead of ranking their scores again.
   */
  ranks?: ScoreRanks;
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

/** The base mAP: every kept detection as a data point, in score order. */
function baseAp(s: TideState, data: OrderedPoints): number {
  const { base, ranks } = s;
  data.reset(s.gtCount);
  const order =
    ranks === undefined
      ? scoreOrder(base.score, base.n)
      : rankOrder([{ key: base.score, n: base.n }], ranks.count);
  basePoints(base, order, data);
  return data.meanAp();
}

function basePoints(base: GrowableColumns, order: Int32Array, data: OrderedPoints): void {
  for (let q = 0; q < order.length; q++) {
    const i = order[q]!;
    data.push(base.category[i]!, base.type[i] === 1);
  }
}

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

function fixPoints(s: TideState, data: OrderedPoints): FixPoints {
  const { errors: e, positives: p, ranks } = s;
  const order =
    ranks === undefined
      ? errorsThenPositivesOrder(e, p)
      : rankOrder(
          [
            { key: e.score, n: e.n },
            { key: p.score, n: p.n },
          ],
          ranks.count,
        );
  const n = order.length;
  const out: FixPoints = { n, ...data.fixArrays(n) };
  // By tide-ap.wat where the points' kernel has room (in its memory), else by tide-points.ts's loop.
  const input = {
    order,
    errors: e,
    positives: p,
    gtUsed: s.gtUsed,
    gtBestDet: s.gtBestDet,
    gtCategory: s.gtCategory,
  };
  if (!data.makeFixPoints(input)) fillFixPoints(input, out);
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

/**
 * The points with every error of type `fix` fixed (-1: none); `miss` errors are never points. By the
 * kernel of `data` where it has one (tide-ap.wat fixedPoints: these loops).
 */
function fixedPoints(f: FixPoints, fix: number, data: OrderedPoints): void {
  if (fix === -2) {
    falsePositivePoints(f, data);
    return;
  }
  if (data.pushFixed(f.n, fix)) return;
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

/**
 * Every false positive scored 0, every true positive 1: the true positives first, then the others (the
 * order within each part changes no class's AP: every precision of the true positives is 1).
 */
function falsePositivePoints(f: FixPoints, data: OrderedPoints): void {
  if (data.pushFixed(f.n, -2)) return;
  const { kind, category, ignored } = f;
  for (let at = 0; at < f.n; at++) if (kind[at] === POSITIVE) data.push(category[at]!, true);
  for (let at = 0; at < f.n; at++)
    if (kind[at] !== POSITIVE && kind[at] !== MISS && ignored[at] === 0) data.push(category[at]!, false);
}

/**
 * TIDE's mAP after fixing every error of one type (0..5), or the special errors: -1 false negatives
 * (every unmatched ground truth removed), -2 false positives (fixedPoints for each).
 */
function fixedAp(s: TideState, fix: number, points: FixPoints, data: OrderedPoints): number {
  const gtCount = Float64Array.from(s.gtCount);
  data.reset(gtCount);
  if (fix === MISS) {
    const e = s.errors;
    for (let i = 0; i < e.n; i++) if (e.type[i] === MISS) gtCount[e.category[i]!]! -= 1;
  }
  if (fix === -1) for (let c = 0; c < gtCount.length; c++) gtCount[c]! -= s.falseNegatives[c]!;
  fixedPoints(points, fix, data);
  return data.meanAp();
}

/** TIDE's error breakdown of detections against ground truth (see the file comment). */
export function tideErrors(scenes: DetectionScenes, options: TideOptions = {}): TideResult {
  const tide = new TideStream(scenes.categoryCount, scenes.gtCategory, scenes.dtCategory.length, options);
  if (!tide.addAll(scenes)) tide.add(scenes);
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
  /** Gives back tide-image.wat's memory, whose views `addAll` adopted (once `finish` has read them). */
  private releaseKernel: (() => void) | undefined;

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
      ranks: options.ranks,
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

  /**
   * Every image at once by tide-image.wat (the run's only batch, before any `add`), or false when the
   * kernel does not take them (kernels off, too large): `add` then.
   */
  addAll(scenes: DetectionScenes): boolean {
    const { s } = this;
    const r = tideImagesWasm(scenes, s.ranks?.rank, s.tf, s.tb);
    if (r === undefined) return false;
    s.scenes = scenes;
    s.base.adopt(r.base.n, r.base);
    s.positives.adopt(r.positives.n, r.positives);
    s.errors.adopt(r.errors.n, r.errors);
    s.gtCount = r.gtCount;
    s.falseNegatives = r.falseNegatives;
    s.gtUsed = r.gtUsed;
    s.gtBestDet = r.gtBestDet;
    s.dtError = r.dtError;
    s.gtError = r.gtError;
    this.releaseKernel = r.release;
    return true;
  }

  /** The APs of every fix, once every batch is added. */
  finish(): TideResult {
    const { s } = this;
    // One set of buffers and one score order of the errors and true positives serve every fix.
    const { errors, positives } = s;
    const capacity = Math.max(s.base.n, errors.n + positives.n);
    const data = new OrderedPoints(capacity, s.categoryCount, s.gtCount, s.gtCategory.length);
    const ap = baseAp(s, data);
    // What each step no longer reads is let go before the next (issue 12: ~20 bytes a point at 1M images).
    s.base = new GrowableColumns(false);
    const points = fixPoints(s, data);
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
    if (this.releaseKernel) {
      // Everything is read but the error types: copied out, the kernel's memory goes back to the pool.
      s.dtError = s.dtError.slice();
      s.gtError = s.gtError.slice();
      this.releaseKernel();
      this.releaseKernel = undefined;
    }
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
