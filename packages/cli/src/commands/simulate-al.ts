import { AssayError } from '@assay/core/errors';
import { openProject } from '@assay/core/node/project';
import { runSimulateAl } from '@assay/core/node/select/run-simulate-al';
import type { CommandContext } from '../context.js';
import { count } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface SimulateOptions {
  strategies: string;
  rounds: string;
  budget: string;
  initial?: string;
  seeds: string;
  targetAcc?: string;
  embeddings?: string;
  out?: string;
  plot?: string;
}

function whole(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new AssayError('USAGE', `${flag} takes a positive whole number, not "${text}".`);
  return n;
}

/** `assay simulate-al --strategies random,entropy,kcenter --rounds R --budget B [--seeds N] [--target-acc A]`. */
export async function run(options: SimulateOptions, ctx: CommandContext): Promise<number> {
  const target = options.targetAcc === undefined ? undefined : Number(options.targetAcc);
  if (target !== undefined && !(target > 0 && target <= 1))
    throw new AssayError('USAGE', `--target-acc takes an accuracy in (0, 1], not "${options.targetAcc}".`);
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const s = await runSimulateAl(project, {
      strategies: options.strategies
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
      rounds: whole(options.rounds, '--rounds'),
      budget: whole(options.budget, '--budget'),
      seeds: whole(options.seeds, '--seeds'),
      ...(options.initial ? { initial: whole(options.initial, '--initial') } : {}),
      ...(target !== undefined ? { targetAccuracy: target } : {}),
      ...(options.embeddings ? { embeddings: options.embeddings } : {}),
      ...(options.out ? { out: options.out } : {}),
      ...(options.plot ? { plot: options.plot } : {}),
    });
    ctx.out.result(snakeKeys({ ...s, curves: s.curves.map((c) => snakeKeys(c, 1)) }, 1));
    ctx.out.line(
      `Active learning on ${count(s.n)} samples (${s.classes} classes, ${s.embeddings} ${s.dim}-d), ${count(s.test)} held out, ${s.curves[0]!.runs.length} seeds; softmax regression.`,
    );
    if (s.skipped > 0)
      ctx.out.line(
        `${count(s.skipped)} samples without an embedding or a single ground-truth class were left out.`,
      );
    const last = s.labels.length - 1;
    const mid = Math.floor(last / 2);
    ctx.out.line(
      table(
        s.curves.map((c) => [
          c.strategy,
          c.mean[0]!.toFixed(3),
          c.mean[mid]!.toFixed(3),
          `${c.mean[last]!.toFixed(3)} ± ${c.std[last]!.toFixed(3)}`,
          c.labelsToTarget === null ? 'not reached' : c.labelsToTarget,
          c.labelsSaved === null ? '—' : c.labelsSaved,
        ]),
        [
          'strategy',
          `acc@${s.labels[0]}`,
          `acc@${s.labels[mid]}`,
          `acc@${s.labels[last]}`,
          `labels to ${s.targetAccuracy.toFixed(3)}`,
          'saved vs random',
        ],
      ),
    );
    if (s.out) ctx.out.line(`Learning curves: ${s.out}`);
    if (s.plot) ctx.out.line(`Plot: ${s.plot}`);
    return 0;
  } finally {
    await project.close();
  }
}
