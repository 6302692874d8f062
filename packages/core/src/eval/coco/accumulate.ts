import {
  categoryCurves,
  curveBuffers,
  FP,
  IGNORED,
  keptIndices,
  type RankedDetections,
  TP,
} from './curve.js';
import { scoreOrder } from './score-order.js';
import type { CocoAccumulated, CocoAreaMatches, CocoEvalImages, CocoObjects } from './types.js';
import { WasmCurves } from './wasm/wasm-curves.js';
import { rankByCategoryWasm } from './wasm/wasm-rank-categories.js';

/**
 * Every evaluated detection (position p in `ev.dtOrder`) ranked within its category: the categories'
 * detections are contiguous in dtOrder, so the result holds each category's at the same positions,
 * by score descending, ties in dtOrder (concatenation) order. One ranking of all detections, then a
 * stable partition by category, gives the order a ranking per category gives; scores that are not all
 * finite are ranked per category (they have no total order, and the comparator's result depends on
 * the set sorted).
 */
export function rankByCategory(ev: CocoEvalImages, dt: CocoObjects, useCats: boolean) {
  // As rank-categories.wat when it takes the arrays (no JIT warm-up in a one-shot process), else below.
  const ranked = ev.scoreOrder && rankByCategoryWasm(ev, ev.scoreOrder, dt, useCats);
  if (ranked) return ranked;
  const n = ev.dtOrder.length;
  const score = new Float64Array(n);
  const groupOf = new Int32Array(n);
  // The start of each group's category in dtOrder.
  const categoryStart = new Int32Array(ev.groupCount);
  describe(ev, dt, useCats, score, groupOf, categoryStart);
  const byCategory = new Int32Array(n);
  if (finite(score)) {
    const order =
      ev.scoreOrder === undefined ? scoreOrder(score, n) : rankFrom(ev.scoreOrder, ev, score, dt.count);
    partition(order, groupOf, categoryStart, byCategory);
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

/**
 * scoreOrder(score) from the evaluation's ranking of every detection object (`ranked`, object indices
 * by score descending, ties in object order): the evaluated positions in that order, then each run of
 * equal scores put in position order (scoreOrder's ties), which is most often a run of one.
 */
function rankFrom(ranked: Int32Array, ev: CocoEvalImages, score: Float64Array, objects: number): Int32Array {
  const positionOf = new Int32Array(objects).fill(-1);
  const dtOrder = ev.dtOrder;
  for (let p = 0; p < dtOrder.length; p++) positionOf[dtOrder[p]!] = p;
  const order = new Int32Array(dtOrder.length);
  let n = 0;
  for (let q = 0; q < ranked.length; q++) {
    const p = positionOf[ranked[q]!]!;
    if (p >= 0) order[n++] = p;
  }
  sortTies(order, score);
  return order;
}

/** Each run of equal scores (-0 equals 0, as in scoreOrder) in `order` sorted by position. */
function sortTies(order: Int32Array, score: Float64Array): void {
  for (let i = 0; i < order.length; ) {
    let j = i + 1;
    while (j < order.length && score[order[j]!] === score[order[i]!]) j++;
    if (j - i > 1) order.subarray(i, j).sort();
    i = j;
  }
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
interface Ranked extends RankedDetections {
  /** The rank of each of the category's detections, in group order. */
  rankOf: Int32Array;
}

/** A Ranked made by a constructor, not a literal (see match-groups.ts AreaMatches): one per category and range. */
class RankedCategory implements Ranked {
  constructor(
    readonly n: number,
    readonly score: Float64Array,
    readonly kept: (Int32Array | null)[],
    readonly rankOf: Int32Array,
  ) {}
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
  return new RankedCategory(n, score, kept, rankOf);
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
  const recallOnly = options.lastMaxDetsCurves === true;
  // Each category's detections ranked once; then area by area, so one area's matches are held at a time.
  const categories: { k: number; g0: number; g1: number; from: number; ranked: Ranked }[] = [];
  const all = rankByCategory(ev, dt, p.useCats);
  let g0 = 0;
  let largest = 0;
  for (let k = 0; k < K; k++) {
    let g1 = g0;
    while (g1 < ev.groupCount && (ev.groupCategory[g1] === k || !p.useCats)) g1++;
    if (g1 === g0) continue;
    const from = ev.dtStart[g0]!;
    const ranked = rank(ev, all, all.byCategory.subarray(from, ev.dtStart[g1]!), from, p.maxDets);
    categories.push({ k, g0, g1, from, ranked });
    largest = Math.max(largest, ranked.n);
    g0 = g1;
  }
  // The kernels in curves.wat do the same as outcomesOf and categoryCurves; those are for accumulates
  // too large for them.
  const counts: [number, number, number, number, number] = [T, R, K, A, M];
  const sizes = { nDt: ev.dtOrder.length, groups: ev.groupCount, nGt: gtIds.length, largest };
  const w = WasmCurves.create(counts, sizes);
  if (w) {
    const out: CocoAccumulated = {
      params: p,
      counts,
      precision: w.precision.fill(-1),
      recall: w.recall.fill(-1),
      scores: w.scores.fill(-1),
    };
    w.setEvaluation(p.recThrs, ev.dtStart, gtIds);
    for (const { from, ranked } of categories) w.setCategory(from, ranked.score, ranked.rankOf, ranked.kept);
    for (let a = 0; a < A; a++) {
      const matches = matchesOf(a);
      w.setMatches(matches.dtMatches, matches.dtIgnore);
      for (const { k, g0, g1, from, ranked } of categories) {
        const npig = countNotIgnored(ev, matches, g0, g1);
        if (npig > 0) w.categoryCurves(k, a, g0, g1, from, ranked.n, ranked.kept, npig, recallOnly);
      }
    }
    return out;
  }
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const scores = new Float64Array(T * R * K * A * M).fill(-1);
  const out: CocoAccumulated = { params: p, counts: [T, R, K, A, M], precision, recall, scores };
  const buffers = curveBuffers(largest);
  const codes = new Uint8Array(T * largest);
  for (let a = 0; a < A; a++) {
    const matches = matchesOf(a);
    for (const { k, g0, g1, ranked } of categories) {
      const npig = countNotIgnored(ev, matches, g0, g1);
      if (npig === 0) continue;
      outcomesOf(ev, g0, g1, ranked, matches, gtIds, T, codes);
      categoryCurves(out, k, a, ranked, codes, npig, recallOnly, buffers);
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
