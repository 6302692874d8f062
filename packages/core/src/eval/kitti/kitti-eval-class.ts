import { kittiFrameStatistics } from './kitti-frame-statistics.js';
import type { KittiFrameTable } from './kitti-frame-table.js';
import type { KittiObjects } from './kitti-objects.js';

/**
 * One class, one metric, one difficulty, as the devkit's eval_class (KITTI object devkit,
 * cpp/evaluate_object.cpp, the 2019 version with 41 recall samples).
 */

export type KittiDifficulty = 0 | 1 | 2;
export const KITTI_DIFFICULTIES = ['easy', 'moderate', 'hard'] as const;

/** Devkit parameters per difficulty: minimum 2D height (px), maximum occlusion and truncation. */
export const KITTI_MIN_HEIGHT = [40, 25, 25] as const;
export const KITTI_MAX_OCCLUSION = [0, 1, 2] as const;
export const KITTI_MAX_TRUNCATION = [0.15, 0.3, 0.5] as const;

/** Recall samples of the precision curve (N_SAMPLE_PTS): recall 0, 1/40, ..., 1. */
export const KITTI_SAMPLE_POINTS = 41;

export interface KittiCurve {
  /** Interpolated precision at the 41 recall samples (max over this and higher recalls; 0 beyond reach). */
  precision: Float64Array;
  /** Orientation similarity at the same samples, or null when not computed. */
  aos: Float64Array | null;
  /** Ground truth counted (the recall denominator). */
  gtCount: number;
  /** Score thresholds evaluated (one per reached recall sample). */
  thresholds: Float64Array;
}

/**
 * The scores at which recall passes each of the 40 steps (getThresholds): scores sorted descending, a
 * score kept when its recall is the closest to the current step, the step then advanced by 1/40.
 */
export function kittiThresholds(scores: readonly number[], gtCount: number): Float64Array {
  const v = [...scores].sort((a, b) => b - a);
  const t: number[] = [];
  let current = 0;
  for (let i = 0; i < v.length; i++) {
    const lRecall = (i + 1) / gtCount;
    const rRecall = i < v.length - 1 ? (i + 2) / gtCount : lRecall;
    if (rRecall - current < current - lRecall && i < v.length - 1) continue;
    t.push(v[i] as number);
    current += 1.0 / (KITTI_SAMPLE_POINTS - 1.0);
  }
  return Float64Array.from(t);
}

/** Per table row: 0 when counted, 1 when ignored (neighbour class, or too occluded/truncated/small). */
function ignoredGtOf(table: KittiFrameTable, gt: KittiObjects, d: KittiDifficulty): Int8Array {
  const out = new Int8Array(table.gt.length);
  for (let r = 0; r < table.gt.length; r++) {
    const g = table.gt[r] as number;
    const height = (gt.y2[g] as number) - (gt.y1[g] as number);
    const ignore =
      (gt.occlusion[g] as number) > KITTI_MAX_OCCLUSION[d] ||
      (gt.truncation[g] as number) > KITTI_MAX_TRUNCATION[d] ||
      height <= KITTI_MIN_HEIGHT[d];
    out[r] = table.neighbour[r] === 0 && !ignore ? 0 : 1;
  }
  return out;
}

/** Per table column: 1 when lower than the difficulty's minimum height, else 0 of the class, -1 not. */
function ignoredDetOf(table: KittiFrameTable, d: KittiDifficulty): Int8Array {
  const out = new Int8Array(table.det.length);
  for (let c = 0; c < table.det.length; c++) {
    if ((table.detHeight[c] as number) < KITTI_MIN_HEIGHT[d]) out[c] = 1;
    else out[c] = table.detOfClass[c] === 1 ? 0 : -1;
  }
  return out;
}

export interface KittiEvalClassOptions {
  difficulty: KittiDifficulty;
  minOverlap: number;
  computeAos: boolean;
}

