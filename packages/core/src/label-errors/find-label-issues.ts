/**
 * Which examples are likely mislabelled, from given labels and out-of-sample predicted probabilities:
 * cleanlab 2.x `filter.find_label_issues` for multi-class data (one label per example), every `filter_by`
 * method, the same defaults and the same tie order, so that results equal cleanlab's.
 */
import { AssayError } from '../errors.js';
import { type ConfidentJoint, computeConfidentJoint, labelCounts } from './confident-joint.js';
import { argsortHead } from './internal/argsort-head.js';
import { argsortNumpy } from './internal/numpy-argsort.js';
import { type LabelQualityMethod, labelQualityScores } from './label-quality-scores.js';
import { type ClassGroups, groupByLabel, type ProbMatrix } from './prob-matrix.js';
import { pruneCountMatrix } from './prune-count-matrix.js';

export const FILTER_METHODS = [
  'prune_by_noise_rate',
  'prune_by_class',
  'both',
  'confident_learning',
  'predicted_neq_given',
  'low_normalized_margin',
  'low_self_confidence',
] as const;
export type FilterMethod = (typeof FILTER_METHODS)[number];

export interface FindLabelIssuesOptions {
  /** How issues are chosen; default `prune_by_noise_rate` (cleanlab's default). */
  filterBy?: FilterMethod;
  /** Fraction of the estimated noise to flag (prune_by_* and both only); default 1. */
  fracNoise?: number;
  /** Exact number of issues to flag per given class (prune_by_* and both only); default: estimated. */
  numToRemovePerClass?: number[];
  /** Never flag a class down below this many examples; default 1. */
  minExamplesPerClass?: number;
  /** A precomputed calibrated confident joint (k×k row-major); default computed here. */
  confidentJoint?: Float64Array;
  /** Order the result by this label quality score (lowest first); default: ascending example index. */
  rankBy?: LabelQualityMethod;
  /** `computeConfidentJoint(labels, probs)` when the caller already has it (saves recomputing it). */
  computed?: ConfidentJoint;
  signal?: AbortSignal;
}

/** Indices of the flagged examples: ranked when `rankBy` was given, otherwise ascending. */
export function findLabelIssues(
  labels: Int32Array,
  probs: ProbMatrix,
  options: FindLabelIssuesOptions = {},
): Int32Array {
  const filterBy = options.filterBy ?? 'prune_by_noise_rate';
  const k = probs.cols;
  const fracNoise = options.fracNoise ?? 1;
  const limited = options.fracNoise !== undefined && options.fracNoise !== 1;
  const isPrune = filterBy === 'prune_by_noise_rate' || filterBy === 'prune_by_class' || filterBy === 'both';
  if (!isPrune && (limited || options.numToRemovePerClass !== undefined)) {
    throw new AssayError('USAGE', `fracNoise and numToRemovePerClass do not apply to filter ${filterBy}.`, {
      hint: 'Use them with prune_by_noise_rate, prune_by_class or both.',
    });
  }
  const computed = options.computed ?? computeConfidentJoint(labels, probs);
  const joint =
    filterBy === 'confident_learning' ? computed.joint : (options.confidentJoint ?? computed.joint);
  const mask = new Uint8Array(labels.length);
  if (filterBy === 'low_normalized_margin' || filterBy === 'low_self_confidence') {
    const method = filterBy === 'low_self_confidence' ? 'self_confidence' : 'normalized_margin';
    const scores = labelQualityScores(labels, probs, { method });
    const count = countOffDiagonalIssues(labels, probs, computed.offDiagonal);
    for (const i of argsortHead(scores, scores.length, count)) mask[i] = 1;
  } else if (filterBy === 'confident_learning') {
    for (const i of computed.offDiagonal) mask[i] = 1;
  } else if (filterBy === 'predicted_neq_given') {
    for (let i = 0; i < labels.length; i++) if (argmaxRow(probs, i) !== labels[i]) mask[i] = 1;
  } else {
    const counts = labelCounts(labels, k);
    const pcm = pruneCountMatrix(joint, counts, {
      minExamplesPerClass: options.minExamplesPerClass ?? 1,
      fracNoise,
      ...(options.numToRemovePerClass ? { numToRemovePerClass: options.numToRemovePerClass } : {}),
    });
    const groups = groupByLabel(labels, k);
    const minExamples = options.minExamplesPerClass ?? 1;
    if (filterBy === 'prune_by_class' || filterBy === 'both')
      pruneByClass(probs, groups, pcm, minExamples, mask, 1);
    if (filterBy === 'prune_by_noise_rate' || filterBy === 'both') {
      const bit = filterBy === 'both' ? 2 : 1;
      pruneByNoiseRate(probs, groups, pcm, minExamples, mask, bit, options.signal);
      if (filterBy === 'both') for (let i = 0; i < mask.length; i++) mask[i] = mask[i] === 3 ? 1 : 0;
    }
  }
  if (filterBy !== 'low_normalized_margin' && filterBy !== 'low_self_confidence')
    unflagPredictedGiven(labels, probs, mask);
  const flagged: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) flagged.push(i);
  const indices = Int32Array.from(flagged);
  return options.rankBy ? rankIssues(indices, labels, probs, options.rankBy) : indices;
}

