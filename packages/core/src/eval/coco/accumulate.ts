import type { CocoAccumulated, CocoEvalImages, CocoObjects } from './types.js';

const EPS = 2.220446049250313e-16;

/** Detections of one category's groups, in concatenation order: group and position in the group. */
interface CategoryDetections {
  group: Int32Array;
  pos: Int32Array;
  score: Float64Array;
}

function categoryDetections(ev: CocoEvalImages, dt: CocoObjects, g0: number, g1: number): CategoryDetections {
  const n = ev.dtStart[g1]! - ev.dtStart[g0]!;
  const out = { group: new Int32Array(n), pos: new Int32Array(n), score: new Float64Array(n) };
  let at = 0;
  for (let g = g0; g < g1; g++) {
    for (let d = ev.dtStart[g]!; d < ev.dtStart[g + 1]!; d++) {
      out.group[at] = g;
      out.pos[at] = d - ev.dtStart[g]!;
      out.score[at] = dt.scores[ev.dtOrder[d]!]!;
      at++;
    }
  }
  return out;
}

/** Stable order by score descending (NumPy `argsort(-scores, kind='mergesort')`). */
function scoreOrder(score: Float64Array): Int32Array {
  const order = Int32Array.from(score.keys());
  return order.sort((a, b) => score[b]! - score[a]! || a - b);
}

interface Scratch {
  rc: Float64Array;
  pr: Float64Array;
  sc: Float64Array;
}

/**
 * pycocotools `COCOeval.accumulate()`: per category, area range and maxDets, detections of all images
 * ranked by score; precision (with the interpolating envelope) and score at each recall threshold,
 * and the final recall; -1 where the category has no non-ignored ground truth.
 */
export function accumulate(ev: CocoEvalImages, dt: CocoObjects, gtIds: Float64Array): CocoAccumulated {
  const p = ev.params;
  const T = p.iouThrs.length;
  const R = p.recThrs.length;
  const K = ev.categoryCount;
  const A = p.areaRanges.length;
  const M = p.maxDets.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const scores = new Float64Array(T * R * K * A * M).fill(-1);
  const out: CocoAccumulated = { params: p, counts: [T, R, K, A, M], precision, recall, scores };
  let g0 = 0;
  let scratch: Scratch = { rc: new Float64Array(0), pr: new Float64Array(0), sc: new Float64Array(0) };
  for (let k = 0; k < K; k++) {
    let g1 = g0;
    while (g1 < ev.groupCount && (ev.groupCategory[g1] === k || !p.useCats)) g1++;
    if (g1 === g0) continue;
    const dets = categoryDetections(ev, dt, g0, g1);
    const order = scoreOrder(dets.score);
    if (scratch.rc.length < order.length) {
      scratch = {
        rc: new Float64Array(order.length),
        pr: new Float64Array(order.length),
        sc: new Float64Array(order.length),
      };
    }
    for (let m = 0; m < M; m++) {
      const maxDet = p.maxDets[m]!;
      const kept = order.filter((i) => dets.pos[i]! < maxDet);
      for (let a = 0; a < A; a++) {
        const npig = countNotIgnored(ev, a, g0, g1);
        if (npig === 0) continue;
        for (let t = 0; t < T; t++) {
          curve(ev, { k, a, m, t, npig }, kept, dets, gtIds, scratch, out);
        }
      }
    }
    g0 = g1;
  }
  return out;
}

function countNotIgnored(ev: CocoEvalImages, a: number, g0: number, g1: number): number {
  const ig = ev.perArea[a]!.gtIgnore;
  let n = 0;
  for (let j = ev.gtStart[g0]!; j < ev.gtStart[g1]!; j++) if (ig[j] === 0) n++;
  return n;
}

interface Cell {
  k: number;
  a: number;
  m: number;
  t: number;
  npig: number;
}

function curve(
  ev: CocoEvalImages,
  cell: Cell,
  kept: Int32Array,
  dets: CategoryDetections,
  gtIds: Float64Array,
  s: Scratch,
  out: CocoAccumulated,
): void {
  const { k, a, m, t, npig } = cell;
  const [T, R, K, A, M] = out.counts;
  const matches = ev.perArea[a]!;
  const nd = kept.length;
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < nd; i++) {
    const e = kept[i]!;
    const g = dets.group[e]!;
    const D = ev.dtStart[g + 1]! - ev.dtStart[g]!;
    const at = T * ev.dtStart[g]! + t * D + dets.pos[e]!;
    if (matches.dtIgnore[at] === 0) {
      const match = matches.dtMatches[at]!;
      if (match >= 0 && gtIds[match] !== 0) tp++;
      else fp++;
    }
    s.rc[i] = tp / npig;
    s.pr[i] = tp / (fp + tp + EPS);
    s.sc[i] = dets.score[e]!;
  }
  out.recall[((t * K + k) * A + a) * M + m] = nd > 0 ? s.rc[nd - 1]! : 0;
  for (let i = nd - 1; i > 0; i--) if (s.pr[i]! > s.pr[i - 1]!) s.pr[i - 1] = s.pr[i]!;
  let i = 0;
  for (let r = 0; r < R; r++) {
    const threshold = out.params.recThrs[r]!;
    while (i < nd && s.rc[i]! < threshold) i++;
    const at = (((t * R + r) * K + k) * A + a) * M + m;
    out.precision[at] = i < nd ? s.pr[i]! : 0;
    out.scores[at] = i < nd ? s.sc[i]! : 0;
  }
}
