import type { CocoAccumulated } from './types.js';

/**
 * accumulate's precision/recall curves of one category in one area range, from the outcome codes of
 * its ranked detections (shared by accumulate and the class pass's compact columns, category-columns.ts).
 */

const EPS = 2.220446049250313e-16;

/** Ranked indices whose position in their group is below maxDet, ascending. */
export function keptIndices(pos: Int32Array, maxDet: number): Int32Array {
  let count = 0;
  for (let i = 0; i < pos.length; i++) if (pos[i]! < maxDet) count++;
  const out = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < pos.length; i++) if (pos[i]! < maxDet) out[at++] = i;
  return out;
}

/** Outcome codes: bit 0 counts a true positive, bit 1 a false positive (curve adds them unbranched). */
export const IGNORED = 0;
export const TP = 1;
export const FP = 2;

/** Scratch arrays of the curves of categories of up to `largest` ranked detections. */
export interface CurveBuffers {
  every: Int32Array;
  tpAt: Int32Array;
  fpAt: Int32Array;
  tpPrecision: Float64Array;
}

export function curveBuffers(largest: number): CurveBuffers {
  const every = new Int32Array(largest);
  for (let i = 0; i < largest; i++) every[i] = i;
  return {
    every,
    tpAt: new Int32Array(largest + 1),
    fpAt: new Int32Array(largest + 1),
    tpPrecision: new Float64Array(largest + 1),
  };
}

/** One category's ranked detections: their scores and, per maxDets, the ranks it keeps (null: all). */
export interface RankedDetections {
  n: number;
  score: Float64Array;
  kept: (Int32Array | null)[];
}

/**
 * Every maxDets' and threshold's curve of category k in area a (its npig > 0), from the outcome codes of
 * its ranked detections at `codes[t * n + rank]`, into `out` (whose counts give the layout).
 */
export function categoryCurves(
  out: CocoAccumulated,
  k: number,
  a: number,
  ranked: RankedDetections,
  codes: Uint8Array,
  npig: number,
  recallOnly: boolean,
  buffers: CurveBuffers,
): void {
  const [T, R, K, A, M] = out.counts;
  const { n, score } = ranked;
  const { every, tpAt, fpAt, tpPrecision } = buffers;
  const step = K * A * M;
  const recThrs = out.params.recThrs;
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
      if (partial) out.recall[at] = recallAt(codes, t * n, idx, count, npig, out, first, step, R);
      else if (kept === null && whole >= 0) copyCurve(out, first, step, whole - m, R, at);
      else
        out.recall[at] = curve(
          codes,
          t * n,
          idx,
          count,
          score,
          npig,
          recThrs,
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
