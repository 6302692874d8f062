import { scoreOrder } from './score-order.js';
import type { CocoAccumulated, CocoAreaMatches, CocoEvalImages, CocoObjects } from './types.js';

const EPS = 2.220446049250313e-16;

/**
 * Every evaluated detection (position p in `ev.dtOrder`) ranked within its category: the categories'
 * detections are contiguous in dtOrder, so the result holds each category's at the same positions,
 * by score descending, ties in dtOrder (concatenation) order. One ranking of all detections, then a
 * stable partition by category, gives the order a ranking per category gives; scores that are not all
 * finite are ranked per category (they have no total order, and the comparator's result depends on
 * the set sorted).
 */
function rankByCategory(ev: CocoEvalImages, dt: CocoObjects, useCats: boolean) {
  const n = ev.dtOrder.length;
  const score = new Float64Array(n);
  const groupOf = new Int32Array(n);
  // The start of each group's category in dtOrder.
  const categoryStart = new Int32Array(ev.groupCount);
  describe(ev, dt, useCats, score, groupOf, categoryStart);
  const byCategory = new Int32Array(n);
  if (finite(score)) {
    partition(scoreOrder(score, n), groupOf, categoryStart, byCategory);
  } else {
    for (let g0 = 0; g0 < ev.groupCount; ) {
      let g1 = g0 + 1;
      while (g1 < ev.groupCount && categoryStart[g1] === categoryStart[g0]) g1++;
      const from = ev.dtStart[g0]!;
      const order = scoreOrder(score.subarray(from, ev.dtStart[g1]!));
      for (let i = 0; i < order.length; i++) byCategory[from + i] = from + order[i]!;
      g0 = g1;
    }
  }
  return { score, groupOf, byCategory };
}

function describe(
  ev: CocoEvalImages,
  dt: CocoObjects,
  useCats: boolean,
  score: Float64Array,
  groupOf: Int32Array,
  categoryStart: Int32Array,
): void {
  for (let g = 0; g < ev.groupCount; g++) {
    const sameCategory = g > 0 && (!useCats || ev.groupCategory[g] === ev.groupCategory[g - 1]);
    categoryStart[g] = sameCategory ? categoryStart[g - 1]! : ev.dtStart[g]!;
    for (let d = ev.dtStart[g]!; d < ev.dtStart[g + 1]!; d++) {
      score[d] = dt.scores[ev.dtOrder[d]!]!;
      groupOf[d] = g;
    }
  }
}

function finite(score: Float64Array): boolean {
  for (let i = 0; i < score.length; i++) if (!Number.isFinite(score[i]!)) return false;
  return true;
}

/** Stable partition of `order` by category: each category's at its own start (a counting sort). */
function partition(
  order: Int32Array,
  groupOf: Int32Array,
  categoryStart: Int32Array,
  into: Int32Array,
): void {
  // One counter per category, kept at the slot of its first group.
  const firstGroup = new Int32Array(categoryStart.length);
  const next = new Int32Array(categoryStart.length);
  for (let g = 0; g < categoryStart.length; g++) {
    firstGroup[g] = g > 0 && categoryStart[g] === categoryStart[g - 1] ? firstGroup[g - 1]! : g;
    next[g] = categoryStart[g]!;
  }
  for (let i = 0; i < order.length; i++) {
    const p = order[i]!;
    into[next[firstGroup[groupOf[p]!]!]!++] = p;
  }
}

/**
 * One category's ranking: per ranked detection, its match-array offset, D, position in its group and
 * score; and per maxDets, the ranked indices it keeps (null: every one, as maxDets ≥ the largest D).
 */
interface Ranked {
  n: number;
  score: Float64Array;
  kept: (Int32Array | null)[];
  /** The rank of each of the category's detections, in group order. */
  rankOf: Int32Array;
}

/** The ranking of one category, whose detections are dtOrder[from .. from + ranked.length), ranked. */
function rank(
  ev: CocoEvalImages,
  all: { score: Float64Array; groupOf: Int32Array },
  ranked: Int32Array,
  from: number,
  maxDets: number[],
): Ranked {
  const n = ranked.length;
  const score = new Float64Array(n);
  const pos = new Int32Array(n);
  const rankOf = new Int32Array(n);
  let maxD = 0;
  for (let i = 0; i < n; i++) {
    const p = ranked[i]!;
    const g = all.groupOf[p]!;
    const D = ev.dtStart[g + 1]! - ev.dtStart[g]!;
    if (D > maxD) maxD = D;
    pos[i] = p - ev.dtStart[g]!;
    score[i] = all.score[p]!;
    rankOf[p - from] = i;
  }
  const kept = maxDets.map((maxDet) => (maxDet >= maxD ? null : keptIndices(pos, maxDet)));
  return { n, score, kept, rankOf };
}

