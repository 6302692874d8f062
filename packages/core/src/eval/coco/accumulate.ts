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

/** One (category, maxDets) ranking: per ranked detection, its match-array offset, D and score. */
interface Ranked {
  n: number;
  base: Int32Array;
  stride: Int32Array;
  score: Float64Array;
}

function rank(
  ev: CocoEvalImages,
  dets: CategoryDetections,
  order: Int32Array,
  maxDet: number,
  T: number,
  into: Ranked,
): void {
  let n = 0;
  for (let i = 0; i < order.length; i++) {
    const e = order[i]!;
    const pos = dets.pos[e]!;
    if (pos >= maxDet) continue;
    const g = dets.group[e]!;
    into.base[n] = T * ev.dtStart[g]! + pos;
    into.stride[n] = ev.dtStart[g + 1]! - ev.dtStart[g]!;
    into.score[n] = dets.score[e]!;
    n++;
  }
  into.n = n;
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
  let ranked: Ranked = {
    n: 0,
    base: new Int32Array(0),
    stride: new Int32Array(0),
    score: new Float64Array(0),
  };
  let rc = new Float64Array(0);
  let pr = new Float64Array(0);
  for (let k = 0; k < K; k++) {
    let g1 = g0;
    while (g1 < ev.groupCount && (ev.groupCategory[g1] === k || !p.useCats)) g1++;
    if (g1 === g0) continue;
    const dets = categoryDetections(ev, dt, g0, g1);
    const order = scoreOrder(dets.score);
    if (ranked.base.length < order.length) {
      const n = order.length;
      ranked = { n: 0, base: new Int32Array(n), stride: new Int32Array(n), score: new Float64Array(n) };
      rc = new Float64Array(n);
      pr = new Float64Array(n);
    }
    for (let m = 0; m < M; m++) {
      rank(ev, dets, order, p.maxDets[m]!, T, ranked);
      for (let a = 0; a < A; a++) {
        const npig = countNotIgnored(ev, a, g0, g1);
        if (npig === 0) continue;
        const matches = ev.perArea[a]!;
        for (let t = 0; t < T; t++) {
          const n = ranked.n;
          curve(ranked, matches.dtMatches, matches.dtIgnore, gtIds, t, npig, rc, pr);
          recall[((t * K + k) * A + a) * M + m] = n > 0 ? rc[n - 1]! : 0;
          sample(
            rc,
            pr,
            ranked,
            p.recThrs,
            precision,
            scores,
            (t * R * K + k) * A * M + a * M + m,
            K * A * M,
          );
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

/** Cumulative recall and precision (with its envelope) down the ranking, at IoU threshold t. */
function curve(
  ranked: Ranked,
  dtMatches: Int32Array,
  dtIgnore: Uint8Array,
  gtIds: Float64Array,
  t: number,
  npig: number,
  rc: Float64Array,
  pr: Float64Array,
): void {
  const { n, base, stride } = ranked;
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    const at = base[i]! + t * stride[i]!;
    if (dtIgnore[at] === 0) {
      const match = dtMatches[at]!;
      if (match >= 0 && gtIds[match] !== 0) tp++;
      else fp++;
    }
    rc[i] = tp / npig;
    pr[i] = tp / (fp + tp + EPS);
  }
  for (let i = n - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
}

/** Precision and score at each recall threshold (NumPy `searchsorted(rc, recThrs, 'left')`); 0 past the end. */
function sample(
  rc: Float64Array,
  pr: Float64Array,
  ranked: Ranked,
  recThrs: Float64Array,
  precision: Float64Array,
  scores: Float64Array,
  first: number,
  step: number,
): void {
  const n = ranked.n;
  let i = 0;
  for (let r = 0; r < recThrs.length; r++) {
    const threshold = recThrs[r]!;
    while (i < n && rc[i]! < threshold) i++;
    const at = first + r * step;
    precision[at] = i < n ? pr[i]! : 0;
    scores[at] = i < n ? ranked.score[i]! : 0;
  }
}
