/**
 * `assay label-errors --pred prediction:X` on a project: the given class of each sample (one
 * classification annotation in the label source) against the prediction source's class probabilities
 * (ordered as the project's class map), confident learning over all of them, and every flagged sample
 * stored as a `label_error` issue under a `label-errors` run. When the labels are boxes instead, the
 * detection label-issue runner does the work.
 */
import { AssayError } from '../errors.js';
import { analyzeLabelErrors, type LabelErrorsReport } from '../label-errors/analyze-label-errors.js';
import type { FilterMethod } from '../label-errors/find-label-issues.js';
import type { LabelQualityMethod } from '../label-errors/label-quality-scores.js';
import {
  bestOtherClass,
  matToRows,
  normalizeProbRows,
  type ProbMatrix,
} from '../label-errors/prob-matrix.js';
import type { StoredAnnotation } from '../store/project-store.js';
import { labelErrorIssues } from './label-error-issues.js';
import { collectLabelExamples, type LabelExamples } from './label-examples.js';
import type { Project } from './project.js';
import {
  type DetectionIssuesRunSummary,
  runDetectionIssues,
  UNUSABLE_SCAN_STATUSES,
} from './run-detection-issues.js';

export const LABEL_ERROR_ISSUE_TYPES = ['label_error'] as const;

export interface RunLabelErrorsOptions {
  /** The prediction source, e.g. `prediction:resnet50`. */
  prediction: string;
  /** The labels to check; default `ground_truth`. */
  labels?: string;
  filterBy?: FilterMethod;
  score?: LabelQualityMethod;
  fracNoise?: number;
  minExamplesPerClass?: number;
  /** Clip probabilities to [0, 1] and renormalise rows first; default false. */
  normalize?: boolean;
  signal?: AbortSignal;
}

export interface LabelErrorsRunSummary {
  kind: 'classification';
  runId: number;
  labels: string;
  prediction: string;
  examples: number;
  classes: string[];
  filter_by: FilterMethod;
  score: LabelQualityMethod;
  issues: number;
  health_score: number;
  num_label_issues: number;
  /** Samples left out, with why (several labels, no prediction, wrong number of probabilities). */
  skipped: Record<string, number>;
  /** The flagged samples, most likely error first (at most 20). */
  top: { sample: string; given: string; suggested: string; quality: number }[];
  confident_joint: number[][];
  noise_matrix: number[][];
  inverse_noise_matrix: number[][];
  py: number[];
}

export type LabelErrorsRunResult =
  | LabelErrorsRunSummary
  | ({ kind: 'detection' } & DetectionIssuesRunSummary);

const SPATIAL = new Set(['bbox', 'polygon', 'mask']);

export async function runLabelErrors(
  project: Project,
  options: RunLabelErrorsOptions,
): Promise<LabelErrorsRunResult> {
  const { store } = project;
  const labels = options.labels ?? 'ground_truth';
  const sources = await store.listSources();
  for (const name of [labels, options.prediction]) {
    if (!sources.some((s) => s.name === name)) {
      throw new AssayError('NOT_FOUND', `The project has no label source "${name}".`, {
        hint: `Known sources: ${sources.map((s) => s.name).join(', ') || 'none (import some first)'}.`,
      });
    }
  }
  // The kinds of the labels by one GROUP BY: box labels go to the detection checks, which read what they
  // need themselves, so the annotations are loaded once, not twice (issue 12).
  const kinds = await store.annotationKinds(labels);
  const spatial = Object.keys(kinds).some((k) => SPATIAL.has(k));
  if (!kinds.classification && spatial) {
    const summary = await runDetectionIssues(project, {
      prediction: options.prediction,
      labels,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { kind: 'detection', ...summary };
  }
  const annotations = await store.listAnnotations([labels, options.prediction]);
  return runClassification(project, options, labels, annotations);
}

async function runClassification(
  project: Project,
  options: RunLabelErrorsOptions,
  labels: string,
  annotations: StoredAnnotation[],
): Promise<LabelErrorsRunSummary> {
  const { store } = project;
  const classes = (await store.listClasses()).map((c) => c.name);
  const unusable = new Map<number, string>();
  for (const s of await store.listSamples())
    if (UNUSABLE_SCAN_STATUSES.includes(s.probe.status)) unusable.set(s.id, s.probe.status);
  const examples = collectLabelExamples(annotations, {
    labels,
    prediction: options.prediction,
    classes,
    unusable,
  });
  const { filterBy, score, fracNoise, minExamplesPerClass } = options;
  const params = { labels, prediction: options.prediction, filterBy, score, fracNoise, minExamplesPerClass };
  const runId = await store.startRun('label-errors', params);
  try {
    const probs = options.normalize ? normalizeProbRows(examples.probs) : examples.probs;
    const report = analyzeLabelErrors(examples.labels, probs, {
      ...(filterBy ? { filterBy } : {}),
      ...(score ? { score } : {}),
      ...(fracNoise === undefined ? {} : { fracNoise }),
      ...(minExamplesPerClass === undefined ? {} : { minExamplesPerClass }),
      ...(options.signal ? { signal: options.signal } : {}),
      what: `${labels} vs ${options.prediction}`,
    });
    const issues = labelErrorIssues(report, examples, probs, classes, options.prediction);
    await store.replaceIssues(runId, [...LABEL_ERROR_ISSUE_TYPES], issues);
    const summary = summarize(
      { runId, labels, prediction: options.prediction, classes },
      report,
      examples,
      probs,
    );
    await store.finishRun(runId, 'ok', { ...summary, top: summary.top.slice(0, 5) }, report.examples);
    return summary;
  } catch (error) {
    const interrupted = options.signal?.aborted === true;
    await store.finishRun(runId, interrupted ? 'interrupted' : 'failed', { error: String(error) });
    if (interrupted) throw new AssayError('INTERRUPTED', 'Interrupted: no label errors were stored.');
    throw error;
  }
}

interface RunContext {
  runId: number;
  labels: string;
  prediction: string;
  classes: string[];
}

function summarize(
  { runId, labels, prediction, classes }: RunContext,
  report: LabelErrorsReport,
  examples: LabelExamples,
  probs: ProbMatrix,
): LabelErrorsRunSummary {
  const k = classes.length;
  const top = Array.from(report.issues.subarray(0, 20), (i) => {
    const y = examples.labels[i] as number;
    return {
      sample: examples.sampleKeys[i] as string,
      given: classes[y] as string,
      suggested: classes[bestOtherClass(probs, i, y)] as string,
      quality: report.scores[i] as number,
    };
  });
  return {
    kind: 'classification',
    runId,
    labels,
    prediction,
    examples: report.examples,
    classes,
    filter_by: report.filterBy,
    score: report.score,
    issues: report.issues.length,
    health_score: report.healthScore,
    num_label_issues: report.numLabelIssues,
    skipped: examples.skipped,
    top,
    confident_joint: matToRows(report.confidentJoint, k),
    noise_matrix: matToRows(report.noiseMatrix, k),
    inverse_noise_matrix: matToRows(report.inverseNoiseMatrix, k),
    py: Array.from(report.py),
  };
}
