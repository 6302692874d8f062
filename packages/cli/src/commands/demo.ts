import { AssayError } from '@assay/core';
import { runDemo } from '@assay/core/node';
import type { CommandContext } from '../context.js';
import { count, table } from '../ui/output.js';
import { createProgress, type Progress } from '../ui/progress.js';

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new AssayError('USAGE', `${flag} takes a positive whole number, not "${text}".`);
  return n;
}

export async function run(
  options: { args: [string]; images: string; seed: string },
  ctx: CommandContext,
): Promise<number> {
  const { out } = ctx;
  let bar: Progress | undefined;
  const stage = (label: string) => {
    bar?.stop();
    bar = undefined;
    out.note(`· ${label}`);
  };
  const summary = await runDemo(options.args[0], {
    images: positiveInt(options.images, '--images'),
    seed: Number.parseInt(options.seed, 10),
    signal: ctx.signal,
    onStage: stage,
    onGenerate: (done, total) => {
      bar ??= createProgress(out, 'render', total, ctx.signal);
      bar.update(done, total);
    },
    onScan: (p) => {
      bar ??= createProgress(out, 'scan  ', p.total, ctx.signal);
      bar.update(p.done, p.total);
    },
  });
  bar?.stop();
  out.result(summary);
  const gt = summary.imports.filter((i) => i.annotations.by_source.ground_truth);
  out.line(`Demo project ready in ${summary.project}`);
  out.line(
    `${count(gt.reduce((n, i) => n + i.samples.total, 0))} images, ` +
      `${count(gt.reduce((n, i) => n + i.annotations.total, 0))} ground-truth boxes, ` +
      `${count(summary.imports.length - gt.length)} prediction sources; scanned ${count(summary.scan.done)} files.`,
  );
  out.line();
  out.line('Planted problems (data/manifest.json) and what the checks found:');
  out.line(
    table(
      summary.recall.map((r) => [
        r.kind,
        r.planted,
        r.recall === null ? '-' : r.found,
        r.recall === null ? 'not covered by checks' : `${(r.recall * 100).toFixed(0)}%`,
        r.recall === null ? '' : `${r.types.join(', ')}${r.other > 0 ? ` (+${r.other} not planted)` : ''}`,
      ]),
      ['kind', 'planted', 'found', 'recall', 'issue type'],
    ),
  );
  out.line(
    'swapped_classes and missing_boxes are label errors: they need the model-based label-error analysis.',
  );
  out.line(`\nReport: ${summary.report} (open it in a browser)`);
  out.line(`\nNext: cd ${options.args[0]} && npx assay issues  (or assay stats, assay info)`);
  return 0;
}
