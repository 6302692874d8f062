import { AssayError } from '@assay/core/errors';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { createProgress } from '../ui/progress.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface PredictOptions {
  model: string;
  as?: string;
  classes?: string;
  minScore: string;
  iou: string;
  batch: string;
  threads?: string;
  restart?: boolean;
  review?: boolean | string;
}

function numberIn(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new AssayError('USAGE', `${flag} takes a number from ${min} to ${max}, not "${text}".`);
  return n;
}

export const interruptNote =
  'Interrupted: finishing the batch in flight and saving it (Ctrl-C again to quit now); run the same command to resume.';

/** `assay predict --model NAME|PATH`: a detector's boxes over every image as a prediction source. */
export async function run(options: PredictOptions, ctx: CommandContext): Promise<number> {
  const minScore = numberIn(options.minScore, '--min-score', 0, 1);
  const iou = numberIn(options.iou, '--iou', 0, 1);
  const batch = Math.floor(numberIn(options.batch, '--batch', 1, 1024));
  const threads =
    options.threads === undefined ? undefined : Math.floor(numberIn(options.threads, '--threads', 1, 256));
  const classes = options.classes
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const { openProject } = await import('@assay/core/node/project');
  const { runPredict } = await import('@assay/core/node/run-predict');
  const project = await openProject(ctx.projectDir, { command: 'assay predict', onNote: ctx.out.note });
  const progress = createProgress(ctx.out, 'predict', 0, ctx.signal);
  try {
    const s = await runPredict(project, {
      model: options.model,
      ...(options.as ? { as: options.as } : {}),
      ...(classes ? { classes } : {}),
      minScore,
      iou,
      batch,
      ...(threads === undefined ? {} : { threads }),
      restart: options.restart === true,
      ...(options.review ? { review: options.review } : {}),
      signal: ctx.signal,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.stop();
    ctx.out.result(snakeKeys(s, 1));
    ctx.out.line(
      `${s.model} (${s.model_version}) → ${s.source}: ${counted(s.detections, 'detection')} on ` +
        `${counted(s.predicted, 'image')} in ${(s.elapsed_ms / 1000).toFixed(1)} s` +
        (s.resumed > 0 ? ` (${count(s.resumed)} done before, resumed)` : '') +
        (s.failed > 0 ? `; ${count(s.failed)} could not be read` : '') +
        '.',
    );
    const perClass = Object.entries(s.per_class).sort((a, b) => b[1] - a[1]);
    if (perClass.length > 0) ctx.out.line(table(perClass, ['class', 'detections']));
    if (s.mapping.added.length > 0)
      ctx.out.line(
        `The project had no classes: added the model's ${counted(s.mapping.added.length, 'class', 'classes')}.`,
      );
    if (s.mapping.unmapped.length > 0)
      ctx.out.note(`Not in the project, dropped: ${s.mapping.unmapped.join(', ')}.`);
    if (s.mapping.unknown_to_model.length > 0)
      ctx.out.note(`Project classes the model does not know: ${s.mapping.unknown_to_model.join(', ')}.`);
    if (s.review) {
      const found = Object.entries(s.review.issues).filter(([, n]) => n > 0);
      ctx.out.line(
        `Review of ${s.review.labels} against ${s.source}: ` +
          (found.length > 0 ? found.map(([t, n]) => `${t} ${count(n)}`).join(' · ') : 'no issue') +
          ` on ${counted(s.review.flagged_images, 'image')} (see \`assay issues\`).`,
      );
    }
    if (s.interrupted) {
      ctx.out.note('Interrupted: the images done are saved; run the same command to resume.');
      return 130;
    }
    return 0;
  } finally {
    progress.stop();
    await project.close();
  }
}
