import { AssayError } from '@assay/core/errors';
import { similarSamples } from '@assay/core/node/embeddings/similar-samples';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface SimilarOptions {
  args: string[];
  k: string;
  model?: string;
}

/** `assay similar SAMPLE [--k N] [--model NAME]`: the nearest samples in embedding space. */
export async function run(options: SimilarOptions, ctx: CommandContext): Promise<number> {
  const k = Number(options.k);
  if (!Number.isInteger(k) || k <= 0)
    throw new AssayError('USAGE', `--k takes a positive whole number, not "${options.k}".`);
  const project = await openProject(ctx.projectDir, { readOnly: true, command: 'assay similar' });
  try {
    const result = await similarSamples(project, options.args[0] as string, {
      k,
      ...(options.model === undefined ? {} : { model: options.model }),
    });
    ctx.out.result(snakeKeys(result, 3));
    ctx.out.line(`Nearest to ${result.sample.path} (id ${result.sample.id}) by ${result.model} embeddings:`);
    ctx.out.line(
      table(
        result.similar.map((s, i) => [String(i + 1), String(s.id), s.path, s.distance.toFixed(4)]),
        ['#', 'id', 'sample', 'cosine distance'],
      ),
    );
    return 0;
  } finally {
    await project.close();
  }
}
