import { AssayError } from '@assay/core/errors';
import { loadPlan } from '@assay/core/node/check-plan';
import { openProject } from '@assay/core/node/project';
import { type RunSelectOptions, runSelect } from '@assay/core/node/select/run-select';
import type { CommandContext } from '../context.js';
import { count } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';
import { parseSeed } from './split.js';

interface SelectOptions {
  budget: string;
  strategy: string;
  tag: string;
  from?: string;
  pred?: string[];
  embeddings?: string;
  aggregate: string;
  uncertainty: string;
  where?: string[];
  plan?: string;
  seed: string;
  dryRun?: boolean;
  author?: string;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new AssayError('USAGE', `${flag} takes ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

/** `assay select --budget N|P% --strategy S [--tag NAME] [--from TAG|split] [--pred SOURCE...]`. */
export async function run(options: SelectOptions, ctx: CommandContext): Promise<number> {
  const aggregate = oneOf(options.aggregate, ['max', 'mean', 'sum'] as const, '--aggregate');
  const uncertainty = oneOf(
    options.uncertainty,
    ['least-confidence', 'margin', 'entropy'] as const,
    '--uncertainty',
  );
  const plan = options.plan ? await loadPlan(options.plan) : undefined;
  const project = await openProject(ctx.projectDir, {
    command: 'assay select',
    readOnly: options.dryRun === true,
  });
  try {
    const request: RunSelectOptions = {
      budget: options.budget,
      strategy: options.strategy,
      tag: options.tag,
      aggregate,
      uncertainty,
      seed: parseSeed(options.seed),
      dryRun: options.dryRun === true,
      ...(options.from ? { from: options.from } : {}),
      ...(options.pred ? { pred: options.pred } : {}),
      ...(options.embeddings ? { embeddings: options.embeddings } : {}),
      ...(options.where ? { where: options.where } : {}),
      ...(plan ? { plan } : {}),
      ...(options.author ? { author: options.author } : {}),
    };
    const s = await runSelect(project, request);
    ctx.out.result(snakeKeys(s, 1));
    ctx.out.line(
      `Selected ${count(s.selected.length)} of ${count(s.pool)} samples by ${s.strategy}${
        s.predictions.length ? ` (predictions: ${s.predictions.join(', ')})` : ''
      }${s.embeddings ? ` (embeddings: ${s.embeddings})` : ''}.`,
    );
    const shown = s.selected.slice(0, 20);
    ctx.out.line(
      table(
        shown.map((x) => [x.key, x.score === null ? '' : x.score.toFixed(4)]),
        ['sample', 'score'],
      ),
    );
    if (s.selected.length > shown.length)
      ctx.out.line(`(${count(s.selected.length - shown.length)} more in --json)`);
    if (s.dryRun) ctx.out.line('Dry run: nothing was tagged.');
    else if (s.batch !== null)
      ctx.out.line(
        `Tagged "${s.tag}" (edit batch ${s.batch}; \`assay undo --batch ${s.batch}\` reverts it). Export them for labeling with \`assay export label-studio OUT --tag ${s.tag}\`.`,
      );
    else ctx.out.line(`Every selected sample already had the tag "${s.tag}".`);
    return 0;
  } finally {
    await project.close();
  }
}
