/**
 * The confident joint of confident learning (Northcutt et al., JAIR 2021), with cleanlab 2.x's exact
 * conventions: per-class thresholds are the mean predicted probability of a class over the examples given
 * that class; an example counts towards C[given][guess] when at least one class reaches its threshold
 * (minus 1e−6), the guess being the argmax over all classes when several do; the diagonal is at least 1;
 * calibration rescales each row to the class's label count and the whole to N, then rounds each row
 * keeping its total.
 */
import { argsortNumpy } from './internal/numpy-argsort.js';
import { pairwiseSum, roundHalfEven } from './internal/numpy-math.js';
import { type ClassGroups, groupByLabel, type ProbMatrix } from './prob-matrix.js';

/** cleanlab's CONFIDENT_THRESHOLDS_LOWER_BOUND (2 × 1e−6). */
const THRESHOLD_LOWER_BOUND = 2e-6;
/** Threshold of a class no example is labelled with: nothing can reach it. */
const ABSENT_CLASS_THRESHOLD = 2;
const TINY_VALUE = 1e-100;

/** Number of examples given each label. */
export function labelCounts(labels: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    counts[c] = (counts[c] as number) + 1;
  }
  return counts;
}

/** Per class: mean probability of that class over the examples labelled with it (cleanlab's thresholds). */
export function confidentThresholds(
  labels: Int32Array,
  probs: ProbMatrix,
  groups?: ClassGroups,
): Float64Array {
  const k = probs.cols;
  const { offsets, order } = groups ?? groupByLabel(labels, k);
  const out = new Float64Array(k);
  const buf = new Float64Array(labels.length);
  for (let c = 0; c < k; c++) {
    const start = offsets[c] as number;
    const n = (offsets[c + 1] as number) - start;
    if (n === 0) {
      out[c] = ABSENT_CLASS_THRESHOLD;
      continue;
    }
    for (let t = 0; t < n; t++) buf[t] = probs.data[(order[start + t] as number) * k + c] as number;
    out[c] = Math.max(THRESHOLD_LOWER_BOUND, pairwiseSum(buf, 0, n) / n);
  }
  return out;
}

export interface ConfidentJoint {
  /** k×k row-major counts (calibrated unless asked not to): row = given label, column = the class the example confidently belongs to. */
  joint: Float64Array;
  /** The same counts before calibration (equal to `joint` when `calibrate` is false). */
  rawJoint: Float64Array;
  /** Examples counted off the diagonal (confident guess ≠ given label), ascending. */
  offDiagonal: Int32Array;
  thresholds: Float64Array;
}

export interface ComputeConfidentJointOptions {
  /** Per-class thresholds; default `confidentThresholds(labels, probs)`. */
  thresholds?: Float64Array;
  /** Calibrate the counts (cleanlab's default `calibrate=True`); default true. */
  calibrate?: boolean;
}

/** cleanlab's `compute_confident_joint(..., return_indices_of_off_diagonals=True)`. */
export function computeConfidentJoint(
  labels: Int32Array,
  probs: ProbMatrix,
  options: ComputeConfidentJointOptions = {},
): ConfidentJoint {
  const { rows, cols: k, data } = probs;
  const thresholds = options.thresholds ?? confidentThresholds(labels, probs);
  const cut = thresholds.map((t) => t - 1e-6);
  const joint = new Float64Array(k * k);
  const off: number[] = [];
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    let confident = 0;
    let firstConfident = -1;
    let argmax = 0;
    let max = data[o] as number;
    for (let j = 0; j < k; j++) {
      const p = data[o + j] as number;
      if (p >= (cut[j] as number)) {
        confident++;
        if (firstConfident < 0) firstConfident = j;
      }
      if (p > max) {
        max = p;
        argmax = j;
      }
    }
    if (confident === 0) continue;
    const guess = confident > 1 ? argmax : firstConfident;
    const given = labels[i] as number;
    joint[given * k + guess] = (joint[given * k + guess] as number) + 1;
    if (guess !== given) off.push(i);
  }
  for (let c = 0; c < k; c++) joint[c * k + c] = Math.max(1, joint[c * k + c] as number);
  const result = options.calibrate === false ? joint : calibrateConfidentJoint(joint, labelCounts(labels, k));
  return { joint: result, rawJoint: joint, offDiagonal: Int32Array.from(off), thresholds };
}

/**
 * cleanlab's `calibrate_confident_joint`: row c scaled to sum to the count of label c, the whole scaled
 * to sum to N, each row rounded preserving its total.
 */
export function calibrateConfidentJoint(joint: Float64Array, counts: Float64Array): Float64Array {
  const k = counts.length;
  // NumPy builds this as a transposed view; its memory (the order np.sum adds in) is column-major.
  const scaledT = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const rowSum = Math.max(TINY_VALUE, pairwiseSum(joint, i * k, k));
    for (let j = 0; j < k; j++)
      scaledT[j * k + i] = ((joint[i * k + j] as number) / rowSum) * (counts[i] as number);
  }
  const total = Math.max(TINY_VALUE, pairwiseSum(scaledT, 0, k * k));
  let n = 0;
  for (let i = 0; i < k; i++) n += counts[i] as number;
  const scaled = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) scaled[i * k + j] = ((scaledT[j * k + i] as number) / total) * n;
  }
  return roundPreservingRowTotals(scaled, k);
}

/** Rounds each row of a k-column matrix to integers whose sum is the rounded row sum (cleanlab's rule). */
export function roundPreservingRowTotals(m: Float64Array, k: number): Float64Array {
  const out = new Float64Array(m.length);
  for (let r = 0; r * k < m.length; r++)
    roundPreservingSum(m.subarray(r * k, r * k + k), out.subarray(r * k));
  return out;
}

function roundPreservingSum(floats: Float64Array, ints: Float64Array): void {
  const k = floats.length;
  for (let j = 0; j < k; j++) ints[j] = roundHalfEven(floats[j] as number);
  const origSum = roundHalfEven(pairwiseSum(floats, 0, k));
  let intSum = roundHalfEven(pairwiseSum(ints, 0, k));
  const residual = new Float64Array(k);
  while (Math.abs(intSum - origSum) > 1e-6) {
    const diff = roundHalfEven(origSum - intSum);
    const increment = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), k);
    for (let j = 0; j < k; j++) residual[j] = (floats[j] as number) - (ints[j] as number);
    const order = argsortNumpy(residual);
    // Rounding up: the largest residuals first (argsort reversed); rounding down: the smallest first.
    for (let c = 0; c < changes; c++) {
      const j = order[increment > 0 ? k - 1 - c : c] as number;
      ints[j] = (ints[j] as number) + increment;
    }
    intSum = roundHalfEven(pairwiseSum(ints, 0, k));
  }
}
