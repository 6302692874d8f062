/**
 * Everything `assay label-errors` reports in one pass: the flagged examples ranked by a label quality
 * score, that score for every example, the confident joint (raw and calibrated), the latent noise
 * estimates and cleanlab's data-set health summary.
 */
import { computeConfidentJoint, labelCounts } from './confident-joint.js';
import {
  type ClassLabelQuality,
  classLabelQuality,
  estimateJoint,
  estimateLatent,
  type LatentEstimates,
} from './estimate-latent.js';
import {
  countOffDiagonalIssues,
  type FilterMethod,
  type FindLabelIssuesOptions,
  findLabelIssues,
  rankIssues,
} from './find-label-issues.js';
import { type LabelQualityMethod, labelQualityScores } from './label-quality-scores.js';
import { type ProbMatrix, validateLabelInputs } from './prob-matrix.js';

export interface AnalyzeLabelErrorsOptions
  extends Omit<FindLabelIssuesOptions, 'rankBy' | 'computed' | 'confidentJoint'> {
  /** Label quality score used for `scores` and to rank `issues`; default `self_confidence`. */
  score?: LabelQualityMethod;
  /** Names the inputs in error messages. */
  what?: string;
}

export interface LabelErrorsReport extends LatentEstimates {
  examples: number;
  classes: number;
  filterBy: FilterMethod;
  score: LabelQualityMethod;
  /** Flagged example indices, most likely label error first. */
  issues: Int32Array;
  /** One label quality score per example (lower = more likely wrong). */
  scores: Float64Array;
  /** Per-class confident thresholds. */
  thresholds: Float64Array;
  /** k×k row-major counts, row = given label, column = confident true-label guess. */
  confidentJoint: Float64Array;
  confidentJointCalibrated: Float64Array;
  /** k×k row-major estimate of P(given, true). */
  joint: Float64Array;
  /** cleanlab's `num_label_issues` (off-diagonal examples not predicted as given). */
  numLabelIssues: number;
  /** 1 − numLabelIssues / examples (cleanlab's overall_label_health_score). */
  healthScore: number;
  perClass: ClassLabelQuality[];
}

export function analyzeLabelErrors(
  labels: Int32Array,
  probs: ProbMatrix,
  options: AnalyzeLabelErrorsOptions = {},
): LabelErrorsReport {
  validateLabelInputs(labels, probs, options.what);
  const k = probs.cols;
  const filterBy = options.filterBy ?? 'prune_by_noise_rate';
  const score = options.score ?? 'self_confidence';
  const computed = computeConfidentJoint(labels, probs);
  const { score: _s, what: _w, ...findOptions } = options;
  const flagged = findLabelIssues(labels, probs, { ...findOptions, filterBy, computed });
  options.signal?.throwIfAborted();
  const scores = labelQualityScores(labels, probs, { method: score });
  const issues = rankIssues(flagged, labels, probs, score, scores);
  const counts = labelCounts(labels, k);
  const joint = estimateJoint(computed.joint);
  const numLabelIssues = countOffDiagonalIssues(labels, probs, computed.offDiagonal);
  return {
    examples: probs.rows,
    classes: k,
    filterBy,
    score,
    issues,
    scores,
    thresholds: computed.thresholds,
    confidentJoint: computed.rawJoint,
    confidentJointCalibrated: computed.joint,
    joint,
    ...estimateLatent(computed.joint, counts),
    numLabelIssues,
    healthScore: 1 - numLabelIssues / probs.rows,
    perClass: classLabelQuality(joint, k, probs.rows),
  };
}
