import { type Calibration, calibration } from './calibration.js';

/**
 * Classification metrics with scikit-learn's definitions (sklearn.metrics, 1.x):
 * - `accuracy_score`; `precision_recall_fscore_support` per class, where a ratio with a zero
 *   denominator is 0 (sklearn's default `zero_division="warn"` returns 0 and warns);
 * - averages over the labels present in the true or the predicted classes (sklearn's `labels=None`):
 *   macro = unweighted mean of the per-class values (macro F1 is the mean of the per-class F1s, not the
 *   F1 of macro P and R), weighted = mean weighted by support, micro = from the summed counts (equal to
 *   accuracy for single-label data);
 * - `top_k_accuracy_score`: a hit when the true class is among the k highest probabilities; among tied
 *   probabilities the higher class index ranks first (sklearn sorts with a stable argsort, then reverses);
 * - `confusion_matrix`: rows are true classes, columns predicted classes, over all `numClasses`.
 */
export interface ClassificationInput {
  /** Number of classes; class indices run from 0 to numClasses - 1. */
  numClasses: number;
  /** True class index of each item. */
  labels: ArrayLike<number>;
  /** Predicted class index of each item. */
  predicted: ArrayLike<number>;
  /** Confidence of each prediction, for calibration (NaN = unknown; items without one are left out). */
  confidence?: ArrayLike<number>;
  /** Class probabilities, items × numClasses row-major, for top-k accuracy. */
  probs?: ArrayLike<number>;
}

export interface ClassificationOptions {
  /** k values for top-k accuracy when probabilities are given (default [1, 3, 5], those < numClasses + 1). */
  topK?: number[];
  /** Calibration bins (default 10). */
  bins?: number;
}

export interface PerClassScores {
  class_index: number;
  precision: number;
  recall: number;
  f1: number;
  /** Items whose true class this is. */
  support: number;
  /** Items predicted as this class. */
  predicted: number;
}

export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassificationMetrics {
  count: number;
  accuracy: number;
  /** Top-k accuracy by k (only when probabilities were given). */
  top_k: { k: number; accuracy: number }[];
  per_class: PerClassScores[];
  macro: AveragedScores;
  micro: AveragedScores;
  weighted: AveragedScores;
  /** Counts, rows true class, columns predicted class. */
  confusion: number[][];
  /** Calibration of the confidences (only when confidences were given). */
  calibration?: Calibration;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1Of = (tp: number, fp: number, fn: number): number => ratio(2 * tp, 2 * tp + fp + fn);

function checkIndex(value: number, numClasses: number, what: string, i: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= numClasses) {
    throw new RangeError(`${what}[${i}] = ${value} is not a class index in [0, ${numClasses})`);
  }
  return value;
}

/** The confusion matrix (rows true, columns predicted) of two label arrays. */
export function confusionCounts(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
): number[][] {
  if (labels.length !== predicted.length) {
    throw new RangeError(`labels (${labels.length}) and predicted (${predicted.length}) differ in length`);
  }
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = checkIndex(labels[i] as number, numClasses, 'labels', i);
    const p = checkIndex(predicted[i] as number, numClasses, 'predicted', i);
    m[t]![p]! += 1;
  }
  return m;
}

/** Fraction of items whose true class is among the k most probable (ties: higher class index first). */
export function topKAccuracy(
  labels: ArrayLike<number>,
  probs: ArrayLike<number>,
  numClasses: number,
  k: number,
): number {
  const n = labels.length;
  if (probs.length !== n * numClasses) {
    throw new RangeError(`probs has ${probs.length} values, expected ${n} × ${numClasses}`);
  }
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const t = labels[i] as number;
    const row = i * numClasses;
    const pt = probs[row + t] as number;
    let rank = 0;
    for (let c = 0; c < numClasses; c++) {
      const p = probs[row + c] as number;
      if (p > pt || (p === pt && c > t)) rank++;
    }
    if (rank < k) hits++;
  }
  return ratio(hits, n);
}

function perClass(confusion: number[][]): PerClassScores[] {
  const k = confusion.length;
  const out: PerClassScores[] = [];
  for (let c = 0; c < k; c++) {
    const tp = confusion[c]![c]!;
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += confusion[c]![j]!;
      predicted += confusion[j]![c]!;
    }
    const fp = predicted - tp;
    const fn = support - tp;
    out.push({
      class_index: c,
      precision: ratio(tp, predicted),
      recall: ratio(tp, support),
      f1: f1Of(tp, fp, fn),
      support,
      predicted,
    });
  }
  return out;
}

/** Macro and weighted means over the classes present in the true or predicted labels. */
function averages(rows: PerClassScores[]): { macro: AveragedScores; weighted: AveragedScores } {
  const present = rows.filter((r) => r.support > 0 || r.predicted > 0);
  const support = present.reduce((s, r) => s + r.support, 0);
  const mean = (f: (r: PerClassScores) => number) =>
    ratio(
      present.reduce((s, r) => s + f(r), 0),
      present.length,
    );
  const wmean = (f: (r: PerClassScores) => number) =>
    ratio(
      present.reduce((s, r) => s + f(r) * r.support, 0),
      support,
    );
  return {
    macro: { precision: mean((r) => r.precision), recall: mean((r) => r.recall), f1: mean((r) => r.f1) },
    weighted: {
      precision: wmean((r) => r.precision),
      recall: wmean((r) => r.recall),
      f1: wmean((r) => r.f1),
    },
  };
}

function calibrationOf(input: ClassificationInput, bins: number | undefined): Calibration | undefined {
  const { confidence, labels, predicted } = input;
  if (confidence === undefined) return undefined;
  const conf: number[] = [];
  const correct: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const c = confidence[i] as number;
    if (Number.isNaN(c)) continue;
    conf.push(c);
    correct.push(labels[i] === predicted[i] ? 1 : 0);
  }
  return calibration(conf, correct, bins === undefined ? {} : { bins });
}

/** Accuracy, per-class and averaged precision/recall/F1, top-k accuracy, confusion matrix and ECE. */
export function classificationMetrics(
  input: ClassificationInput,
  options: ClassificationOptions = {},
): ClassificationMetrics {
  const { numClasses, labels, predicted, probs } = input;
  const confusion = confusionCounts(labels, predicted, numClasses);
  let correct = 0;
  for (let c = 0; c < numClasses; c++) correct += confusion[c]![c]!;
  const rows = perClass(confusion);
  const ks = (options.topK ?? [1, 3, 5]).filter((k) => k <= numClasses || options.topK !== undefined);
  const top_k =
    probs === undefined ? [] : ks.map((k) => ({ k, accuracy: topKAccuracy(labels, probs, numClasses, k) }));
  const cal = calibrationOf(input, options.bins);
  const accuracy = ratio(correct, labels.length);
  return {
    count: labels.length,
    accuracy,
    top_k,
    per_class: rows,
    ...averages(rows),
    // Single-label data: summed TP = correct, summed TP + FP = summed TP + FN = count.
    micro: { precision: accuracy, recall: accuracy, f1: accuracy },
    confusion,
    ...(cal === undefined ? {} : { calibration: cal }),
  };
}
