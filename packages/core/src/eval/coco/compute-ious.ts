import { boxIou, rleIntersection } from '../../geometry/rle-iou.js';
import { pairwiseSum } from './pairwise-sum.js';
import type { CocoEvalParams, CocoObjects } from './types.js';

/** Where each group's detections and ground truth are (see CocoEvalImages). */
export interface GroupLayout {
  groupCount: number;
  dtStart: Int32Array;
  dtOrder: Int32Array;
  gtStart: Int32Array;
  gtOrder: Int32Array;
}

/** Start of each group's D × G block in the IoU array (a Float64Array: may pass 2^31 entries). */
export function iouOffsets(layout: GroupLayout): Float64Array {
  const out = new Float64Array(layout.groupCount + 1);
  for (let g = 0; g < layout.groupCount; g++) {
    const d = layout.dtStart[g + 1]! - layout.dtStart[g]!;
    const n = layout.gtStart[g + 1]! - layout.gtStart[g]!;
    out[g + 1] = out[g]! + d * n;
  }
  return out;
}

type PairIou = (d: number, g: number) => number;

/**
 * maskApi `rleIou`: a box test first; masks of different sizes that pass it get -1. Masks are made
 * here. The intersection is counted only over the columns both boxes span; the union is
 * area(d) + area(g) − intersection (area(d) against a crowd), the same integers as the C walk.
 */
function maskIou(gt: CocoObjects, dt: CocoObjects): PairIou {
  const gm = gt.masks!;
  const dm = dt.masks!;
  return (d, g) => {
    const crowd = gt.iscrowd[g] === 1;
    const db = dm.box(d);
    const gb = gm.box(g);
    const boxes = dm.boxes;
    if (!(boxIou(boxes, db, gm.boxes, gb, crowd) > 0)) return 0;
    const h = dm.heights[d]!;
    if (h !== gm.heights[g] || dm.widths[d] !== gm.widths[g]) return -1;
    const x0 = Math.max(boxes[db]!, gm.boxes[gb]!);
    const x1 = Math.min(boxes[db]! + boxes[db + 2]!, gm.boxes[gb]! + gm.boxes[gb + 2]!);
    const inter = rleIntersection(
      dm.counts,
      dm.start[d]!,
      dm.end[d]!,
      gm.counts,
      gm.start[g]!,
      gm.end[g]!,
      x0 * h,
      x1 * h,
    );
    if (inter === 0) return 0;
    return inter / (crowd ? dm.areas[d]! : dm.areas[d]! + gm.areas[g]! - inter);
  };
}

/** pycocotools `computeOks`: object keypoint similarity with the params' sigmas. */
function oks(gt: CocoObjects, dt: CocoObjects, sigmas: Float64Array): PairIou {
  const k = sigmas.length;
  const vars = sigmas.map((s) => s * 2 * (s * 2));
  const e = new Float64Array(k);
  const gk = gt.keypoints!;
  const dk = dt.keypoints!;
  const eps = 2.220446049250313e-16;
  return (d, g) => {
    const go = 3 * k * g;
    const dOff = 3 * k * d;
    let visible = 0;
    for (let j = 0; j < k; j++) if (gk[go + 3 * j + 2]! > 0) visible++;
    const [bx, by, bw, bh] = [
      gt.boxes[4 * g]!,
      gt.boxes[4 * g + 1]!,
      gt.boxes[4 * g + 2]!,
      gt.boxes[4 * g + 3]!,
    ];
    const x0 = bx - bw;
    const x1 = bx + bw * 2;
    const y0 = by - bh;
    const y1 = by + bh * 2;
    const area = gt.areas[g]! + eps;
    let n = 0;
    for (let j = 0; j < k; j++) {
      const xd = dk[dOff + 3 * j]!;
      const yd = dk[dOff + 3 * j + 1]!;
      let dx: number;
      let dy: number;
      if (visible > 0) {
        if (!(gk[go + 3 * j + 2]! > 0)) continue;
        dx = xd - gk[go + 3 * j]!;
        dy = yd - gk[go + 3 * j + 1]!;
      } else {
        dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
        dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
      }
      e[n++] = Math.exp(-((dx * dx + dy * dy) / vars[j]! / area / 2));
    }
    return pairwiseSum(e, 0, n) / n;
  };
}

/**
 * IoU (bbox, segm) or OKS (keypoints) of every group's detections × ground truth, rows = detections
 * in sorted order, columns = ground truth in visiting order, as pycocotools' `self.ious`.
 */
export function computeIous(
  layout: GroupLayout,
  gt: CocoObjects,
  dt: CocoObjects,
  params: CocoEvalParams,
  offsets: Float64Array,
  signal?: AbortSignal,
): Float64Array {
  const ious = new Float64Array(offsets[layout.groupCount]!);
  let pair: PairIou;
  if (params.iouType === 'segm') pair = maskIou(gt, dt);
  else if (params.iouType === 'keypoints') pair = oks(gt, dt, params.kptSigmas);
  else pair = (d, g) => boxIou(dt.boxes, 4 * d, gt.boxes, 4 * g, gt.iscrowd[g] === 1);
  for (let grp = 0; grp < layout.groupCount; grp++) {
    if ((grp & 4095) === 0) signal?.throwIfAborted();
    const d0 = layout.dtStart[grp]!;
    const d1 = layout.dtStart[grp + 1]!;
    const g0 = layout.gtStart[grp]!;
    const g1 = layout.gtStart[grp + 1]!;
    let at = offsets[grp]!;
    for (let d = d0; d < d1; d++) {
      const di = layout.dtOrder[d]!;
      for (let g = g0; g < g1; g++) ious[at++] = pair(di, layout.gtOrder[g]!);
    }
  }
  return ious;
}
