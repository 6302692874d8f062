import { maxOf, minOf } from '../arrays/append-all.js';
import { checkLabelMatrix, type LabelMatrix, type ProbMatrix } from './label-matrix.js';

/** How a majority vote was decided: no tie, or which tie-break settled it. */
export type TieBreak = 'none' | 'model' | 'rarer_class' | 'annotator_agreement' | 'lowest_class';

export interface MajorityVoteOptions {
  /** Number of classes K (labels are 0..K-1). */
  numClasses: number;
  /** Out-of-sample class probabilities (rows × K): the first tie-break when given. */
  probs?: ProbMatrix;
}

export interface MajorityVote {
  labels: Int32Array;
  /** Per example, the rule that settled it. */
  tieBreaks: TieBreak[];
}

/** Keeps the candidates with the best key (largest unless `smallest`); exact float comparison. */
function keepBest(candidates: number[], key: (c: number) => number, smallest = false): number[] {
  const keys = candidates.map(key);
  const best = smallest ? minOf(keys) : maxOf(keys);
  return candidates.filter((_, i) => keys[i] === best);
}

/**
 * The most frequent label of each example. Ties are broken deterministically, in the order cleanlab's
 * `get_majority_vote_label` uses (cleanlab 2.9, multiannotator.py), except its last step:
 * 1. the class the model gives the highest probability (when `probs` is given);
 * 2. the class chosen least often over the whole matrix (so ties do not add to class imbalance);
 * 3. the class chosen by the annotators who agree most with the untied majority votes
 *    (mean over the annotators who chose it);
 * 4. the lowest class index (cleanlab picks at random here).
 */
export function majorityVote(labels: LabelMatrix, options: MajorityVoteOptions): MajorityVote {
  const { numClasses: k, probs } = options;
  checkLabelMatrix(labels, k, probs);
  const { rows, cols, data } = labels;
  const counts = new Float64Array(rows * k);
  const classTotals = new Float64Array(k);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c]!;
      if (Number.isNaN(v)) continue;
      counts[r * k + v]!++;
      classTotals[v]!++;
    }
  const out = new Int32Array(rows);
  const tieBreaks: TieBreak[] = new Array(rows).fill('none');
  const tied = new Map<number, number[]>();
  for (let r = 0; r < rows; r++) {
    let modes: number[] = [];
    for (let j = 0; j < k; j++) modes.push(j);
    modes = keepBest(modes, (j) => counts[r * k + j]!);
    if (modes.length === 1) out[r] = modes[0]!;
    else tied.set(r, modes);
  }
  const settle = (rule: TieBreak, narrow: (r: number, modes: number[]) => number[]) => {
    for (const [r, modes] of tied) {
      const left = narrow(r, modes);
      if (left.length === 1) {
        out[r] = left[0]!;
        tieBreaks[r] = rule;
        tied.delete(r);
      } else tied.set(r, left);
    }
  };
  if (probs) settle('model', (r, modes) => keepBest(modes, (j) => probs.data[r * k + j]!));
  settle('rarer_class', (_r, modes) => keepBest(modes, (j) => classTotals[j]!, true));
  if (tied.size > 0) {
    const quality = initialAnnotatorAgreement(labels, out, tied);
    settle('annotator_agreement', (r, modes) =>
      keepBest(modes, (j) => {
        let sum = 0;
        let n = 0;
        for (let c = 0; c < cols; c++)
          if (data[r * cols + c] === j) {
            sum += quality[c]!;
            n++;
          }
        return sum / n;
      }),
    );
  }
  settle('lowest_class', (_r, modes) => [minOf(modes)]);
  return { labels: out, tieBreaks };
}

/** Each annotator's agreement with the untied majority votes; the mean of the others when it has none. */
function initialAnnotatorAgreement(labels: LabelMatrix, votes: Int32Array, tied: Map<number, number[]>) {
  const { rows, cols, data } = labels;
  const agreement = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    let same = 0;
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const v = data[r * cols + c]!;
      if (tied.has(r) || Number.isNaN(v)) continue;
      n++;
      if (v === votes[r]) same++;
    }
    agreement[c] = n === 0 ? Number.NaN : same / n;
  }
  const known = [...agreement].filter((a) => !Number.isNaN(a));
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  for (let c = 0; c < cols; c++) if (Number.isNaN(agreement[c]!)) agreement[c] = mean;
  return agreement;
}
