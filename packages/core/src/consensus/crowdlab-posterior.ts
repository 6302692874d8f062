import { AssayError } from '../errors.js';
import { argmaxAt, type LabelMatrix, type ProbMatrix } from './label-matrix.js';

/** Lower clip of error ratios and weights (cleanlab's CLIPPING_LOWER_BOUND). */
const CLIP = 1e-6;

export interface Posterior {
  /** rows × K: the model's probabilities blended with the annotators' labels. */
  probs: ProbMatrix;
  /** Weight of the model relative to the annotators (CROWDLAB only). */
  modelWeight?: number;
  /** One weight per annotator (CROWDLAB only). */
  annotatorWeights?: Float64Array;
}

/** Fraction of each example's labels equal to its consensus label. */
export function agreementWithConsensus(labels: LabelMatrix, consensus: Int32Array, counts: Int32Array) {
  const { rows, cols, data } = labels;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let same = 0;
    for (let c = 0; c < cols; c++) if (data[r * cols + c] === consensus[r]) same++;
    out[r] = same / counts[r]!;
  }
  return out;
}

/**
 * How often annotator `a` agrees with the other annotators of the same examples: per example with
 * n > 1 labels, (others with the same label) / (n - 1), averaged with weights n - 1. NaN when `a`
 * never shares an example; then the mean of the other annotators (as cleanlab does).
 */
export function agreementWithAnnotators(labels: LabelMatrix, counts: Int32Array): Float64Array {
  const { rows, cols, data } = labels;
  const out = new Float64Array(cols);
  for (let a = 0; a < cols; a++) {
    let sum = 0;
    let weight = 0;
    for (let r = 0; r < rows; r++) {
      const mine = data[r * cols + a]!;
      const n = counts[r]!;
      if (Number.isNaN(mine) || n < 2) continue;
      let same = -1;
      for (let c = 0; c < cols; c++) if (data[r * cols + c] === mine) same++;
      sum += (same / (n - 1)) * (n - 1);
      weight += n - 1;
    }
    out[a] = weight === 0 ? Number.NaN : sum / weight;
  }
  const known = [...out].filter((v) => !Number.isNaN(v));
  const mean = known.reduce((x, y) => x + y, 0) / known.length;
  for (let a = 0; a < cols; a++) if (Number.isNaN(out[a]!)) out[a] = mean;
  return out;
}

/**
 * CROWDLAB's posterior (Goh, Mueller, Tkachenko 2022, arXiv:2210.06812; cleanlab 2.9
 * `_get_post_pred_probs_and_weights`): a weighted average of the model's probabilities and one
 * likelihood vector per annotator label. Weights measure each source against a baseline that always
 * answers the most common consensus class, on the examples with more than one label.
 */
export function crowdlabPosterior(
  labels: LabelMatrix,
  probs: ProbMatrix,
  consensus: Int32Array,
  counts: Int32Array,
  agreement: Float64Array,
): Posterior {
  const { rows, cols, data } = labels;
  const k = probs.cols;
  const multi: number[] = [];
  for (let r = 0; r < rows; r++) if (counts[r] !== 1) multi.push(r);
  if (multi.length === 0)
    throw new AssayError('INVALID_INPUT', 'Every example has a single label: there is nothing to compare.', {
      hint: 'CROWDLAB needs some examples labeled by two or more annotators.',
    });
  const consensusLikelihood = multi.reduce((s, r) => s + agreement[r]!, 0) / multi.length;
  const otherLikelihood = (1 - consensusLikelihood) / (k - 1);
  const byClass = new Float64Array(k);
  for (const r of multi) byClass[consensus[r]!]!++;
  const commonest = argmaxAt(byClass, 0, k);
  const baselineError = Math.max(multi.filter((r) => consensus[r] !== commonest).length / multi.length, CLIP);
  const annotatorWeights = agreementWithAnnotators(labels, counts).map((a) =>
    Math.max(1 - (1 - a) / baselineError, CLIP),
  );
  const modelError =
    multi.filter((r) => argmaxAt(probs.data, r * k, k) !== consensus[r]).length / multi.length;
  const meanCount = counts.reduce((s, n) => s + n, 0) / rows;
  const modelWeight = Math.max(1 - modelError / baselineError, CLIP) * Math.sqrt(meanCount);
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let c = 0; c < cols; c++) if (!Number.isNaN(data[r * cols + c]!)) total += annotatorWeights[c]!;
    total += modelWeight;
    for (let j = 0; j < k; j++) {
      let v = probs.data[r * k + j]! * modelWeight;
      for (let c = 0; c < cols; c++) {
        const label = data[r * cols + c]!;
        if (Number.isNaN(label)) continue;
        v += annotatorWeights[c]! * (label === j ? consensusLikelihood : otherLikelihood);
      }
      out[r * k + j] = v / total;
    }
  }
  return { probs: { data: out, rows, cols: k }, modelWeight, annotatorWeights };
}

/** Without CROWDLAB weights: each class's share of an example's labels. */
export function agreementPosterior(labels: LabelMatrix, numClasses: number, counts: Int32Array): Posterior {
  const { rows, cols, data } = labels;
  const out = new Float64Array(rows * numClasses);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c]!;
      if (!Number.isNaN(v)) out[r * numClasses + v]!++;
    }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / counts[Math.floor(i / numClasses)]!;
  return { probs: { data: out, rows, cols: numClasses } };
}
