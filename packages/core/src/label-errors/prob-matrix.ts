/**
 * Inputs of the label-error analyses: given labels (one class index per example) and out-of-sample
 * predicted probabilities, `rows` examples × `cols` classes, row-major.
 */
import { AssayError } from '../errors.js';
import { pairwiseSum } from './internal/numpy-math.js';

export interface ProbMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** cleanlab's tolerance for probabilities just outside [0, 1] (FLOATING_POINT_COMPARISON). */
const PROB_TOLERANCE = 1e-6;
/**
 * How far a row of probabilities may sum from 1. Softmax outputs saved as float32 are off by about
 * 1e-6 (the IMDB fixture by up to 2e-5); sigmoid (multi-label) outputs or scores are off by far more
 * and would make every estimate of cleanlab's meaningless.
 */
const ROW_SUM_TOLERANCE = 1e-3;

/**
 * Checks what cleanlab's `assert_valid_inputs` checks: same length, labels are class indices in [0, K),
 * probabilities within [−1e−6, 1 + 1e−6] (and not NaN); and that each row sums to 1 within 1e−3 (one
 * distribution over the K classes per example; the same check in file and project mode).
 * `what` names the inputs in messages (e.g. the file names).
 */
export function validateLabelInputs(labels: Int32Array, probs: ProbMatrix, what = 'the inputs'): void {
  const { rows, cols, data } = probs;
  if (labels.length !== rows) {
    throw new AssayError(
      'INVALID_INPUT',
      `${what}: ${labels.length} labels but ${rows} rows of predicted probabilities.`,
      { hint: 'Give one label and one row of probabilities per example, in the same order.' },
    );
  }
  if (rows === 0 || cols < 2) {
    throw new AssayError('INVALID_INPUT', `${what}: need at least one example and two classes.`, {
      hint: `The probabilities have shape (${rows}, ${cols}).`,
    });
  }
  for (let i = 0; i < rows; i++) {
    const y = labels[i] as number;
    if (y < 0 || y >= cols) {
      throw new AssayError(
        'INVALID_INPUT',
        `${what}: example ${i} has label ${y}, outside the ${cols} classes of the probabilities.`,
        { hint: 'Labels must be zero-based class indices, one column of probabilities per class.' },
      );
    }
  }
  for (let p = 0; p < data.length; p++) {
    const v = data[p] as number;
    if (!(v >= -PROB_TOLERANCE && v <= 1 + PROB_TOLERANCE)) {
      const row = Math.floor(p / cols);
      throw new AssayError(
        'INVALID_INPUT',
        `${what}: example ${row}, class ${p % cols} has probability ${v}, outside [0, 1].`,
        {
          hint: 'Pass probabilities (softmax outputs), not logits; --normalize clips and renormalises rows.',
        },
      );
    }
  }
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[i * cols + j] as number;
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new AssayError(
        'INVALID_INPUT',
        `${what}: the probabilities of example ${i} sum to ${Number(sum.toPrecision(6))}, not 1.`,
        {
          hint: 'Give one softmax distribution over the classes per example (not sigmoid or multi-label scores); --normalize clips and renormalises rows.',
        },
      );
    }
  }
}

/** Clips every probability to [0, 1] and divides each row by its sum (what `--normalize` does). */
export function normalizeProbRows(probs: ProbMatrix): ProbMatrix {
  const { rows, cols } = probs;
  const data = new Float64Array(probs.data.length);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) data[o + j] = Math.min(1, Math.max(0, probs.data[o + j] as number));
    const sum = pairwiseSum(data, o, cols);
    for (let j = 0; j < cols; j++) data[o + j] = (data[o + j] as number) / sum;
  }
  return { data, rows, cols };
}

/** Example indices grouped by given label, each group in input order (a counting sort). */
export interface ClassGroups {
  /** `order[offsets[k] .. offsets[k + 1])` are the examples labelled k. */
  offsets: Int32Array;
  order: Int32Array;
}

export function groupByLabel(labels: Int32Array, k: number): ClassGroups {
  const offsets = new Int32Array(k + 1);
  for (let i = 0; i < labels.length; i++) {
    const c = (labels[i] as number) + 1;
    offsets[c] = (offsets[c] as number) + 1;
  }
  for (let c = 0; c < k; c++) offsets[c + 1] = (offsets[c + 1] as number) + (offsets[c] as number);
  const next = offsets.slice(0, k);
  const order = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    order[next[c] as number] = i;
    next[c] = (next[c] as number) + 1;
  }
  return { offsets, order };
}

/** A row-major k×k matrix as nested arrays (for JSON and tables). */
export function matToRows(m: ArrayLike<number>, k: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < k; i++) out.push(Array.from({ length: k }, (_, j) => m[i * k + j] as number));
  return out;
}

/** The most probable class of row `i` other than `given` (the class a flagged example probably is). */
export function bestOtherClass({ data, cols }: ProbMatrix, i: number, given: number): number {
  const o = i * cols;
  let best = given === 0 ? 1 : 0;
  for (let j = 0; j < cols; j++)
    if (j !== given && (data[o + j] as number) > (data[o + best] as number)) best = j;
  return best;
}
