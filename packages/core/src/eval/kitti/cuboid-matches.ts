import type { TideErrorType } from '../tide.js';
import { KITTI_CLASSES } from './evaluate-kitti.js';
import type { KittiObjects } from './kitti-objects.js';
import { type BevShapes, bevShapes, box3dOverlap } from './kitti-overlap.js';

/** IoU below which a detection overlaps nothing (TIDE's background threshold). */
const BACKGROUND_IOU = 0.1;

export interface CuboidMatchOptions {
  /** 3D IoU a match must reach for classes KITTI does not name (default 0.5); Car 0.7, Pedestrian and Cyclist 0.5. */
  iou?: number;
}

/** Outcome of every object: `tp`, `fp` (detections), `fn` (ground truth), with the matched object and error type. */
export interface CuboidMatches {
  dtOutcome: ('tp' | 'fp')[];
  /** Index of the matched ground-truth object (−1 when none), and the 3D IoU of the match (NaN). */
  dtMatch: Int32Array;
  dtIou: Float64Array;
  /** TIDE-style error of a false positive: cls, loc, dupe, bkg; null for a true positive. */
  dtError: (TideErrorType | null)[];
  gtOutcome: ('tp' | 'fn')[];
  gtMatch: Int32Array;
  gtIou: Float64Array;
}

/** The 3D IoU a match of `type` needs: KITTI's MIN_OVERLAP for its classes, else `fallback`. */
export function cuboidMatchThreshold(type: string, fallback: number): number {
  const spec = KITTI_CLASSES.find((c) => c.name.toLowerCase() === type.toLowerCase());
  return spec?.minOverlap['3d'] ?? fallback;
}

/**
 * Per-object matches of detections to ground truth by 3D IoU, frame by frame: detections by descending
 * score (then in order) each take the unmatched ground-truth object of their class (compared
 * case-insensitively) with the highest IoU at or above the class's threshold. This is the matching a
 * person checks one object at a time, not the devkit's (which matches once per difficulty and ignores
 * objects outside it); the APs come from evaluateKitti. A false positive's error: `dupe` when its best
 * same-class overlap above the threshold was already taken, `cls` when it overlaps an object of another
 * class that much, `loc` when it overlaps one of its class by at least 0.1, else `bkg`; a missed object is `miss`
 * (on the ground-truth side, not stored here).
 */
export function cuboidMatches(
  gt: KittiObjects,
  dt: KittiObjects,
  options: CuboidMatchOptions = {},
): CuboidMatches {
  const fallback = options.iou ?? 0.5;
  const out: CuboidMatches = {
    dtOutcome: new Array(dt.count).fill('fp'),
    dtMatch: new Int32Array(dt.count).fill(-1),
    dtIou: new Float64Array(dt.count).fill(Number.NaN),
    dtError: new Array(dt.count).fill(null),
    gtOutcome: new Array(gt.count).fill('fn'),
    gtMatch: new Int32Array(gt.count).fill(-1),
    gtIou: new Float64Array(gt.count).fill(Number.NaN),
  };
  const gs = bevShapes(gt);
  const ds = bevShapes(dt);
  for (let f = 0; f < gt.frameCount; f++) matchFrame(gt, gs, dt, ds, f, fallback, out);
  return out;
}

function matchFrame(
  gt: KittiObjects,
  gs: BevShapes,
  dt: KittiObjects,
  ds: BevShapes,
  f: number,
  fallback: number,
  out: CuboidMatches,
): void {
  const g0 = gt.frameStart[f]!;
  const g1 = gt.frameStart[f + 1]!;
  const order: number[] = [];
  for (let d = dt.frameStart[f]!; d < dt.frameStart[f + 1]!; d++) order.push(d);
  order.sort((a, b) => (dt.score[b] ?? 0) - (dt.score[a] ?? 0) || a - b);
  for (const d of order) {
    const type = dt.type[d]!.toLowerCase();
    const threshold = cuboidMatchThreshold(type, fallback);
    let best = -1;
    let bestIou = -1;
    let taken = 0;
    let same = 0;
    let other = 0;
    for (let g = g0; g < g1; g++) {
      const iou = box3dOverlap(dt, ds, d, gt, gs, g, -1);
      if (gt.type[g]!.toLowerCase() !== type) {
        other = Math.max(other, iou);
        continue;
      }
      same = Math.max(same, iou);
      if (iou < threshold) continue;
      if (out.gtMatch[g] !== -1) taken = Math.max(taken, iou);
      else if (iou > bestIou) {
        best = g;
        bestIou = iou;
      }
    }
    if (best >= 0) {
      out.dtOutcome[d] = 'tp';
      out.dtMatch[d] = best;
      out.dtIou[d] = bestIou;
      out.gtOutcome[best] = 'tp';
      out.gtMatch[best] = d;
      out.gtIou[best] = bestIou;
      continue;
    }
    out.dtError[d] = taken > 0 ? 'dupe' : other >= threshold ? 'cls' : same >= BACKGROUND_IOU ? 'loc' : 'bkg';
  }
}
