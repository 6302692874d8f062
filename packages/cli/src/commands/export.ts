import { AssayError } from '@assay/core/errors';
import { exportDataset } from '@assay/core/node/export-dataset';
import { openProject } from '@assay/core/node/project';
import { REDACT_KINDS, type RedactKind } from '@assay/core/node/redact-copies';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';

interface ExportOptions {
  args: [string, string];
  source: string[];
  images: boolean;
  singleFile?: boolean;
  vocFlat?: boolean;
  force?: boolean;
  snapshot?: string;
  tag?: string;
  redact?: string;
}

export async function run(options: ExportOptions, ctx: CommandContext): Promise<number> {
  const [format, outDir] = options.args;
  const redact = options.redact
    ?.split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const wrong = redact?.filter((k) => !(REDACT_KINDS as readonly string[]).includes(k)) ?? [];
  if (wrong.length > 0)
    throw new AssayError('USAGE', `--redact takes ${REDACT_KINDS.join(', ')}, not ${wrong.join(', ')}.`);
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const summary = await exportDataset(project, {
      format,
      outDir,
      sources: options.source,
      images: options.images ? 'copy' : 'none',
      singleFile: options.singleFile === true,
      vocFlat: options.vocFlat === true,
      force: options.force === true,
      ...(options.snapshot ? { snapshot: options.snapshot } : {}),
      ...(options.tag ? { tag: options.tag } : {}),
      ...(redact?.length ? { redact: redact as RedactKind[] } : {}),
      signal: ctx.signal,
    });
    ctx.out.result(snakeKeys(summary, 1));
    ctx.out.line(
      `Wrote ${counted(summary.annotations, 'annotation')} on ${counted(summary.samples, 'sample')} as ${summary.format} to ${summary.outDir} (${counted(summary.files.length, 'file')}).`,
    );
    const left = summary.given - summary.annotations;
    if (left > 0)
      ctx.out.line(
        `${count(left)} of the ${count(summary.given)} annotations of ${options.source.join(', ')} were not written (see below).`,
      );
    for (const note of summary.notes) ctx.out.line(`· ${note}`);
    if (summary.redacted)
      ctx.out.line(
        `Blurred ${count(summary.redacted.regions)} regions in ${count(summary.redacted.images)} image copies (the source images are unchanged).`,
      );
    return 0;
  } finally {
    await project.close();
  }
}
