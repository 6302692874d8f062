import { AssayError } from '@assay/core/errors';
import { openProject } from '@assay/core/node/project';
import { writeReport } from '@assay/core/node/write-report';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';

interface ReportOptions {
  out: string;
  plan?: string;
  examples: string;
}

/** `assay report [--out FILE] [--plan FILE]`: one self-contained HTML report of the project as stored. */
export async function run(options: ReportOptions, ctx: CommandContext): Promise<number> {
  const examples = Number(options.examples);
  if (!Number.isInteger(examples) || examples < 0)
    throw new AssayError('USAGE', `--examples takes a whole number (0 or more), not "${options.examples}".`);
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    ctx.out.note('· gathering statistics, issues and thumbnails');
    const summary = await writeReport(project, {
      out: options.out,
      examplesPerType: examples,
      signal: ctx.signal,
      ...(options.plan === undefined ? {} : { plan: options.plan }),
    });
    const { out } = ctx;
    out.result(snakeKeys(summary, 1));
    out.line(`Report written to ${summary.path} (${count(Math.round(summary.bytes / 1024))} KB)`);
    out.line(
      `${counted(summary.charts, 'chart')} · ${count(summary.issueTypes)} issue types · ${counted(summary.thumbnails, 'thumbnail')}` +
        (summary.planPassed === undefined ? '' : ` · plan ${summary.planPassed ? 'passed' : 'failed'}`),
    );
    if (summary.issueTypes === 0) out.note('No issues stored yet: run `assay check` first to include them.');
    return 0;
  } finally {
    await project.close();
  }
}
