import { AssayError } from '@assay/core/errors';
import {
  type AnalyzeEmbeddingsSummary,
  analyzeEmbeddings,
} from '@assay/core/node/embeddings/analyze-embeddings';
import { embeddingModel } from '@assay/core/node/embeddings/embedding-store';
import { runEmbed } from '@assay/core/node/embeddings/run-embed';
import { openProject, type Project } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { createProgress } from '../ui/progress.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { stageProgress } from '../ui/stage-progress.js';
import { table } from '../ui/table.js';

/** Failures listed after a run; the rest are counted (`--json` has them all). */
const SHOWN_FAILURES = 10;

interface EmbedOptions {
  model?: string;
  batch: string;
  threads?: string;
  replace?: boolean;
  encoding: string;
  analysis: boolean;
  k: string;
  seed: string;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new AssayError('USAGE', `${flag} takes a positive whole number, not "${text}".`);
  return n;
}

export const interruptNote =
  'Interrupted: finishing the batches in flight and saving the vectors made (Ctrl-C again to quit now).';

export async function run(options: EmbedOptions, ctx: CommandContext): Promise<number> {
  const batch = positiveInt(options.batch, '--batch');
  const k = positiveInt(options.k, '--k');
  const seed = Number(options.seed);
  if (!Number.isInteger(seed))
    throw new AssayError('USAGE', `--seed takes a whole number, not "${options.seed}".`);
  if (options.encoding !== 'float16' && options.encoding !== 'int8')
    throw new AssayError('USAGE', `--encoding is float16 or int8, not "${options.encoding}".`);
  const threads = options.threads === undefined ? undefined : positiveInt(options.threads, '--threads');
  const project = await openProject(ctx.projectDir, { command: 'assay embed', onNote: ctx.out.note });
  const { out } = ctx;
  const progress = createProgress(out, 'embed', 0, ctx.signal);
  try {
    // imported vectors (`assay import embeddings`): nothing to embed, their analysis again (after a Ctrl-C)
    const imported = options.model === undefined ? undefined : await embeddingModel(project, options.model);
    if (imported?.spec.kind === 'import') {
      if (options.replace)
        throw new AssayError(
          'USAGE',
          `"${imported.name}" holds imported vectors; assay embed cannot make them.`,
          {
            hint: 'Import them again: assay import embeddings FILE --model NAME --replace.',
          },
        );
      out.line(
        `${imported.name}: ${counted(imported.count, 'imported vector')} of ${count(imported.dim)} values; nothing to embed.`,
      );
      const analysis =
        options.analysis === false
          ? undefined
          : await analyse(project, imported.name, { k, seed, threads }, ctx);
      out.result(snakeKeys({ embed: null, analysis: analysis ?? null }, 2));
      return 0;
    }
    const summary = await runEmbed(project, {
      batch,
      replace: options.replace === true,
      encoding: options.encoding,
      signal: ctx.signal,
      cwd: process.cwd(),
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(threads === undefined ? {} : { threads }),
      onProgress: (p) => progress.update(p.done, p.total),
    });
    progress.stop();
    const rate = summary.elapsedMs > 0 ? summary.embedded / (summary.elapsedMs / 1000) : 0;
    out.line(
      `Embedded ${counted(summary.embedded, 'image')} with ${summary.model} (${summary.dim} values each) in ` +
        `${(summary.elapsedMs / 1000).toFixed(1)} s (${rate.toFixed(1)} images/s); ${count(summary.skipped)} had vectors already` +
        (summary.failed > 0 ? `, ${count(summary.failed)} could not be read.` : '.'),
    );
    if (summary.failures.length > 0) {
      out.line(
        table(
          summary.failures.slice(0, SHOWN_FAILURES).map((f) => [f.path, f.reason]),
          ['sample', 'why not embedded'],
        ),
      );
      const more = summary.failures.length - SHOWN_FAILURES;
      if (more > 0) out.line(`… and ${count(more)} more (\`assay embed --json\` lists every one).`);
    }
    if (summary.interrupted) {
      out.result(snakeKeys({ embed: summary }, 2));
      out.note('Interrupted: the vectors made are saved; run `assay embed` again to finish.');
      return 130;
    }
    const analysis =
      options.analysis === false
        ? undefined
        : await analyse(project, summary.model, { k, seed, threads }, ctx);
    out.result(snakeKeys({ embed: summary, analysis: analysis ?? null }, 2));
    return 0;
  } finally {
    progress.stop();
    await project.close();
  }
}

/** The k-NN scores, outlier issues and map of a model's vectors, with a bar per stage; prints the outcome. */
async function analyse(
  project: Project,
  model: string,
  options: { k: number; seed: number; threads: number | undefined },
  ctx: CommandContext,
): Promise<AnalyzeEmbeddingsSummary> {
  const { out } = ctx;
  const stage = stageProgress(out, ctx.signal);
  const analysis = await analyzeEmbeddings(project, {
    model,
    k: options.k,
    seed: options.seed,
    signal: ctx.signal,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    onStage: stage.update,
  }).finally(stage.stop);
  out.line(
    `k-NN scores of ${counted(analysis.samples, 'sample')}: ${counted(analysis.outliers, 'outlier')}, ` +
      `${count(analysis.classOutliers)} unlike their class` +
      (analysis.projectionSkipped
        ? `; no map (${analysis.projectionSkipped}).`
        : `; UMAP map of ${count(analysis.projected)} stored` +
          (analysis.landmarks === undefined
            ? '.'
            : ` (UMAP of ${count(analysis.landmarks)} landmarks, the rest placed by their neighbours).`)),
  );
  return analysis;
}
