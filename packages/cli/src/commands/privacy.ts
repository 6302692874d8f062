import { AssayError } from '@assay/core/errors';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { createProgress } from '../ui/progress.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface PrivacyOptions {
  examples: string;
  images?: boolean;
  faceMinScore: string;
}

/**
 * `assay privacy`: personal data in the project's text (file names, texts, metadata, annotation
 * attributes) as `pii_*` issues, values masked; prints counts per type and the first findings.
 */
export async function run(options: PrivacyOptions, ctx: CommandContext): Promise<number> {
  const examples = Number(options.examples);
  if (!Number.isInteger(examples) || examples < 0)
    throw new AssayError('USAGE', `--examples takes a whole number, not "${options.examples}".`);
  const { openProject } = await import('@assay/core/node/project');
  const { runPrivacy } = await import('@assay/core/node/run-privacy');
  const { PRIVACY_ISSUE_TYPES } = await import('@assay/core/node/privacy-issue-types');
  const project = await openProject(ctx.projectDir, { command: 'assay privacy', onNote: ctx.out.note });
  try {
    const faceMinScore = Number(options.faceMinScore);
    if (!(faceMinScore >= 0 && faceMinScore <= 1))
      throw new AssayError(
        'USAGE',
        `--face-min-score takes a number from 0 to 1, not "${options.faceMinScore}".`,
      );
    const progress = createProgress(ctx.out, 'faces', 0, ctx.signal);
    const summary = await runPrivacy(project, {
      images: options.images === true,
      faceMinScore,
      signal: ctx.signal,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.stop();
    const listed =
      examples === 0
        ? []
        : await project.store.listIssuePage({ types: [...PRIVACY_ISSUE_TYPES], limit: examples });
    const findings = listed.map((i) => ({
      type: i.type,
      severity: i.severity,
      sample: i.sampleKey ?? null,
      field: i.details?.field ?? null,
      region: i.details?.region ?? null,
      start: i.details?.start ?? null,
      end: i.details?.end ?? null,
      masked: i.details?.masked ?? null,
      reason: i.reason,
    }));
    ctx.out.result({ ...(snakeKeys(summary, 1) as object), findings });
    ctx.out.line(
      `Read ${counted(summary.fields, 'text field')} of ${counted(summary.samples, 'sample')}: ` +
        `${counted(summary.flagged_samples, 'sample')} hold personal data.`,
    );
    if (summary.images)
      ctx.out.line(
        `Looked for faces and text in ${counted(summary.images.scanned, 'image')} (${summary.images.detector} ≥ ${summary.images.min_score}, ${summary.images.text_detector} ≥ ${summary.images.text_min_score})` +
          (summary.images.failed > 0 ? `; ${count(summary.images.failed)} could not be read.` : '.'),
      );
    ctx.out.line(
      table(
        Object.entries(summary.issues).map(([t, n]) => [t, count(n)]),
        ['issue', 'count'],
      ),
    );
    if (findings.length > 0)
      ctx.out.line(
        table(
          findings.map((f) => [
            f.type,
            f.sample ?? '',
            f.region
              ? `image [${(f.region as number[]).map(Math.round).join(', ')}]`
              : `${f.field} ${f.start}–${f.end}`,
            f.region ? '' : String(f.masked),
          ]),
          ['issue', 'sample', 'field and span / region', 'value (masked)'],
        ),
      );
    return 0;
  } finally {
    await project.close();
  }
}
