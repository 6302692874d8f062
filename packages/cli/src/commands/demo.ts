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
  out.line('Planted problems (data/manifest.json) that Assay should find:');
  out.line(table(Object.entries(summary.planted), ['kind', 'planted']));
  const found = Object.entries(summary.scan.issues);
  if (found.length > 0) out.line(`\nFound by scan so far: ${found.map(([t, n]) => `${t} ${n}`).join(' · ')}`);
  out.line(`\nNext: cd ${options.args[0]} && npx assay info`);
  return 0;
}
