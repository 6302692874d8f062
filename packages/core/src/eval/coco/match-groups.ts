import type { GroupLayout } from './compute-ious.js';
import type { CocoAreaMatches, CocoEvalParams, CocoObjects } from './types.js';

/** pycocotools' `_prepare` + `evaluateImg` ignore rule for one ground truth in one area range. */
function gtIgnored(gt: CocoObjects, i: number, lo: number, hi: number, keypoints: boolean): boolean {
  if (gt.iscrowd[i] === 1) return true;
  if (keypoints && gt.numKeypoints[i] === 0) return true;
  const area = gt.areas[i]!;
  return area < lo || area > hi;
}

interface MatchInput {
  layout: GroupLayout;
  gt: CocoObjects;
  dt: CocoObjects;
  params: CocoEvalParams;
  iouStart: Float64Array;
  ious: Float64Array;
}

/**
 * Greedy matching of one area range, pycocotools' `evaluateImg` for every group: detections in score
 * order take the best still-free ground truth with IoU ≥ min(t, 1 − 1e-10) (crowds stay free), a
 * non-ignored match is never traded for an ignored one, and unmatched detections outside the range are
 * ignored.
 */
export function matchArea(input: MatchInput, areaIndex: number): CocoAreaMatches {
  const { layout, gt, params } = input;
  const [lo, hi] = params.areaRanges[areaIndex]!;
  const keypoints = params.iouType === 'keypoints';
  const T = params.iouThrs.length;
  const nGt = layout.gtOrder.length;
  const nDt = layout.dtOrder.length;
  const out: CocoAreaMatches = {
    gtSorted: new Int32Array(nGt),
    gtIgnore: new Uint8Array(nGt),
    dtMatches: new Int32Array(T * nDt).fill(-1),
    dtIgnore: new Uint8Array(T * nDt),
    gtMatches: new Int32Array(T * nGt).fill(-1),
  };
  const column = new Int32Array(64);
  for (let grp = 0; grp < layout.groupCount; grp++) {
    const g0 = layout.gtStart[grp]!;
    const G = layout.gtStart[grp + 1]! - g0;
    const cols = G <= column.length ? column : new Int32Array(G);
    sortGtByIgnore(layout.gtOrder, g0, G, (i) => gtIgnored(gt, i, lo, hi, keypoints), out, cols);
    matchGroup(input, grp, cols, out, lo, hi);
  }
  return out;
}

/** Stable sort of a group's GT by ignore flag; `cols[j]` = visiting-order column of sorted GT j. */
function sortGtByIgnore(
  order: Int32Array,
  g0: number,
  G: number,
  ignored: (i: number) => boolean,
  out: CocoAreaMatches,
  cols: Int32Array,
): void {
  let at = g0;
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < G; j++) {
      const obj = order[g0 + j]!;
      const ig = ignored(obj);
      if (ig !== (pass === 1)) continue;
      out.gtSorted[at] = obj;
      out.gtIgnore[at] = ig ? 1 : 0;
      cols[at - g0] = j;
      at++;
    }
  }
}

function matchGroup(
  input: MatchInput,
  grp: number,
  cols: Int32Array,
  out: CocoAreaMatches,
  lo: number,
  hi: number,
): void {
  const { layout, gt, dt, params, iouStart, ious } = input;
  const T = params.iouThrs.length;
  const g0 = layout.gtStart[grp]!;
  const G = layout.gtStart[grp + 1]! - g0;
  const d0 = layout.dtStart[grp]!;
  const D = layout.dtStart[grp + 1]! - d0;
  const base = iouStart[grp]!;
  for (let t = 0; t < T; t++) {
    const dRow = T * d0 + t * D;
    const gRow = T * g0 + t * G;
    const threshold = Math.min(params.iouThrs[t]!, 1 - 1e-10);
    for (let d = 0; d < D && G > 0; d++) {
      let best = threshold;
      let m = -1;
      for (let j = 0; j < G; j++) {
        const gObj = out.gtSorted[g0 + j]!;
        if (out.gtMatches[gRow + j]! >= 0 && gt.iscrowd[gObj] !== 1) continue;
        if (m > -1 && out.gtIgnore[g0 + m] === 0 && out.gtIgnore[g0 + j] === 1) break;
        const iou = ious[base + d * G + cols[j]!]!;
        if (iou < best) continue;
        best = iou;
        m = j;
      }
      if (m === -1) continue;
      out.dtIgnore[dRow + d] = out.gtIgnore[g0 + m]!;
      out.dtMatches[dRow + d] = out.gtSorted[g0 + m]!;
      out.gtMatches[gRow + m] = layout.dtOrder[d0 + d]!;
    }
    // Unmatched detections outside the area range are ignored. A match to a GT with id 0 counts as
    // unmatched here and in accumulate: pycocotools stores the GT id and tests it for truth.
    for (let d = 0; d < D; d++) {
      const area = dt.areas[layout.dtOrder[d0 + d]!]!;
      const matched = out.dtMatches[dRow + d]!;
      if ((matched < 0 || gt.ids[matched] === 0) && (area < lo || area > hi)) out.dtIgnore[dRow + d] = 1;
    }
  }
}