/** Flagged indices ordered by a label quality score, lowest first, ties in NumPy's argsort order. */
export function rankIssues(
  indices: Int32Array,
  labels: Int32Array,
  probs: ProbMatrix,
  method: LabelQualityMethod,
  scores = labelQualityScores(labels, probs, { method }),
): Int32Array {
  const sub = Float64Array.from(indices, (i) => scores[i] as number);
  const order = argsortNumpy(sub);
  return Int32Array.from(order, (o) => indices[o] as number);
}

/**
 * cleanlab's `num_label_issues` (estimation_method 'off_diagonal'): confident-joint off-diagonal examples,
 * minus those whose given label is (within 1e−6) the model's top prediction.
 */
export function countOffDiagonalIssues(
  labels: Int32Array,
  probs: ProbMatrix,
  offDiagonal: Int32Array,
): number {
  let count = 0;
  for (const i of offDiagonal) if (!givenIsPredicted(labels, probs, i)) count++;
  return count;
}

function argmaxRow({ data, cols }: ProbMatrix, i: number): number {
  const o = i * cols;
  let best = 0;
  let max = data[o] as number;
  for (let j = 1; j < cols; j++) {
    if ((data[o + j] as number) > max) {
      max = data[o + j] as number;
      best = j;
    }
  }
  return best;
}

/** cleanlab's `_reduce_issues`: is the given label the argmax once it gets a 1e−6 bonus? */
function givenIsPredicted(labels: Int32Array, { data, cols }: ProbMatrix, i: number): boolean {
  const o = i * cols;
  const y = labels[i] as number;
  let best = 0;
  let max = y === 0 ? (data[o] as number) + 1e-6 : (data[o] as number);
  for (let j = 1; j < cols; j++) {
    const v = j === y ? (data[o + j] as number) + 1e-6 : (data[o + j] as number);
    if (v > max) {
      max = v;
      best = j;
    }
  }
  return best === y;
}

function unflagPredictedGiven(labels: Int32Array, probs: ProbMatrix, mask: Uint8Array): void {
  for (let i = 0; i < mask.length; i++) if (mask[i] && givenIsPredicted(labels, probs, i)) mask[i] = 0;
}

/** Per given class k: flag the n_k − C'[k][k] examples with the lowest p[k]. */
function pruneByClass(
  probs: ProbMatrix,
  { offsets, order }: ClassGroups,
  pcm: Float64Array,
  minExamples: number,
  mask: Uint8Array,
  bit: number,
): void {
  const k = probs.cols;
  const values = new Float64Array(order.length);
  for (let c = 0; c < k; c++) {
    const start = offsets[c] as number;
    const n = (offsets[c + 1] as number) - start;
    if (n <= minExamples || n <= 1) continue;
    const numIssues = n - (pcm[c * k + c] as number);
    if (numIssues < 1) continue;
    for (let t = 0; t < n; t++) values[t] = probs.data[(order[start + t] as number) * k + c] as number;
    flagAll(mask, order, start, argsortHead(values, n, numIssues), bit);
  }
}

/**
 * Per given class k and other class j: flag the C'[j][k] examples with the largest p[j] − p[k]. The rows
 * of class k are first copied column by column into one block, so each of the k − 1 margin passes reads
 * memory in order instead of jumping across the whole matrix.
 */
function pruneByNoiseRate(
  probs: ProbMatrix,
  { offsets, order }: ClassGroups,
  pcm: Float64Array,
  minExamples: number,
  mask: Uint8Array,
  bit: number,
  signal?: AbortSignal,
): void {
  const k = probs.cols;
  const { data } = probs;
  const values = new Float64Array(order.length);
  let block = new Float64Array(0);
  for (let c = 0; c < k; c++) {
    signal?.throwIfAborted();
    const start = offsets[c] as number;
    const n = (offsets[c + 1] as number) - start;
    if (n <= minExamples || n <= 1) continue;
    if (block.length < n * k) block = new Float64Array(n * k);
    for (let t = 0; t < n; t++) {
      const o = (order[start + t] as number) * k;
      for (let j = 0; j < k; j++) block[j * n + t] = data[o + j] as number;
    }
    const own = c * n;
    for (let j = 0; j < k; j++) {
      const toPrune = pcm[j * k + c] as number;
      if (j === c || toPrune <= 0) continue;
      const other = j * n;
      for (let t = 0; t < n; t++) values[t] = -((block[other + t] as number) - (block[own + t] as number));
      flagAll(mask, order, start, argsortHead(values, n, toPrune), bit);
    }
  }
}

function flagAll(mask: Uint8Array, order: Int32Array, start: number, picked: Int32Array, bit: number): void {
  for (const t of picked) {
    const i = order[start + t] as number;
    mask[i] = (mask[i] as number) | bit;
  }
}
