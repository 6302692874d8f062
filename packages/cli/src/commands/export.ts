import { exportDataset, openProject } from '@assay/core/node';
import type { CommandContext } from '../context.js';
import { count } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';

interface ExportOptions {
  args: [string, string];
  source: string[];
  images: boolean;
  singleFile?: boolean;
  force?: boolean;
  snapshot?: string;
  tag?: string;
}

export async function run(options: ExportOptions, ctx: CommandContext): Promise<number> {
  const [format, outDir] = options.args;
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const summary = await exportDataset(project, {
      format,
      outDir,
      sources: options.source,
      images: options.images ? 'copy' : 'none',
      singleFile: options.singleFile === true,
      force: options.force === true,
      ...(options.snapshot ? { snapshot: options.snapshot } : {}),
      ...(options.tag ? { tag: options.tag } : {}),
      signal: ctx.signal,
    });
    ctx.out.result(snakeKeys(summary, 1));
    ctx.out.line(
      `Wrote ${count(summary.annotations)} annotations on ${count(summary.samples)} samples as ${summary.format} to ${summary.outDir} (${count(summary.files.length)} files).`,
    );
    const left = summary.given - summary.annotations;
    if (left > 0)
      ctx.out.line(
        `${count(left)} of the ${count(summary.given)} annotations of ${options.source.join(', ')} were not written (see below).`,
      );
    for (const note of summary.notes) ctx.out.line(`· ${note}`);
    return 0;
  } finally {
    await project.close();
  }
}
