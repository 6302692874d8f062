import type { ConsensusLabels, ConsensusMethod, LabelMatrix, NpyArray, QualityMethod } from '@assay/core';
import { consensusLabels } from '@assay/core/consensus/consensus-labels';
import { AssayError } from '@assay/core/errors';
import { readNpy } from '@assay/core/node/files';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface ConsensusOptions {
  pred?: string;
  labelsMultiannotator?: string;
  predProbs?: string;
  method?: string;
  quality?: string;
}

const METHODS: readonly ConsensusMethod[] = ['best_quality', 'majority_vote'];
const QUALITIES: readonly QualityMethod[] = ['crowdlab', 'agreement'];

function pick<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new AssayError('USAGE', `${flag} takes ${allowed.join(' or ')}, not "${value}".`);
}

function matrix(array: NpyArray, path: string, what: string): LabelMatrix {
  if (array.shape.length !== 2)
    throw new AssayError(
      'INVALID_INPUT',
      `${path}: ${what} must be 2-D, not shape (${array.shape.join(', ')}).`,
      {
        hint:
          what === 'labels'
            ? 'One row per example, one column per annotator, NaN where an annotator did not label.'
            : 'One row per example, one column per class.',
      },
    );
  return { data: Float64Array.from(array.data), rows: array.shape[0]!, cols: array.shape[1]! };
}

/** File mode: the JSON mirrors cleanlab's get_label_quality_multiannotator fields. */
async function fileMode(options: ConsensusOptions, ctx: CommandContext): Promise<number> {
  const labelsPath = options.labelsMultiannotator!;
  const labels = matrix(await readNpy(labelsPath), labelsPath, 'labels');
  const probs = options.predProbs
    ? matrix(await readNpy(options.predProbs), options.predProbs, 'pred-probs')
    : undefined;
  let maxLabel = 0;
  for (const v of labels.data) if (!Number.isNaN(v)) maxLabel = Math.max(maxLabel, v);
  const numClasses = probs ? probs.cols : maxLabel + 1;
  const method = pick(options.method, METHODS, '--method');
  const quality = pick(options.quality, QUALITIES, '--quality');
  const r = consensusLabels(labels, {
    numClasses,
    ...(probs ? { probs } : {}),
    ...(method ? { method } : {}),
    ...(quality ? { quality } : {}),
  });
  ctx.out.result(fileJson(r));
  ctx.out.line(
    `${counted(labels.rows, 'example')}, ${labels.cols} annotators, ${numClasses} classes: ` +
      `consensus by ${r.method}, quality by ${r.quality}.`,
  );
  printAnnotators(
    ctx,
    r.annotators.map((a) => ({ ...a, name: String(a.annotator), worst: String(a.worstClass) })),
  );
  const disputed = r.agreement.filter((a, i) => a < 1 && r.numAnnotations[i]! > 1).length;
  ctx.out.line(`${counted(disputed, 'example')} where the annotators disagree.`);
  return 0;
}

function fileJson(r: ConsensusLabels) {
  const cols = r.annotators.length;
  return {
    method: r.method,
    quality: r.quality,
    consensus_label: [...r.labels],
    consensus_quality_score: [...r.qualityScores],
    annotator_agreement: [...r.agreement],
    num_annotations: [...r.numAnnotations],
    majority_vote_label: [...r.majorityVote.labels],
    detailed_label_quality: Array.from({ length: cols }, (_, a) =>
      Array.from({ length: r.labels.length }, (_, i) => {
        const q = r.labelQuality[i * cols + a]!;
        return Number.isNaN(q) ? null : q;
      }),
    ),
    annotator_stats: r.annotators.map((a) => ({
      annotator: a.annotator,
      annotator_quality: a.quality,
      agreement_with_consensus: a.agreementWithConsensus,
      worst_class: a.worstClass,
      num_examples_labeled: a.labeled,
      per_class: a.perClass,
    })),
    model_weight: r.modelWeight ?? null,
    annotator_weight: r.annotatorWeights ? [...r.annotatorWeights] : null,
  };
}

function printAnnotators(
  ctx: CommandContext,
  rows: { name: string; quality: number; agreementWithConsensus: number; worst: string; labeled: number }[],
): void {
  ctx.out.line(
    table(
      [...rows]
        .sort((a, b) => a.quality - b.quality)
        .map((a) => [a.name, a.quality.toFixed(3), a.agreementWithConsensus.toFixed(3), a.worst, a.labeled]),
      ['annotator', 'quality', 'agrees', 'worst class', 'labeled'],
    ),
  );
}

export async function run(options: ConsensusOptions, ctx: CommandContext): Promise<number> {
  if (options.predProbs && !options.labelsMultiannotator)
    throw new AssayError('USAGE', '--pred-probs goes with --labels-multiannotator.', {
      hint: 'File mode: assay consensus --labels-multiannotator LABELS.npy [--pred-probs PROBS.npy].',
    });
  if (options.labelsMultiannotator) {
    if (options.pred)
      throw new AssayError('USAGE', '--pred names a project source; in file mode use --pred-probs FILE.npy.');
    return fileMode(options, ctx);
  }
  if (options.method || options.quality)
    throw new AssayError('USAGE', '--method and --quality apply to file mode only.', {
      hint: 'In a project, the consensus is CROWDLAB with --pred, majority vote without.',
    });
  // Project mode only: the store (DuckDB) is loaded here, so file mode starts without it.
  const { openProject } = await import('@assay/core/node/project');
  const { runConsensus } = await import('@assay/core/node/run-consensus');
  const project = await openProject(ctx.projectDir, { command: 'assay consensus', onNote: ctx.out.note });
  try {
    const summary = await runConsensus(project, {
      ...(options.pred ? { prediction: options.pred } : {}),
      signal: ctx.signal,
    });
    ctx.out.result(snakeKeys(summary, 1));
    ctx.out.line(
      `${counted(summary.samples, 'sample')} labeled by ${summary.annotators.length} annotators: ` +
        `consensus by ${summary.method}, quality by ${summary.quality}` +
        (summary.prediction ? ` with ${summary.prediction}.` : '.'),
    );
    printAnnotators(
      ctx,
      summary.annotators.map((a) => ({
        name: a.annotator,
        quality: a.quality,
        agreementWithConsensus: a.agreement_with_consensus,
        worst: a.worst_class,
        labeled: a.labeled,
      })),
    );
    if (summary.spans && summary.method !== 'span-majority') {
      ctx.out.line(`Spans: majority vote on ${counted(summary.spans.samples, 'text sample')}:`);
      ctx.out.line(
        table(
          summary.spans.annotators.map((a) => [
            a.annotator,
            a.precision.toFixed(3),
            a.recall.toFixed(3),
            a.f1.toFixed(3),
            a.samples,
          ]),
          ['annotator', 'precision', 'recall', 'F1', 'samples'],
        ),
      );
    }
    for (const [why, n] of Object.entries(summary.skipped)) ctx.out.note(`skipped ${count(n)}: ${why}`);
    ctx.out.line(
      `Issues: annotator_disagreement ${count(summary.issues.annotator_disagreement ?? 0)} (see \`assay info\`).`,
    );
    return 0;
  } finally {
    await project.close();
  }
}
