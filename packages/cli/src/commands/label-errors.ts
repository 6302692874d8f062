import type { FilterMethod, LabelErrorsReport, LabelQualityMethod } from '@assay/core';
import { AssayError } from '@assay/core/errors';
import { analyzeLabelErrors } from '@assay/core/label-errors/analyze-label-errors';
import { FILTER_METHODS } from '@assay/core/label-errors/find-label-issues';
import { LABEL_QUALITY_METHODS } from '@assay/core/label-errors/label-quality-scores';
import { matToRows, normalizeProbRows } from '@assay/core/label-errors/prob-matrix';
import { loadLabelInputs } from '@assay/core/node/files';
import type { LabelErrorsRunResult } from '@assay/core/node/run-label-errors';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface LabelErrorsOptions {
  labels?: string;
  predProbs?: string;
  labelColumn?: string;
  pred?: string;
  gt?: string;
  method: string;
  score: string;
  fracNoise?: string;
  minExamplesPerClass?: string;
  normalize?: boolean;
  top: string;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new AssayError('USAGE', `${flag} "${value}" is not one of: ${allowed.join(', ')}.`);
}

function numberIn(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new AssayError('USAGE', `${flag} takes a number from ${min} to ${max}, not "${text}".`);
  return n;
}

export async function run(options: LabelErrorsOptions, ctx: CommandContext): Promise<number> {
  const filterBy = oneOf<FilterMethod>(options.method, FILTER_METHODS, '--method');
  const score = oneOf<LabelQualityMethod>(options.score, LABEL_QUALITY_METHODS, '--score');
  const fracNoise = numberIn(options.fracNoise, '--frac-noise', 0, 1);
  const minExamplesPerClass = numberIn(options.minExamplesPerClass, '--min-examples-per-class', 0, 1e12);
  const top = numberIn(options.top, '--top', 0, 1e9) ?? 20;
  const tuning = {
    filterBy,
    score,
    ...(fracNoise === undefined ? {} : { fracNoise }),
    ...(minExamplesPerClass === undefined ? {} : { minExamplesPerClass: Math.floor(minExamplesPerClass) }),
    signal: ctx.signal,
  };
  const fileMode = options.labels !== undefined || options.predProbs !== undefined;
  if (fileMode && options.pred !== undefined) {
    throw new AssayError(
      'USAGE',
      'Give either --labels with --pred-probs (files) or --pred (a project source).',
      {
        hint: 'File mode: assay label-errors --labels y.npy --pred-probs p.npy; project mode: --pred prediction:NAME.',
      },
    );
  }
  if (fileMode) {
    if (options.labels === undefined || options.predProbs === undefined) {
      throw new AssayError('USAGE', 'File mode needs both --labels and --pred-probs.', {
        hint: 'e.g. assay label-errors --labels labels.npy --pred-probs pred_probs.npy',
      });
    }
    const inputs = await loadLabelInputs(options.labels, options.predProbs, {
      ...(options.labelColumn ? { labelColumn: options.labelColumn } : {}),
    });
    const probs = options.normalize ? normalizeProbRows(inputs.probs) : inputs.probs;
    const report = analyzeLabelErrors(inputs.labels, probs, {
      ...tuning,
      what: `${options.labels}, ${options.predProbs}`,
    });
    printFileReport(report, inputs.labels, probs.data, top, ctx);
    return 0;
  }
  if (options.pred === undefined) {
    throw new AssayError(
      'USAGE',
      'Say what to check: --labels and --pred-probs files, or --pred prediction:NAME.',
      {
        hint: 'assay label-errors --help lists the options.',
      },
    );
  }
  // Project mode only: the store (DuckDB) is loaded here, so file mode starts without it.
  const { openProject } = await import('@assay/core/node/project');
  const { runLabelErrors } = await import('@assay/core/node/run-label-errors');
  const project = await openProject(ctx.projectDir, { command: 'assay label-errors', onNote: ctx.out.note });
  try {
    const result = await runLabelErrors(project, {
      prediction: options.pred,
      ...(options.gt ? { labels: options.gt } : {}),
      ...(options.normalize ? { normalize: true } : {}),
      ...tuning,
    });
    printProjectResult(result, top, ctx);
    return 0;
  } finally {
    await project.close();
  }
}

const fixed = (x: number, digits = 4): string =>
  x !== 0 && Math.abs(x) < 10 ** -digits ? x.toExponential(1) : x.toFixed(digits);

