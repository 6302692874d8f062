import { AssayError } from '../errors.js';
import { type AnnotatorStats, annotatorStats } from './annotator-stats.js';
import {
  agreementPosterior,
  agreementWithConsensus,
  crowdlabPosterior,
  type Posterior,
} from './crowdlab-posterior.js';
import { checkLabelMatrix, countAnnotations, type LabelMatrix, type ProbMatrix } from './label-matrix.js';
import { type MajorityVote, majorityVote } from './majority-vote.js';

/** `majority_vote`: the most frequent label; `best_quality`: the argmax of the quality posterior. */
export type ConsensusMethod = 'majority_vote' | 'best_quality';
/** `crowdlab`: model and annotators weighted (needs probabilities); `agreement`: share of annotators. */
export type QualityMethod = 'crowdlab' | 'agreement';

export interface ConsensusLabelsOptions {
  numClasses: number;
  /** Out-of-sample class probabilities (rows × numClasses); without them only `agreement` applies. */
  probs?: ProbMatrix;
  /** Default `best_quality` with probabilities, `majority_vote` without. */
  method?: ConsensusMethod;
  /** Default `crowdlab` with probabilities, `agreement` without. */
  quality?: QualityMethod;
}

export interface ConsensusLabels {
  method: ConsensusMethod;
  quality: QualityMethod;
  /** Consensus class per example. */
  labels: Int32Array;
  /** Confidence in [0, 1] that the consensus label is right (posterior probability of it). */
  qualityScores: Float64Array;
  /** Fraction of the example's annotators who gave the consensus label. */
  agreement: Float64Array;
  numAnnotations: Int32Array;
  majorityVote: MajorityVote;
  /** Quality of each individual label, rows × annotators (NaN where not labeled). */
  labelQuality: Float64Array;
  posterior: ProbMatrix;
  modelWeight?: number;
  annotatorWeights?: Float64Array;
  /** One entry per annotator, in column order. */
  annotators: AnnotatorStats[];
}

interface Stats {
  agreement: Float64Array;
  posterior: Posterior;
  qualityScores: Float64Array;
}

function statsFor(
  labels: LabelMatrix,
  consensus: Int32Array,
  counts: Int32Array,
  quality: QualityMethod,
  options: ConsensusLabelsOptions,
): Stats {
  const agreement = agreementWithConsensus(labels, consensus, counts);
  const posterior =
    quality === 'crowdlab' && options.probs
      ? crowdlabPosterior(labels, options.probs, consensus, counts, agreement)
      : agreementPosterior(labels, options.numClasses, counts);
  const k = options.numClasses;
  const qualityScores =
    quality === 'crowdlab'
      ? Float64Array.from(consensus, (c, r) => posterior.probs.data[r * k + c]!)
      : agreement.slice();
  return { agreement, posterior, qualityScores };
}

/** The argmax of each posterior row when unique, else the majority vote. */
function bestQualityLabels(posterior: ProbMatrix, votes: Int32Array): Int32Array {
  const k = posterior.cols;
  return Int32Array.from(votes, (vote, r) => {
    let best = Number.NEGATIVE_INFINITY;
    let at = -1;
    let ties = 0;
    for (let j = 0; j < k; j++) {
      const p = posterior.data[r * k + j]!;
      if (p > best) {
        best = p;
        at = j;
        ties = 1;
      } else if (p === best) ties++;
    }
    return ties === 1 ? at : vote;
  });
}

/**
 * A consensus label per example from several annotators, how sure it is, and how good each annotator
 * is. With model probabilities this is CROWDLAB (cleanlab 2.9 `get_label_quality_multiannotator`,
 * defaults `consensus_method="best_quality"`, `quality_method="crowdlab"`): start from the majority
 * vote, blend model and annotators into a posterior, take its argmax as consensus, and score each label
 * by its posterior probability (cleanlab's `self_confidence`). Without probabilities: majority vote and
 * agreement. Pure; typed arrays in, typed arrays out.
 */
export function consensusLabels(labels: LabelMatrix, options: ConsensusLabelsOptions): ConsensusLabels {
  const k = options.numClasses;
  checkLabelMatrix(labels, k, options.probs);
  const quality: QualityMethod = options.quality ?? (options.probs ? 'crowdlab' : 'agreement');
  const method: ConsensusMethod = options.method ?? (options.probs ? 'best_quality' : 'majority_vote');
  if (quality === 'crowdlab' && !options.probs)
    throw new AssayError('USAGE', 'CROWDLAB quality needs model probabilities.', {
      hint: 'Give predicted probabilities, or use the `agreement` quality method.',
    });
  const counts = countAnnotations(labels);
  const votes = majorityVote(labels, { numClasses: k, ...(options.probs ? { probs: options.probs } : {}) });
  let consensus = votes.labels;
  let stats = statsFor(labels, consensus, counts, quality, options);
  if (method === 'best_quality') {
    consensus = bestQualityLabels(stats.posterior.probs, votes.labels);
    stats = statsFor(labels, consensus, counts, quality, options);
  }
  const { rows, cols, data } = labels;
  const labelQuality = new Float64Array(rows * cols).fill(Number.NaN);
  for (let i = 0; i < rows * cols; i++) {
    const v = data[i]!;
    if (!Number.isNaN(v)) labelQuality[i] = stats.posterior.probs.data[Math.floor(i / cols) * k + v]!;
  }
  const { modelWeight, annotatorWeights } = stats.posterior;
  const annotators = annotatorStats({
    labels,
    consensus,
    consensusQuality: stats.qualityScores,
    counts,
    labelQuality,
    posterior: stats.posterior.probs,
    ...(modelWeight === undefined ? {} : { modelWeight }),
    ...(annotatorWeights === undefined ? {} : { annotatorWeights }),
  });
  return {
    method,
    quality,
    labels: consensus,
    qualityScores: stats.qualityScores,
    agreement: stats.agreement,
    numAnnotations: counts,
    majorityVote: votes,
    labelQuality,
    posterior: stats.posterior.probs,
    ...(modelWeight === undefined ? {} : { modelWeight }),
    ...(annotatorWeights === undefined ? {} : { annotatorWeights }),
    annotators,
  };
}
