import { scoreOrder } from './score-order.js';
import type { CocoEvalImages, CocoObjects } from './types.js';

/**
 * Every evaluated detection (position p in `ev.dtOrder`) ranked within its category: the categories'
 * detections are contiguous in dtOrder, so the result holds each category's at the same positions,
 * by score descending, ties in dtOrder (concatenation) order. One ranking of all detections, then a
 * stable partition by category, gives the order a ranking per category gives; scores that are not all
 * finite are ranked per category (they have no total order, and the comparator's result depends on
 * the set sorted).
 */
export function rankByCategory(ev: CocoEvalImages, dt: CocoObjects, useCats: boolean) {
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
export interface Ranked {
  n: number;
  score: Float64Array;
  kept: (Int32Array | null)[];
  /** The rank of each of the category's detections, in group order. */
  rankOf: Int32Array;
}

/** The ranking of one category, whose detections are dtOrder[from .. from + ranked.length), ranked. */
export function rank(
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
  const maxD = fillRanked(ev, all, ranked, from, score, pos, rankOf);
  const kept = maxDets.map((maxDet) => (maxDet >= maxD ? null : keptIndices(pos, maxDet)));
  return { n, score, kept, rankOf };
}

// The loops below are functions of their own that end in a plain return: a loop V8 compiles while it
// runs (OSR) on a first call meets code after it that has not run yet, and that OSR code, kept for
// later calls, left the function there on every call (~80 de-optimisations each of rank and
// keptIndices a process, one per category).

/** Score, position in its group and rank of each ranked detection; returns the largest group's D. */
function fillRanked(
  ev: CocoEvalImages,
  all: { score: Float64Array; groupOf: Int32Array },
  ranked: Int32Array,
  from: number,
  score: Float64Array,
  pos: Int32Array,
  rankOf: Int32Array,
): number {
  let maxD = 0;
  for (let i = 0; i < ranked.length; i++) {
    const p = ranked[i]!;
    const g = all.groupOf[p]!;
    const D = ev.dtStart[g + 1]! - ev.dtStart[g]!;
    if (D > maxD) maxD = D;
    pos[i] = p - ev.dtStart[g]!;
    score[i] = all.score[p]!;
    rankOf[p - from] = i;
  }
  return maxD;
}

/** Ranked indices whose position in their group is below maxDet, ascending. */
function keptIndices(pos: Int32Array, maxDet: number): Int32Array {
  const out = new Int32Array(countBelow(pos, maxDet));
  fillBelow(pos, maxDet, out);
  return out;
}

function countBelow(pos: Int32Array, maxDet: number): number {
  let count = 0;
  for (let i = 0; i < pos.length; i++) if (pos[i]! < maxDet) count++;
  return count;
}

function fillBelow(pos: Int32Array, maxDet: number, out: Int32Array): void {
  let at = 0;
  for (let i = 0; i < pos.length; i++) if (pos[i]! < maxDet) out[at++] = i;
}
