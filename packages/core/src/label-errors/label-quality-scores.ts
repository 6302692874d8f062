/**
 * Label quality scores (cleanlab `rank.get_label_quality_scores`): one number in [0, 1] per example, lower
 * meaning the given label is more likely wrong.
 * - `self_confidence`: the predicted probability of the given label.
 * - `normalized_margin`: (p[given] − max over other classes + 1) / 2.
 * - `confidence_weighted_entropy`: log(1 + H/p[given]) / (H/p[given]), H the entropy normalised by log K.
 */
import { AssayError } from '../errors.js';
import { pairwiseSum } from './internal/numpy-math.js';
import type { ProbMatrix } from './prob-matrix.js';

export const LABEL_QUALITY_METHODS = [
  'self_confidence',
  'normalized_margin',
  'confidence_weighted_entropy',
] as const;
export type LabelQualityMethod = (typeof LABEL_QUALITY_METHODS)[number];

const CLIPPING_LOWER_BOUND = 1e-6;

export interface LabelQualityScoresOptions {
  /** Scoring method; default `self_confidence` (cleanlab's default). */
  method?: LabelQualityMethod;
  /**
   * Subtract each class's confident threshold from its probabilities first (cleanlab's
   * `adjust_pred_probs`); needs `thresholds`; not available for confidence_weighted_entropy. Default false.
   */
  adjustPredProbs?: boolean;
  thresholds?: Float64Array;
}

export function labelQualityScores(
  labels: Int32Array,
  probs: ProbMatrix,
  options: LabelQualityScoresOptions = {},
): Float64Array {
  const method = options.method ?? 'self_confidence';
  let input = probs;
  if (options.adjustPredProbs) {
    if (method === 'confidence_weighted_entropy' || options.thresholds === undefined) {
      throw new AssayError(
        'USAGE',
        `adjusted probabilities need thresholds and are not available for ${method}.`,
        {
          hint: 'Use self_confidence or normalized_margin with the confident thresholds.',
        },
      );
    }
    input = subtractConfidentThresholds(probs, options.thresholds);
  }
  if (method === 'self_confidence') return selfConfidence(labels, input);
  if (method === 'normalized_margin') return normalizedMargin(labels, input);
  return confidenceWeightedEntropy(labels, input);
}

function selfConfidence(labels: Int32Array, { data, rows, cols }: ProbMatrix): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = data[i * cols + (labels[i] as number)] as number;
  return out;
}

function normalizedMargin(labels: Int32Array, { data, rows, cols }: ProbMatrix): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const y = labels[i] as number;
    let other = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++)
      if (j !== y && (data[o + j] as number) > other) other = data[o + j] as number;
    out[i] = ((data[o + y] as number) - other + 1) / 2;
  }
  return out;
}

function confidenceWeightedEntropy(labels: Int32Array, { data, rows, cols }: ProbMatrix): Float64Array {
  const out = new Float64Array(rows);
  const terms = new Float64Array(cols);
  const logK = Math.log(cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const p = data[o + j] as number;
      if (p < 0 || p > 1) {
        throw new AssayError(
          'INVALID_INPUT',
          `example ${i}: probability ${p} outside [0, 1] (entropy needs it).`,
          {
            hint: 'Clip and renormalise the probabilities (--normalize).',
          },
        );
      }
      terms[j] = p === 0 ? 0 : p * Math.log(p);
    }
    const entropy = -pairwiseSum(terms, 0, cols) / logK;
    const self = Math.max(CLIPPING_LOWER_BOUND, data[o + (labels[i] as number)] as number);
    const ratio = entropy / self;
    out[i] = Math.log(ratio + 1) / Math.max(CLIPPING_LOWER_BOUND, ratio);
  }
  return out;
}

/** Probabilities minus each class's threshold, shifted by the largest threshold, rows renormalised. */
export function subtractConfidentThresholds(probs: ProbMatrix, thresholds: Float64Array): ProbMatrix {
  const { rows, cols } = probs;
  let maxT = Number.NEGATIVE_INFINITY;
  for (const t of thresholds) maxT = Math.max(maxT, t);
  const data = new Float64Array(probs.data.length);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++)
      data[o + j] = (probs.data[o + j] as number) - (thresholds[j] as number) + maxT;
    const sum = pairwiseSum(data, o, cols);
    for (let j = 0; j < cols; j++) data[o + j] = (data[o + j] as number) / sum;
  }
  return { data, rows, cols };
}
