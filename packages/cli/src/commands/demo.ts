import { fileURLToPath } from 'node:url';
import { AssayError } from '@assay/core/errors';
import { runDemo } from '@assay/core/node/run-demo';
import type { CommandContext } from '../context.js';
import { assayCommand, shellQuote } from '../ui/assay-command.js';
import { count, counted } from '../ui/output.js';
import { createProgress, type Progress } from '../ui/progress.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

const percent = (x: number): string => `${(x * 100).toFixed(0)}%`;

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new AssayError('USAGE', `${flag} takes a positive whole number, not "${text}".`);
  return n;
}

export async function run(
  options: { args: [string]; images: string; seed: string; models?: boolean },
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
  const gt = summary.imports.filter((i) => i.annotations.by_source.ground_truth);
  out.line(`Demo project ready in ${summary.project}`);
  out.line(
    `${counted(
      gt.reduce((n, i) => n + i.samples.total, 0),
      'image',
    )}, ` +
      `${count(gt.reduce((n, i) => n + i.annotations.total, 0))} ground-truth boxes, ` +
      `${count(summary.imports.length - gt.length)} prediction sources; scanned ${counted(summary.scan.done, 'file')}.`,
  );
  out.line();
  out.line(
    `Planted problems (data/manifest.json), what the checks and the label-error analysis ` +
      `(against ${summary.labelIssues.prediction}) found, and how many of their issues are planted:`,
  );
  out.line(
    table(
      summary.recall.map((r) => [
        r.kind,
        r.planted,
        r.recall === null ? '-' : r.found,
        r.recall === null ? 'not covered' : percent(r.recall),
        r.precision === null ? '-' : `${percent(r.precision)} (${r.explained}/${r.issues})`,
        r.types.join(', '),
      ]),
      ['kind', 'planted', 'found', 'recall', 'precision', 'issue type'],
    ),
  );
  out.line(
    'precision: the share of issues of that type a planted problem explains (a leaked copy is also a duplicate).',
  );
  const unplanned = Object.entries(summary.unplanned);
  out.line(
    unplanned.length === 0
      ? 'Every open issue is explained by a planted problem.'
      : `Issues no planted problem explains (their highest score): ${unplanned
          .map(([type, c]) => `${type} ${count(c.issues)} (≤ ${c.max_score.toFixed(2)})`)
          .join(' · ')}`,
  );
  if (summary.unplanned.spurious_label || summary.unplanned.wrong_class)
    out.line(
      'Label issues come from a model: where the simulated detector misses or confuses a shape, a correct box is flagged with a low score.',
    );
  const skipped = Object.values(summary.labelIssues.skipped_images).reduce((x, y) => x + y, 0);
  if (skipped > 0)
    out.line(
      `The label-error analysis left out ${count(skipped)} ${skipped === 1 ? 'image' : 'images'} whose file is missing or corrupt (no model saw them).`,
    );
  out.line(`\nReport: ${summary.report} (open it in a browser)`);
  // Printed commands must run as printed, from any folder (the demo folder is often outside the repo).
  const assay = assayCommand(fileURLToPath(new URL('../../bin/assay.js', import.meta.url)));
  out.line(`\nNext: cd ${shellQuote(summary.project)} && ${assay} issues`);
  out.line(`  (then: ${assay} stats, ${assay} info)`);
  if (assay !== 'assay')
    out.line('  To type just `assay`, run `npm link` in packages/cli of the Assay repository (see README).');
  if (!options.models) {
    out.line(
      '  (`--models` adds model-assisted review of real photos with the bundled detector: see README)',
    );
    out.result(snakeKeys(summary, 2));
    return 0;
  }
  const { runPhotosDemo } = await import('./demo-photos.js');
  const photos = await runPhotosDemo(summary.project, ctx);
  if (photos.predict.interrupted) {
    out.note('Interrupted: the photos predicted so far are saved in the photos project.');
    return 130;
  }
  out.result(snakeKeys({ ...summary, photos }, 2));
  return 0;
}
