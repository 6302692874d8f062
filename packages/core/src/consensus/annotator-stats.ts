import { maxOf, minOf } from '../arrays/append-all.js';
import type { LabelMatrix, ProbMatrix } from './label-matrix.js';

/** One class as one annotator used it, measured against the consensus. */
export interface AnnotatorClassAgreement {
  class: number;
  /** Examples this annotator gave this class. */
  given: number;
  /** Of those, the fraction whose consensus is this class (precision; NaN when `given` is 0). */
  precision: number;
  /** Examples this annotator labeled whose consensus is this class. */
  consensus: number;
  /** Of those, the fraction this annotator also gave this class (recall; NaN when `consensus` is 0). */
  recall: number;
}

export interface AnnotatorStats {
  /** Column index in the label matrix. */
  annotator: number;
  /** Overall quality in [0, 1] (CROWDLAB: blend of label quality and agreement; else agreement). */
  quality: number;
  /** Fraction of this annotator's labels equal to the consensus (all examples it labeled). */
  agreementWithConsensus: number;
  /** The class this annotator most often gives wrongly (lowest precision; ties as cleanlab breaks them). */
  worstClass: number;
  labeled: number;
  perClass: AnnotatorClassAgreement[];
}

export interface AnnotatorStatsInput {
  labels: LabelMatrix;
  consensus: Int32Array;
  consensusQuality: Float64Array;
  counts: Int32Array;
  /** Per-label quality scores (rows × annotators, NaN where not labeled). */
  labelQuality: Float64Array;
  posterior: ProbMatrix;
  modelWeight?: number;
  annotatorWeights?: Float64Array;
}

/**
 * Per annotator: quality, agreement with the consensus overall and per class, worst class. With
 * CROWDLAB weights, quality = w·(mean label quality) + (1-w)·(agreement on multiply-labeled examples),
 * w = model weight / (model weight + sum of annotator weights × mean labels per example / annotators),
 * as cleanlab 2.9 `_get_annotator_quality`; without, quality is that agreement alone.
 */
export function annotatorStats(input: AnnotatorStatsInput): AnnotatorStats[] {
  const { labels, consensus, counts, labelQuality, modelWeight, annotatorWeights } = input;
  const { rows, cols, data } = labels;
  let w: number | undefined;
  if (modelWeight !== undefined && annotatorWeights !== undefined) {
    const meanCount = counts.reduce((s, n) => s + n, 0) / rows;
    const adjusted = annotatorWeights.reduce((s, x) => s + x, 0) * (meanCount / cols);
    w = modelWeight / (modelWeight + adjusted);
  }
  const out: AnnotatorStats[] = [];
  for (let a = 0; a < cols; a++) {
    let labeled = 0;
    let same = 0;
    let multi = 0;
    let multiSame = 0;
    let qualitySum = 0;
    for (let r = 0; r < rows; r++) {
      const v = data[r * cols + a]!;
      if (Number.isNaN(v)) continue;
      labeled++;
      qualitySum += labelQuality[r * cols + a]!;
      const agrees = v === consensus[r];
      if (agrees) same++;
      if (counts[r]! > 1) {
        multi++;
        if (agrees) multiSame++;
      }
    }
    const multiAgreement = multi === 0 ? Number.NaN : multiSame / multi;
    const quality = w === undefined ? multiAgreement : w * (qualitySum / labeled) + (1 - w) * multiAgreement;
    const perClass = classAgreement(input, a);
    out.push({
      annotator: a,
      quality,
      agreementWithConsensus: same / labeled,
      worstClass: worstClass(input, a, perClass),
      labeled,
      perClass,
    });
  }
  return out;
}

function classAgreement(input: AnnotatorStatsInput, a: number): AnnotatorClassAgreement[] {
  const { labels, consensus, posterior } = input;
  const { rows, cols, data } = labels;
  const k = posterior.cols;
  const given = new Float64Array(k);
  const givenRight = new Float64Array(k);
  const truth = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const v = data[r * cols + a]!;
    if (Number.isNaN(v)) continue;
    const c = consensus[r]!;
    given[v]!++;
    truth[c]!++;
    if (v === c) givenRight[v]!++;
  }
  return Array.from({ length: k }, (_, j) => ({
    class: j,
    given: given[j]!,
    precision: given[j]! === 0 ? Number.NaN : givenRight[j]! / given[j]!,
    consensus: truth[j]!,
    recall: truth[j]! === 0 ? Number.NaN : givenRight[j]! / truth[j]!,
  }));
}

/**
 * Lowest precision among the classes the annotator gave; ties go to the class it gave most, then to
 * the class whose examples have the highest mean consensus quality, then to the lowest index
 * (cleanlab 2.9 `_get_single_annotator_worst_class`).
 */
function worstClass(input: AnnotatorStatsInput, a: number, perClass: AnnotatorClassAgreement[]): number {
  const used = perClass.filter((c) => c.given > 0);
  const minPrecision = minOf(used.map((c) => c.precision));
  let tied = used.filter((c) => c.precision === minPrecision);
  const maxGiven = maxOf(tied.map((c) => c.given));
  tied = tied.filter((c) => c.given === maxGiven);
  if (tied.length === 1) return tied[0]!.class;
  const { labels, consensusQuality } = input;
  const { rows, cols, data } = labels;
  const meanQuality = (j: number) => {
    let sum = 0;
    let n = 0;
    for (let r = 0; r < rows; r++)
      if (data[r * cols + a] === j) {
        sum += consensusQuality[r]!;
        n++;
      }
    return sum / n;
  };
  const scored = tied.map((c) => ({ c: c.class, q: meanQuality(c.class) }));
  const best = maxOf(scored.map((s) => s.q));
  return scored.find((s) => s.q === best)!.c;
}
