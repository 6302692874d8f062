import { importDataset } from '@assay/core/node/import-dataset';
import { openProject } from '@assay/core/node/project';
import { tuneV8ForImport } from '@assay/core/node/v8-tuning';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { printProblems } from '../ui/problems.js';
import { createProgress } from '../ui/progress.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface ImportOptions {
  args: [string, string];
  images?: string;
  as?: string;
  pick?: string;
  mapPrefix?: string[];
  split?: string;
  replace?: boolean;
  textColumn?: string;
  labelColumn?: string[];
  idColumn?: string;
  keyPrefix?: string;
  model?: string;
  keys?: string;
}

/**
 * What the first Ctrl-C says: an import is one transaction, so nothing of it is kept; `import embeddings`
 * keeps the vectors once stored and stops their analysis.
 */
export const interruptNote = (args: unknown[]): string =>
  args[0] === 'embeddings'
    ? 'Interrupted: stopping at the next step; vectors already stored stay (Ctrl-C again to quit now).'
    : 'Interrupted: stopping the import; nothing of it will be kept (Ctrl-C again to quit now).';

export async function run(options: ImportOptions, ctx: CommandContext): Promise<number> {
  const [format, path] = options.args;
  if (format === 'embeddings') return (await import('./import-embeddings.js')).run(options, ctx);
  tuneV8ForImport();
  const project = await openProject(ctx.projectDir, {
    command: `assay import ${format} ${path}`,
    onNote: ctx.out.note,
  });
  // Large JSON files are streamed: the bar counts their megabytes.
  const progress = createProgress(ctx.out, 'import (MB)', 0, ctx.signal);
  try {
    const summary = await importDataset(project, {
      format,
      path,
      source: options.as ?? 'ground_truth',
      sourceGiven: options.as !== undefined,
      ...(options.pick === undefined ? {} : { pick: options.pick }),
      ...(options.mapPrefix === undefined ? {} : { mapPrefixes: options.mapPrefix }),
      ...(options.images === undefined ? {} : { images: options.images }),
      ...(options.split === undefined ? {} : { split: options.split }),
      ...(options.textColumn === undefined ? {} : { textColumn: options.textColumn }),
      ...(options.labelColumn === undefined ? {} : { labelColumns: options.labelColumn }),
      ...(options.idColumn === undefined ? {} : { idColumn: options.idColumn }),
      ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
      replace: options.replace === true,
      signal: ctx.signal,
      onProgress: (p) => progress.update(Math.floor(p.bytes / 1e6), Math.ceil(p.total / 1e6)),
    });
    progress.stop();
    const { out } = ctx;
    out.result(snakeKeys(summary, 1));
    if (summary.detection) {
      out.line(
        `Detected ${summary.format} (${Math.round(summary.detection.confidence * 100)}% sure: ${summary.detection.reason})`,
      );
    }
    const rows = Object.entries(summary.annotations.by_source).flatMap(([source, kinds]) =>
      Object.entries(kinds).map(([kind, n]) => [source, kind, n]),
    );
    out.line(
      `Imported ${counted(summary.annotations.total, 'annotation')} on ${counted(summary.samples.total, 'sample')} ` +
        `(${count(summary.samples.new)} new) with ${counted(summary.classes.total, 'class', 'classes')} (${count(summary.classes.new)} new).`,
    );
    if (rows.length > 0) out.line(table(rows, ['source', 'kind', 'annotations']));
    if (summary.replaced > 0) out.line(`Replaced ${counted(summary.replaced, 'earlier annotation')}.`);
    for (const note of summary.notes) out.line(`· ${note}`);
    printProblems(out, summary.problems, summary.skipped);
    return 0;
  } finally {
    progress.stop();
    await project.close();
  }
}
