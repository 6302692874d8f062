import { scoreOrder } from './score-order.js';
import type { CocoAccumulated, CocoAreaMatches, CocoEvalImages, CocoObjects } from './types.js';

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

/** One category's ranking: per ranked detection, its match-array offset, D, position in its group, score. */
interface Ranked {
  n: number;
  /** The most detections any image has in the category (its largest D). */
  maxD: number;
  base: Int32Array;
  stride: Int32Array;
  pos: Int32Array;
  score: Float64Array;
}

function newRanked(n: number): Ranked {
  const ints = () => new Int32Array(n);
  return { n: 0, maxD: 0, base: ints(), stride: ints(), pos: ints(), score: new Float64Array(n) };
}

function rank(
  ev: CocoEvalImages,
  dets: CategoryDetections,
  order: Int32Array,
  T: number,
  into: Ranked,
): void {
  let maxD = 0;
  for (let i = 0; i < order.length; i++) {
    const e = order[i]!;
    const g = dets.group[e]!;
    const pos = dets.pos[e]!;
    into.base[i] = T * ev.dtStart[g]! + pos;
    const D = ev.dtStart[g + 1]! - ev.dtStart[g]!;
    into.stride[i] = D;
    if (D > maxD) maxD = D;
    into.pos[i] = pos;
    into.score[i] = dets.score[e]!;
  }
  into.n = order.length;
  into.maxD = maxD;
}

/** Buffers of one category's curves. */
interface Scratch {
  ranked: Ranked;
  /** Outcome codes [t * n + i] of the ranked detections in one area range. */
  codes: Uint8Array;
  /** Per true positive (the v-th, 0-based): its ranked index, false positives before it, precision. */
  tpAt: Int32Array;
  fpAt: Int32Array;
  tpPrecision: Float64Array;
}

function scratchFor(n: number, T: number, old: Scratch | undefined): Scratch {
  if (old && old.ranked.base.length >= n) return old;
  return {
    ranked: newRanked(n),
    codes: new Uint8Array(T * n),
    tpAt: new Int32Array(n + 1),
    fpAt: new Int32Array(n + 1),
    tpPrecision: new Float64Array(n + 1),
  };
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
  const out: CocoAccumulated = { params: p, counts: [T, R, K, A, M], precision, recall, scores };
  // Each category's detections ranked once; then area by area, so one area's matches are held at a time.
  const categories: { k: number; g0: number; g1: number; ranked: Ranked }[] = [];
  let g0 = 0;
  let largest = 0;
  for (let k = 0; k < K; k++) {
    let g1 = g0;
    while (g1 < ev.groupCount && (ev.groupCategory[g1] === k || !p.useCats)) g1++;
    if (g1 === g0) continue;
    const dets = categoryDetections(ev, dt, g0, g1);
    const order = scoreOrder(dets.score);
    const ranked = newRanked(order.length);
    rank(ev, dets, order, T, ranked);
    categories.push({ k, g0, g1, ranked });
    largest = Math.max(largest, order.length);
    g0 = g1;
  }
  const shared = scratchFor(largest, T, undefined);
  for (let a = 0; a < A; a++) {
    const matches = matchesOf(a);
    for (const { k, g0, g1, ranked } of categories) {
      const npig = countNotIgnored(ev, matches, g0, g1);
      if (npig === 0) continue;
      const scratch: Scratch = { ...shared, ranked };
      outcomesOf(ranked, matches, gtIds, T, scratch.codes);
      // A maxDets at least the category's largest D keeps every detection: one curve serves them all.
      let whole = -1;
      for (let m = 0; m < M; m++) {
        const all = p.maxDets[m]! >= ranked.maxD;
        for (let t = 0; t < T; t++) {
          const c = {
            maxDet: all ? Number.POSITIVE_INFINITY : p.maxDets[m]!,
            npig,
            recThrs: p.recThrs,
            first: (t * R * K + k) * A * M + a * M + m,
            step: K * A * M,
          };
          const at = ((t * K + k) * A + a) * M + m;
          if (all && whole >= 0) copyCurve(out, c, whole - m, R, at);
          else recall[at] = curve(scratch, t, c, out);
        }
        if (all && whole < 0) whole = m;
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
function copyCurve(out: CocoAccumulated, c: CurveTarget, shift: number, R: number, at: number): void {
  out.recall[at] = out.recall[at + shift]!;
  for (let r = 0; r < R; r++) {
    const i = c.first + r * c.step;
    out.precision[i] = out.precision[i + shift]!;
    out.scores[i] = out.scores[i + shift]!;
  }
}

/** Outcome codes: bit 0 counts a true positive, bit 1 a false positive (curve adds them unbranched). */
const IGNORED = 0;
const TP = 1;
const FP = 2;

/**
 * The outcome of every ranked detection at every IoU threshold in one area range, at
 * `codes[t * n + i]`: read once, detection by detection, from its group's block of the match arrays
 * (reading them threshold by threshold down the ranking would jump across the arrays).
 */
function outcomesOf(
  ranked: Ranked,
  matches: CocoAreaMatches,
  gtIds: Float64Array,
  T: number,
  codes: Uint8Array,
): void {
  const { n, base, stride } = ranked;
  const { dtMatches, dtIgnore } = matches;
  for (let i = 0; i < n; i++) {
    const b = base[i]!;
    const s = stride[i]!;
    for (let t = 0; t < T; t++) {
      const at = b + t * s;
      const match = dtMatches[at]!;
      codes[t * n + i] = dtIgnore[at] !== 0 ? IGNORED : match >= 0 && gtIds[match] !== 0 ? TP : FP;
    }
  }
}

interface CurveTarget {
  maxDet: number;
  npig: number;
  recThrs: Float64Array;
  /** Offset of recall threshold 0 in precision/scores, and the stride between thresholds. */
  first: number;
  step: number;
}

/**
 * One precision/recall curve (threshold t, detections within maxDet of their image): writes the
 * precision envelope and score at each recall threshold and returns the final recall.
 *
 * Same numbers as pycocotools without its per-detection arrays: recall tp/npig only changes at a true
 * positive, so `searchsorted(rc, thr)` lands on the v-th true positive for the least v with
 * v/npig ≥ thr (on the first detection for v = 0); precision only falls between two true positives,
 * so the envelope max(pr[i:]) there is the max of the precisions at this and later true positives
 * (precision is 0 before the first).
 */
function curve(s: Scratch, t: number, c: CurveTarget, out: CocoAccumulated): number {
  const { n, pos, score } = s.ranked;
  const { codes, tpAt, fpAt, tpPrecision } = s;
  const c0 = t * n;
  let tp = 0;
  let fp = 0;
  let firstKept = -1;
  for (let i = 0; i < n; i++) {
    if (pos[i]! >= c.maxDet) continue;
    if (firstKept < 0) firstKept = i;
    // Without branching on the outcome: slot tp is rewritten until a true positive keeps it.
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
  for (let r = 0; r < c.recThrs.length; r++) {
    const threshold = c.recThrs[r]!;
    while (v <= tp && v / c.npig < threshold) v++;
    const at = c.first + r * c.step;
    if (firstKept < 0 || v > tp) {
      precision[at] = 0;
      scores[at] = 0;
    } else if (v === 0) {
      precision[at] = tp > 0 ? tpPrecision[0]! : 0;
      scores[at] = score[firstKept]!;
    } else {
      precision[at] = tpPrecision[v - 1]!;
      scores[at] = score[tpAt[v - 1]!]!;
    }
  }
  return firstKept < 0 ? 0 : tp / c.npig;
}