/** Ranked indices whose position in their group is below maxDet, ascending. */
function keptIndices(pos: Int32Array, maxDet: number): Int32Array {
  let count = 0;
  for (let i = 0; i < pos.length; i++) if (pos[i]! < maxDet) count++;
  const out = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < pos.length; i++) if (pos[i]! < maxDet) out[at++] = i;
  return out;
}

export interface AccumulateOptions {
  /**
   * Precision and scores at the last maxDets only (NaN at the others; recall at every maxDets): all
   * that summarize, the per-class table and the PR curves read. Saves most of the curves' time.
   */
  lastMaxDetsCurves?: boolean;
}

/**
 * pycocotools `COCOeval.accumulate()`: per category, area range and maxDets, detections of all images
 * ranked by score; precision (with the interpolating envelope) and score at each recall threshold,
 * and the final recall; -1 where the category has no non-ignored ground truth.
 */
export function accumulate(
  ev: CocoEvalImages,
  dt: CocoObjects,
  gtIds: Float64Array,
  matchesOf: (areaIndex: number) => CocoAreaMatches = (a) => ev.perArea[a] ?? ev.matchArea(a),
  options: AccumulateOptions = {},
): CocoAccumulated {
  const p = ev.params;
  const T = p.iouThrs.length;
  const R = p.recThrs.length;
  const K = ev.categoryCount;
  const A = p.areaRanges.length;
  const M = p.maxDets.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const scores = new Float64Array(T * R * K * A * M).fill(-1);
  const recallOnly = options.lastMaxDetsCurves === true;
  const out: CocoAccumulated = { params: p, counts: [T, R, K, A, M], precision, recall, scores };
  // Each category's detections ranked once; then area by area, so one area's matches are held at a time.
  const categories: { k: number; g0: number; g1: number; ranked: Ranked }[] = [];
  const all = rankByCategory(ev, dt, p.useCats);
  let g0 = 0;
  let largest = 0;
  for (let k = 0; k < K; k++) {
    let g1 = g0;
    while (g1 < ev.groupCount && (ev.groupCategory[g1] === k || !p.useCats)) g1++;
    if (g1 === g0) continue;
    const from = ev.dtStart[g0]!;
    const ranked = rank(ev, all, all.byCategory.subarray(from, ev.dtStart[g1]!), from, p.maxDets);
    categories.push({ k, g0, g1, ranked });
    largest = Math.max(largest, ranked.n);
    g0 = g1;
  }
  const every = new Int32Array(largest);
  for (let i = 0; i < largest; i++) every[i] = i;
  const codes = new Uint8Array(T * largest);
  const tpAt = new Int32Array(largest + 1);
  const fpAt = new Int32Array(largest + 1);
  const tpPrecision = new Float64Array(largest + 1);
  const step = K * A * M;
  for (let a = 0; a < A; a++) {
    const matches = matchesOf(a);
    for (const { k, g0, g1, ranked } of categories) {
      const npig = countNotIgnored(ev, matches, g0, g1);
      if (npig === 0) continue;
      const { n, score } = ranked;
      outcomesOf(ev, g0, g1, ranked, matches, gtIds, T, codes);
      // A maxDets at least the category's largest D keeps every detection: one curve serves them all.
      let whole = -1;
      for (let m = 0; m < M; m++) {
        const kept = ranked.kept[m]!;
        const idx = kept ?? every;
        const count = kept === null ? n : kept.length;
        const partial = recallOnly && m < M - 1;
        for (let t = 0; t < T; t++) {
          const first = (t * R * K + k) * A * M + a * M + m;
          const at = ((t * K + k) * A + a) * M + m;
          if (partial) recall[at] = recallAt(codes, t * n, idx, count, npig, out, first, step, R);
          else if (kept === null && whole >= 0) copyCurve(out, first, step, whole - m, R, at);
          else
            recall[at] = curve(
              codes,
              t * n,
              idx,
              count,
              score,
              npig,
              p.recThrs,
              out,
              first,
              step,
              tpAt,
              fpAt,
              tpPrecision,
            );
        }
        if (kept === null && whole < 0 && !partial) whole = m;
      }
    }
  }
  return out;
}

function countNotIgnored(ev: CocoEvalImages, matches: CocoAreaMatches, g0: number, g1: number): number {
  const ig = matches.gtIgnore;
  let n = 0;
  for (let j = ev.gtStart[g0]!; j < ev.gtStart[g1]!; j++) if (ig[j] === 0) n++;
  return n;
}

