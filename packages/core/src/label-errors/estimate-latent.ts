/**
 * What the confident joint says about the whole data set (cleanlab's `estimate_joint`, `estimate_latent`
 * with `py_method='cnt'` and no convergence loop, and the `dataset` health summary): the joint
 * distribution of given and true labels, the noise matrix P(given | true), the inverse noise matrix
 * P(true | given), the prior of true labels, and per-class noise.
 */
import { pairwiseSum, roundHalfEven } from './internal/numpy-math.js';

const TINY_VALUE = 1e-100;
const CLIPPING_LOWER_BOUND = 1e-6;
/** cleanlab's EPSILON used by the dataset summary. */
const EPSILON = 1e-6;

/** Joint P(given, true): the calibrated confident joint divided by its total. */
export function estimateJoint(calibratedJoint: Float64Array): Float64Array {
  const total = Math.max(TINY_VALUE, pairwiseSum(calibratedJoint, 0, calibratedJoint.length));
  return calibratedJoint.map((v) => v / total);
}

export interface LatentEstimates {
  /** Estimated prior of true labels, P(true = j). */
  py: Float64Array;
  /** k×k row-major P(given = i | true = j); each column sums to 1. */
  noiseMatrix: Float64Array;
  /** k×k row-major P(true = i | given = j); each column sums to 1. */
  inverseNoiseMatrix: Float64Array;
}

/** cleanlab's `estimate_latent(confident_joint, labels)` with its defaults (py_method 'cnt', no converging). */
export function estimateLatent(confidentJoint: Float64Array, counts: Float64Array): LatentEstimates {
  const k = counts.length;
  let n = 0;
  for (let c = 0; c < k; c++) n += counts[c] as number;
  const ps = counts.map((c) => c / n);
  const givenTotals = new Float64Array(k); // row sums
  const trueTotals = new Float64Array(k); // column sums, added row by row as NumPy does for axis=0
  for (let i = 0; i < k; i++) {
    givenTotals[i] = pairwiseSum(confidentJoint, i * k, k);
    for (let j = 0; j < k; j++)
      trueTotals[j] = (trueTotals[j] as number) + (confidentJoint[i * k + j] as number);
  }
  const noise = new Float64Array(k * k);
  const inverse = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      noise[i * k + j] =
        (confidentJoint[i * k + j] as number) / Math.max(TINY_VALUE, trueTotals[j] as number);
      inverse[i * k + j] =
        (confidentJoint[j * k + i] as number) / Math.max(TINY_VALUE, givenTotals[j] as number);
    }
  }
  const py = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const d = c * k + c;
    py[c] = ((inverse[d] as number) / Math.max(TINY_VALUE, noise[d] as number)) * (ps[c] as number);
  }
  return {
    py: clipValues(py, CLIPPING_LOWER_BOUND, 1, 1),
    noiseMatrix: clipNoiseRates(noise, k),
    inverseNoiseMatrix: clipNoiseRates(inverse, k),
  };
}

/** Off-diagonal rates clipped to [0, 0.9999], then each column renormalised to sum to 1. */
function clipNoiseRates(m: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = m[i * k + j] as number;
      out[i * k + j] = i === j ? v : Math.min(0.9999, Math.max(0, v));
    }
  }
  const colSums = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) colSums[j] = (colSums[j] as number) + (out[i * k + j] as number);
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++)
      out[i * k + j] = (out[i * k + j] as number) / Math.max(TINY_VALUE, colSums[j] as number);
  }
  return out;
}

function clipValues(x: Float64Array, low: number, high: number, newSum: number): Float64Array {
  const clipped = x.map((v) => Math.min(high, Math.max(low, v)));
  const sum = Math.max(TINY_VALUE, pairwiseSum(clipped, 0, clipped.length));
  return clipped.map((v) => (v * newSum) / sum);
}

export interface ClassLabelQuality {
  classIndex: number;
  /** Estimated number of examples given this label whose true label is another (rounded). */
  labelIssues: number;
  /** Estimated number of examples truly of this class given another label (rounded). */
  inverseLabelIssues: number;
  /** Fraction of this label's examples estimated to be wrong. */
  labelNoise: number;
  inverseLabelNoise: number;
  /** 1 − labelNoise. */
  labelQualityScore: number;
}

/** cleanlab's `rank_classes_by_label_quality` values, one entry per class in class order (not sorted). */
export function classLabelQuality(joint: Float64Array, k: number, numExamples: number): ClassLabelQuality[] {
  const out: ClassLabelQuality[] = [];
  for (let c = 0; c < k; c++) {
    const rowSum = pairwiseSum(joint, c * k, k);
    let colSum = 0;
    for (let i = 0; i < k; i++) colSum += joint[i * k + c] as number;
    const diag = joint[c * k + c] as number;
    const given = rowSum - diag;
    const truth = colSum - diag;
    const labelNoise = given / Math.max(EPSILON, rowSum);
    out.push({
      classIndex: c,
      labelIssues: roundHalfEven(given * numExamples),
      inverseLabelIssues: roundHalfEven(truth * numExamples),
      labelNoise,
      inverseLabelNoise: truth / Math.max(EPSILON, colSum),
      labelQualityScore: 1 - labelNoise,
    });
  }
  return out;
}
