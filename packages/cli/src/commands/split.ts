import { AssayError } from '@assay/core/errors';
import { openProject } from '@assay/core/node/project';
import { type RunSplitSummary, runSplit } from '@assay/core/node/split/run-split';
import type { CommandContext } from '../context.js';
import { count } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface SplitOptions {
  ratios: string;
  names?: string;
  stratify?: string;
  group?: string;
  source: string;
  seed: string;
  dryRun?: boolean;
  author?: string;
}

export function parseRatios(text: string): number[] {
  const ratios = text.split(',').map((t) => Number(t.trim()));
  if (ratios.length < 2 || ratios.some((r) => !Number.isFinite(r) || r <= 0))
    throw new AssayError(
      'USAGE',
      `--ratios takes two or more positive numbers separated by commas, not "${text}".`,
      {
        hint: 'For example --ratios 0.8,0.1,0.1.',
      },
    );
  return ratios;
}

export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0)
    throw new AssayError('USAGE', `--seed takes a whole number ≥ 0, not "${text}".`);
  return seed;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** `assay split --ratios 0.8,0.1,0.1 [--stratify class] [--group near-duplicates|FIELD]`. */
export async function run(options: SplitOptions, ctx: CommandContext): Promise<number> {
  const ratios = parseRatios(options.ratios);
  const names = options.names?.split(',').map((n) => n.trim());
  const project = await openProject(ctx.projectDir, {
    command: 'assay split',
    readOnly: options.dryRun === true,
  });
  try {
    const summary = await runSplit(project, {
      ratios,
      ...(names ? { names } : {}),
      ...(options.stratify ? { stratify: options.stratify } : {}),
      ...(options.group ? { group: options.group } : {}),
      source: options.source,
      seed: parseSeed(options.seed),
      dryRun: options.dryRun === true,
      ...(options.author ? { author: options.author } : {}),
    });
    ctx.out.result(snakeKeys(summary, 3));
    printSummary(summary, ctx);
    return 0;
  } finally {
    await project.close();
  }
}

function printSummary(s: RunSplitSummary, ctx: CommandContext): void {
  const by = [
    s.stratify ? `stratified by ${s.stratify}` : 'random',
    s.group ? `groups by ${s.group} kept whole` : '',
  ]
    .filter(Boolean)
    .join(', ');
  ctx.out.line(`Split ${count(s.whole.samples)} samples (${by}, seed ${s.seed}).`);
  if (s.group) ctx.out.line(`${count(s.grouped)} samples are in ${count(s.groups)} groups of two or more.`);
  const all = [...s.splits, s.whole];
  ctx.out.line(
    table(
      all.map((c) => [c.name, c.samples, pct(c.share), pct(c.target), pct(c.overlap), pct(c.maxDeviation)]),
      ['split', 'samples', 'share', 'target', 'overlap', 'max class dev'],
    ),
  );
  const shown = s.labels.slice(0, 20);
  if (shown.length > 0) {
    ctx.out.line(
      '\nShare of samples holding each class (the whole in the last column; annotations per class in --json):',
    );
    ctx.out.line(
      table(
        shown.map((name, l) => [
          name,
          ...all.map((c) => (c.samples ? pct(c.classSamples[l]! / c.samples) : '—')),
        ]),
        ['class', ...all.map((c) => c.name)],
      ),
    );
    if (s.labels.length > shown.length) ctx.out.line(`(${s.labels.length - shown.length} more in --json)`);
  }
  if (s.dryRun)
    ctx.out.line(`\nDry run: ${count(s.changed)} samples would change split; nothing was written.`);
  else if (s.batch === null) ctx.out.line('\nEvery sample already had this split; nothing changed.');
  else
    ctx.out.line(
      `\n${count(s.changed)} samples changed split (edit batch ${s.batch}; \`assay undo --batch ${s.batch}\` reverts it).`,
    );
}