function printFileReport(
  report: LabelErrorsReport,
  labels: Int32Array,
  probs: Float64Array,
  top: number,
  ctx: CommandContext,
): void {
  const k = report.classes;
  const { out } = ctx;
  out.result({
    examples: report.examples,
    classes: k,
    filter_by: report.filterBy,
    score: report.score,
    issues: Array.from(report.issues),
    scores: Array.from(report.scores),
    num_label_issues: report.numLabelIssues,
    health_score: report.healthScore,
    confident_thresholds: Array.from(report.thresholds),
    confident_joint: matToRows(report.confidentJoint, k),
    confident_joint_calibrated: matToRows(report.confidentJointCalibrated, k),
    joint: matToRows(report.joint, k),
    noise_matrix: matToRows(report.noiseMatrix, k),
    inverse_noise_matrix: matToRows(report.inverseNoiseMatrix, k),
    py: Array.from(report.py),
    per_class: report.perClass.map((c) => ({
      class: c.classIndex,
      label_issues: c.labelIssues,
      inverse_label_issues: c.inverseLabelIssues,
      label_noise: c.labelNoise,
      inverse_label_noise: c.inverseLabelNoise,
      label_quality: c.labelQualityScore,
    })),
  });
  out.line(
    `${count(report.issues.length)} likely label errors in ${counted(report.examples, 'example')}, ${counted(k, 'class', 'classes')} ` +
      `(filter ${report.filterBy}, ranked by ${report.score}); label health ${fixed(report.healthScore, 3)}.`,
  );
  if (report.issues.length === 0 || top === 0) return;
  const rows = Array.from(report.issues.subarray(0, top), (i, r) => {
    const y = probs.subarray(i * k, i * k + k);
    let best = 0;
    for (let j = 1; j < k; j++) if ((y[j] as number) > (y[best] as number)) best = j;
    return [r + 1, i, labels[i] as number, best, fixed(y[best] as number), fixed(report.scores[i] as number)];
  });
  out.line(table(rows, ['rank', 'example', 'given', 'predicted', 'p(predicted)', report.score]));
  if (report.issues.length > top)
    out.line(`… ${count(report.issues.length - top)} more (--top N, or --json).`);
}

/** "Skipped 5 images whose file scan found corrupt (…)", or undefined when none was skipped. */
function skippedImages(byStatus: Record<string, number>): string | undefined {
  const parts = Object.entries(byStatus).map(([status, n]) => `${count(n)} ${status}`);
  if (parts.length === 0) return undefined;
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return `Skipped ${count(total)} ${total === 1 ? 'image' : 'images'} whose file scan found missing, corrupt or unreadable (${parts.join(', ')}): no model saw them.`;
}

function printProjectResult(result: LabelErrorsRunResult, top: number, ctx: CommandContext): void {
  const { out } = ctx;
  out.result(snakeKeys(result, 1));
  if (result.kind === 'detection') {
    const counts = Object.entries(result.issues).map(([t, n]) => `${t} ${count(n)}`);
    out.line(
      `Boxes in ${result.labels} checked against ${result.prediction}: ${counted(result.images, 'image')}, ` +
        `${count(result.flagged_images)} with issues (${counts.join(' · ') || 'none'}); run ${result.runId}.`,
    );
    const skipped = skippedImages(result.skipped_images);
    if (skipped) out.note(skipped);
    const worst = result.worst_images.slice(0, top).map((w) => [w.sample, fixed(w.score), w.issues]);
    if (worst.length > 0) out.line(table(worst, ['image', 'score', 'issues']));
    return;
  }
  out.line(
    `${count(result.issues)} likely label errors in ${counted(result.examples, 'sample')} ` +
      `(${result.labels} vs ${result.prediction}, filter ${result.filter_by}, ranked by ${result.score}); ` +
      `label health ${fixed(result.health_score, 3)}; stored as label_error issues (run ${result.runId}).`,
  );
  const skipped = Object.entries(result.skipped);
  if (skipped.length > 0) {
    const total = skipped.reduce((a, [, n]) => a + n, 0);
    out.note(
      `Skipped ${counted(total, 'sample')}: ${skipped.map(([r, n]) => `${count(n)} ${r}`).join('; ')}.`,
    );
  }
  const rows = result.top
    .slice(0, top)
    .map((t, r) => [r + 1, t.sample, t.given, t.suggested, fixed(t.quality)]);
  if (rows.length > 0) out.line(table(rows, ['rank', 'sample', 'given', 'likely', result.score]));
}
