import type { KittiFrameTable } from './kitti-frame-table.js';
import type { KittiObjects } from './kitti-objects.js';

/** TP/FP/FN of one frame at one score threshold, and the matched scores (devkit's tPrData). */
export interface KittiFrameStats {
  tp: number;
  fp: number;
  fn: number;
  /** Sum of orientation similarities ((1 + cos Δalpha) / 2 per TP, 0 per FP); -1 with neither. */
  similarity: number;
  /** Scores of the true positives (the recall pass). */
  scores: number[];
}

export interface KittiFrameStatsOptions {
  /** Per table row: 0 evaluated, 1 ignored (neighbour class, or beyond the difficulty). */
  ignoredGt: Int8Array;
  /** Per table column: 0 evaluated, 1 ignored (too low), -1 another class. */
  ignoredDet: Int8Array;
  minOverlap: number;
  /** false: the recall pass (best-scored candidate, no FP); true: the precision pass at `threshold`. */
  computeFp: boolean;
  computeAos: boolean;
  threshold: number;
  /** Scratch space of at least the table's detection count, reused between calls (allocated when absent). */
  scratch?: Uint8Array;
}

const NO_DETECTION = -10000000;

/**
 * The devkit's computeStatistics for one frame, step for step: each ground truth in file order takes,
 * among the detections not yet assigned, the best-scored one above the overlap (recall pass) or the
 * most-overlapping evaluated one, else an ignored one (precision pass). Matches to ignored ground truth
 * or by ignored detections count neither way; unassigned evaluated detections are FPs, less those that
 * cover a DontCare area by more than the overlap (of their own area).
 */
export function kittiFrameStatistics(
  table: KittiFrameTable,
  gt: KittiObjects,
  dt: KittiObjects,
  options: KittiFrameStatsOptions,
): KittiFrameStats {
  const { ignoredGt, ignoredDet, minOverlap, computeFp, computeAos, threshold } = options;
  const nd = table.det.length;
  const scratch =
    options.scratch && options.scratch.length >= 2 * nd ? options.scratch : new Uint8Array(2 * nd);
  // scratch[c]: detection c assigned; scratch[nd + c]: its score is below the threshold.
  scratch.fill(0, 0, 2 * nd);
  const assigned = scratch;
  const below = nd;
  if (computeFp)
    for (let c = 0; c < nd; c++)
      assigned[below + c] = (dt.score[table.det[c] as number] as number) < threshold ? 1 : 0;
  const stat: KittiFrameStats = { tp: 0, fp: 0, fn: 0, similarity: 0, scores: [] };
  const delta: number[] = [];
  for (let r = 0; r < table.gt.length; r++) {
    let detIdx = -1;
    let valid = NO_DETECTION;
    let maxOverlap = 0;
    let assignedIgnored = false;
    for (let c = 0; c < nd; c++) {
      if (ignoredDet[c] === -1 || assigned[c] || assigned[below + c]) continue;
      const o = table.ov[r * nd + c] as number;
      const score = dt.score[table.det[c] as number] as number;
      if (!computeFp && o > minOverlap && score > valid) {
        detIdx = c;
        valid = score;
      } else if (computeFp && o > minOverlap && (o > maxOverlap || assignedIgnored) && ignoredDet[c] === 0) {
        maxOverlap = o;
        detIdx = c;
        valid = 1;
        assignedIgnored = false;
      } else if (computeFp && o > minOverlap && valid === NO_DETECTION && ignoredDet[c] === 1) {
        detIdx = c;
        valid = 1;
        assignedIgnored = true;
      }
    }
    if (valid === NO_DETECTION && ignoredGt[r] === 0) stat.fn++;
    else if (valid !== NO_DETECTION && (ignoredGt[r] === 1 || ignoredDet[detIdx] === 1)) assigned[detIdx] = 1;
    else if (valid !== NO_DETECTION) {
      const d = table.det[detIdx] as number;
      stat.tp++;
      stat.scores.push(dt.score[d] as number);
      if (computeAos) delta.push((gt.alpha[table.gt[r] as number] as number) - (dt.alpha[d] as number));
      assigned[detIdx] = 1;
    }
  }
  if (!computeFp) return stat;
  for (let c = 0; c < nd; c++) if (!(assigned[c] || ignoredDet[c] !== 0 || assigned[below + c])) stat.fp++;
  let nStuff = 0;
  for (let r = 0; r < table.dc.length; r++) {
    for (let c = 0; c < nd; c++) {
      if (assigned[c] || ignoredDet[c] !== 0 || assigned[below + c]) continue;
      if ((table.dcOv[r * nd + c] as number) > minOverlap) {
        assigned[c] = 1;
        nStuff++;
      }
    }
  }
  stat.fp -= nStuff;
  if (computeAos) {
    // std::accumulate over fp zeros then the TPs' similarities, in that order.
    let sum = 0;
    for (const d of delta) sum += (1 + Math.cos(d)) / 2;
    stat.similarity = stat.tp > 0 || stat.fp > 0 ? sum : -1;
  }
  return stat;
}
