import { AssayError } from '@assay/core/errors';
import { openProject } from '@assay/core/node/project';
import { scanProject } from '@assay/core/node/scan-project';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { createProgress } from '../ui/progress.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface ScanOptions {
  force?: boolean;
  concurrency?: string;
  maxPixels: string;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new AssayError('USAGE', `${flag} takes a positive whole number, not "${text}".`);
  return n;
}

export async function run(options: ScanOptions, ctx: CommandContext): Promise<number> {
  const project = await openProject(ctx.projectDir, { command: 'assay scan', onNote: ctx.out.note });
  const progress = createProgress(ctx.out, 'scan', 0, ctx.signal);
  try {
    const summary = await scanProject(project, {
      force: options.force === true,
      maxPixels: positiveInt(options.maxPixels, '--max-pixels'),
      ...(options.concurrency === undefined
        ? {}
        : { concurrency: positiveInt(options.concurrency, '--concurrency') }),
      signal: ctx.signal,
      onProgress: (p) => progress.update(p.done, p.total),
    });
    progress.stop();
    const { out } = ctx;
    out.result(snakeKeys(summary, 1));
    const rate = summary.elapsedMs > 0 ? (summary.done - summary.skipped) / (summary.elapsedMs / 1000) : 0;
    out.line(
      `Scanned ${count(summary.done)} of ${counted(summary.total, 'file')} in ${(summary.elapsedMs / 1000).toFixed(1)} s ` +
        `(${count(summary.skipped)} unchanged, ${rate.toFixed(0)} files/s).`,
    );
    const statuses = Object.entries(summary.byStatus).filter(([, n]) => n > 0);
    if (statuses.length > 0) out.line(table(statuses, ['status', 'files']));
    const issues = Object.entries(summary.issues);
    if (issues.length > 0)
      out.line(`Issues: ${issues.map(([t, n]) => `${t} ${count(n)}`).join(' · ')} (see \`assay info\`).`);
    if (summary.interrupted) {
      out.note('Interrupted: what was scanned is saved; run `assay scan` again to finish.');
      return 130;
    }
    return 0;
  } finally {
    progress.stop();
    await project.close();
  }
}