/** Copies the curve of the maxDets `shift` positions away (same category, area, threshold). */
function copyCurve(
  out: CocoAccumulated,
  first: number,
  step: number,
  shift: number,
  R: number,
  at: number,
): void {
  out.recall[at] = out.recall[at + shift]!;
  for (let r = 0; r < R; r++) {
    const i = first + r * step;
    out.precision[i] = out.precision[i + shift]!;
    out.scores[i] = out.scores[i + shift]!;
  }
}

/** Outcome codes: bit 0 counts a true positive, bit 1 a false positive (curve adds them unbranched). */
const IGNORED = 0;
const TP = 1;
const FP = 2;

/**
 * The outcome of every ranked detection of the category's groups g0 .. g1 at every IoU threshold in
 * one area range, at `codes[t * n + rank]`: the match arrays are read in their own (group) order.
 */
function outcomesOf(
  ev: CocoEvalImages,
  g0: number,
  g1: number,
  ranked: Ranked,
  matches: CocoAreaMatches,
  gtIds: Float64Array,
  T: number,
  codes: Uint8Array,
): void {
  const { n, rankOf } = ranked;
  const { dtMatches, dtIgnore } = matches;
  const first = ev.dtStart[g0]!;
  for (let g = g0; g < g1; g++) {
    const d0 = ev.dtStart[g]!;
    const D = ev.dtStart[g + 1]! - d0;
    for (let t = 0; t < T; t++) {
      const row = T * d0 + t * D;
      const out = t * n;
      for (let d = 0; d < D; d++) {
        const at = row + d;
        const match = dtMatches[at]!;
        codes[out + rankOf[d0 - first + d]!] =
          dtIgnore[at] !== 0 ? IGNORED : match >= 0 && gtIds[match] !== 0 ? TP : FP;
      }
    }
  }
}

/** The final recall of a curve whose precision and scores are not wanted (NaN there). */
function recallAt(
  codes: Uint8Array,
  c0: number,
  idx: Int32Array,
  count: number,
  npig: number,
  out: CocoAccumulated,
  first: number,
  step: number,
  R: number,
): number {
  for (let r = 0; r < R; r++) {
    out.precision[first + r * step] = Number.NaN;
    out.scores[first + r * step] = Number.NaN;
  }
  let tp = 0;
  for (let q = 0; q < count; q++) tp += codes[c0 + idx[q]!]! & 1;
  return count === 0 ? 0 : tp / npig;
}

/**
 * One precision/recall curve (threshold t, whose codes start at c0; the ranked detections `idx[0 ..
 * count)` that maxDet keeps): writes the precision envelope and score at each recall threshold at
 * `first + r * step` and returns the final recall.
 *
 * Same numbers as pycocotools without its per-detection arrays: recall tp/npig only changes at a true
 * positive, so `searchsorted(rc, thr)` lands on the v-th true positive for the least v with
 * v/npig ≥ thr (on the first detection for v = 0); precision only falls between two true positives,
 * so the envelope max(pr[i:]) there is the max of the precisions at this and later true positives
 * (precision is 0 before the first).
 */
function curve(
  codes: Uint8Array,
  c0: number,
  idx: Int32Array,
  count: number,
  score: Float64Array,
  npig: number,
  recThrs: Float64Array,
  out: CocoAccumulated,
  first: number,
  step: number,
  tpAt: Int32Array,
  fpAt: Int32Array,
  tpPrecision: Float64Array,
): number {
  let tp = 0;
  let fp = 0;
  for (let q = 0; q < count; q++) {
    // Without branching on the outcome: slot tp is rewritten until a true positive keeps it.
    const i = idx[q]!;
    const code = codes[c0 + i]!;
    tpAt[tp] = i;
    fpAt[tp] = fp;
    tp += code & 1;
    fp += code >> 1;
  }
  for (let v = 1; v <= tp; v++) tpPrecision[v - 1] = v / (fpAt[v - 1]! + v + EPS);
  for (let v = tp - 1; v > 0; v--)
    if (tpPrecision[v]! > tpPrecision[v - 1]!) tpPrecision[v - 1] = tpPrecision[v]!;
  const { precision, scores } = out;
  let v = 0;
  for (let r = 0; r < recThrs.length; r++) {
    const threshold = recThrs[r]!;
    while (v <= tp && v / npig < threshold) v++;
    const at = first + r * step;
    if (count === 0 || v > tp) {
      precision[at] = 0;
      scores[at] = 0;
    } else if (v === 0) {
      precision[at] = tp > 0 ? tpPrecision[0]! : 0;
      scores[at] = score[idx[0]!]!;
    } else {
      precision[at] = tpPrecision[v - 1]!;
      scores[at] = score[tpAt[v - 1]!]!;
    }
  }
  return count === 0 ? 0 : tp / npig;
}
