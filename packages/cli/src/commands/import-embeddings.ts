import { analyzeEmbeddings } from '@assay/core/node/embeddings/analyze-embeddings';
import { importEmbeddings } from '@assay/core/node/embeddings/import-embeddings';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { printProblems } from '../ui/problems.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { stageProgress } from '../ui/stage-progress.js';

interface ImportEmbeddingsOptions {
  args: [string, string];
  model?: string;
  keys?: string;
  replace?: boolean;
}

/** `assay import embeddings FILE [--model NAME] [--keys FILE] [--replace]`: precomputed vectors. */
export async function run(options: ImportEmbeddingsOptions, ctx: CommandContext): Promise<number> {
  const file = options.args[1];
  const project = await openProject(ctx.projectDir, {
    command: `assay import embeddings ${file}`,
    onNote: ctx.out.note,
  });
  const progress = stageProgress(ctx.out, ctx.signal);
  try {
    const summary = await importEmbeddings(project, {
      file,
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.keys === undefined ? {} : { keys: options.keys }),
      ...(options.replace ? { replace: true } : {}),
      signal: ctx.signal,
      onProgress: (done, total) => progress.update('storing vectors', done, total),
    });
    const analysis = await analyzeEmbeddings(project, {
      model: summary.model,
      signal: ctx.signal,
      onStage: progress.update,
    });
    progress.stop();
    ctx.out.result(snakeKeys({ ...summary, analysis }, 2));
    ctx.out.line(
      `Imported ${counted(summary.imported, 'vector')} of ${count(summary.dim)} values as model ${summary.model}` +
        ` (${count(summary.rows)} rows read); ${counted(analysis.outliers, 'outlier')}` +
        (analysis.projectionSkipped ? '.' : `; UMAP map of ${count(analysis.projected)} stored.`),
    );
    printProblems(ctx.out, summary.problems, summary.problems.length);
    return 0;
  } finally {
    progress.stop();
    await project.close();
  }
}
