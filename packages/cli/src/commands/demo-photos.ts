import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PhotoReviewDemoSummary } from '@assay/core/node/demo/photo-review-demo';
import type { CommandContext } from '../context.js';
import { assayCommand, shellQuote } from '../ui/assay-command.js';
import { counted } from '../ui/output.js';
import { createProgress, type Progress } from '../ui/progress.js';
import { table } from '../ui/table.js';

/**
 * `assay demo --models`: the second demo project, DIR/photos — real photos whose labels carry planted
 * errors, reviewed against the bundled detector's predictions (model-assisted review). Prints what the
 * review found and the commands to look at it (each runs as printed: runnable.ts rewrites `assay ...`).
 */
export async function runPhotosDemo(root: string, ctx: CommandContext): Promise<PhotoReviewDemoSummary> {
  const { out } = ctx;
  const { runPhotoReviewDemo } = await import('@assay/core/node/demo/photo-review-demo');
  let bar: Progress | undefined;
  const summary = await runPhotoReviewDemo(join(root, 'photos'), {
    signal: ctx.signal,
    onStage: (label) => {
      bar?.stop();
      bar = undefined;
      out.note(`· ${label}`);
    },
    onPredict: (done, total) => {
      bar ??= createProgress(out, 'predict', total, ctx.signal);
      bar.update(done, total);
    },
  });
  bar?.stop();
  if (summary.predict.interrupted) return summary;
  const p = summary.predict;
  out.line();
  out.line(`Model-assisted review on real photos, in ${summary.project}:`);
  out.line(
    `${counted(summary.images, 'photo')} (fixtures/photos-skimage, two of them mirrored) with ` +
      `${counted(summary.found.length, 'planted label error')} (planted.json); the bundled ${p.model} ` +
      `found ${counted(p.detections, 'box', 'boxes')} in ${(p.elapsed_ms / 1000).toFixed(1)} s and the label checks ` +
      `ran against them (\`assay predict --model ${p.model} --review\`).`,
  );
  out.line(
    table(
      summary.found.map((f) => [
        f.planted.image,
        f.planted.what,
        f.planted.type,
        f.issue ? `found (score ${f.issue.score.toFixed(2)}, issue ${f.issue.id})` : 'not found',
      ]),
      ['image', 'planted error', 'issue type', 'review'],
    ),
  );
  if (summary.unplanned.length === 0) out.line('Every issue the review raised is a planted error.');
  else {
    out.line('Issues no planted error explains (the model can be wrong too: a person decides):');
    for (const u of summary.unplanned) out.line(`  ${u.sample}: ${u.type} — ${u.reason}`);
  }
  // Printed commands run as printed, from any folder (as the shapes demo's "Next:" line).
  const assay = assayCommand(fileURLToPath(new URL('../../bin/assay.js', import.meta.url)));
  const cd = `cd ${shellQuote(summary.project)} &&`;
  out.line(`Look at them: ${cd} ${assay} issues --type wrong_class,missing_label,bad_location`);
  out.line(`  in the browser: ${cd} ${assay} serve`);
  return summary;
}