/** Precision (and AOS) at the 41 recall samples over all frames' tables. */
export function kittiEvalClass(
  tables: readonly KittiFrameTable[],
  gt: KittiObjects,
  dt: KittiObjects,
  options: KittiEvalClassOptions,
): KittiCurve {
  const { difficulty, minOverlap, computeAos } = options;
  const ignored = tables.map((table) => ({
    ignoredGt: ignoredGtOf(table, gt, difficulty),
    ignoredDet: ignoredDetOf(table, difficulty),
  }));
  let gtCount = 0;
  for (const { ignoredGt } of ignored) for (const v of ignoredGt) if (v === 0) gtCount++;
  let most = 0;
  for (const table of tables) most = Math.max(most, table.det.length);
  const scratch = new Uint8Array(2 * most);
  const scores: number[] = [];
  tables.forEach((table, f) => {
    const base = { ...(ignored[f] as (typeof ignored)[number]), minOverlap, computeAos: false, threshold: 0 };
    const stats = kittiFrameStatistics(table, gt, dt, { ...base, computeFp: false, scratch });
    for (const s of stats.scores) scores.push(s);
  });
  const thresholds = kittiThresholds(scores, gtCount);
  const n = thresholds.length;
  const tp = new Float64Array(n);
  const fp = new Float64Array(n);
  const similarity = new Float64Array(n);
  tables.forEach((table, f) => {
    // A frame with neither object of the class nor detection adds nothing (its similarity is -1).
    if (table.gt.length === 0 && table.det.length === 0) return;
    const run = {
      ...(ignored[f] as (typeof ignored)[number]),
      minOverlap,
      computeAos,
      computeFp: true,
      threshold: 0,
      scratch,
    };
    // The statistics depend on the threshold only through which detections reach it: recomputed only
    // when that set changes (thresholds descend, so the count of detections reaching it names the set).
    let reached = -1;
    let s = { tp: 0, fp: 0, fn: 0, similarity: -1, scores: [] as number[] };
    for (let t = 0; t < n; t++) {
      const threshold = thresholds[t] as number;
      let count = 0;
      for (const d of table.det) if ((dt.score[d] as number) >= threshold) count++;
      if (count !== reached) {
        run.threshold = threshold;
        s = kittiFrameStatistics(table, gt, dt, run);
        reached = count;
      }
      tp[t] = (tp[t] as number) + s.tp;
      fp[t] = (fp[t] as number) + s.fp;
      if (s.similarity !== -1) similarity[t] = (similarity[t] as number) + s.similarity;
    }
  });
  const size = Math.max(KITTI_SAMPLE_POINTS, n);
  const precision = new Float64Array(size);
  const aos = computeAos ? new Float64Array(size) : null;
  for (let i = 0; i < n; i++) {
    precision[i] = (tp[i] as number) / ((tp[i] as number) + (fp[i] as number));
    if (aos) aos[i] = (similarity[i] as number) / ((tp[i] as number) + (fp[i] as number));
  }
  for (let i = 0; i < n; i++) {
    precision[i] = maxFrom(precision, i);
    if (aos) aos[i] = maxFrom(aos, i);
  }
  return {
    precision: precision.subarray(0, KITTI_SAMPLE_POINTS),
    aos: aos ? aos.subarray(0, KITTI_SAMPLE_POINTS) : null,
    gtCount,
    thresholds,
  };
}

/** std::max_element over a[i..end]; NaN compares false, as in C++ (the first stays unless a later one is greater). */
function maxFrom(a: Float64Array, i: number): number {
  let best = a[i] as number;
  for (let k = i + 1; k < a.length; k++) if ((a[k] as number) > best) best = a[k] as number;
  return best;
}

/** AP over the 40 recall points 1/40 .. 1 (R40, the KITTI benchmark since 2019). */
export function kittiApR40(curve: Float64Array): number {
  let sum = 0;
  for (let i = 1; i < KITTI_SAMPLE_POINTS; i++) sum += curve[i] as number;
  return sum / 40;
}

/** AP over the 11 recall points 0, 0.1, ..., 1 (R11, the benchmark before 2019). */
export function kittiApR11(curve: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < KITTI_SAMPLE_POINTS; i += 4) sum += curve[i] as number;
  return sum / 11;
}
