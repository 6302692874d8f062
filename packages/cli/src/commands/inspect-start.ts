import { AssayError } from '@assay/core/errors';
import { type InspectionStratify, startInspection } from '@assay/core/node/inspect/start-inspection';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { table } from '../ui/table.js';

interface StartOptions {
  size?: string;
  confidence: string;
  margin: string;
  stratify?: string;
  source?: string;
  seed?: string;
  author?: string;
}

/** A number option; `whole` asks for a whole number. */
export function numberOption(text: string | undefined, flag: string, whole = false): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (whole && !Number.isInteger(n)))
    throw new AssayError('USAGE', `${flag} takes a ${whole ? 'whole ' : ''}number, not "${text}".`);
  return n;
}

/** `assay inspect start`: draws the sample and queues it for review. */
export async function run(options: StartOptions, ctx: CommandContext): Promise<number> {
  const size = numberOption(options.size, '--size', true);
  const seed = numberOption(options.seed, '--seed', true);
  const project = await openProject(ctx.projectDir, { command: 'assay inspect start' });
  try {
    const started = await startInspection(project, {
      ...(options.source === undefined ? {} : { source: options.source }),
      confidence: numberOption(options.confidence, '--confidence')!,
      margin: numberOption(options.margin, '--margin')!,
      ...(size === undefined ? {} : { size }),
      ...(seed === undefined ? {} : { seed }),
      ...(options.stratify === undefined ? {} : { stratify: options.stratify as InspectionStratify }),
      ...(options.author === undefined ? {} : { author: options.author }),
    });
    ctx.out.result(started);
    const sizing =
      started.margin === null
        ? `a fixed size`
        : `±${started.margin} at ${started.confidence} confidence (finite-population correction)`;
    ctx.out.line(
      `Inspection ${started.id}: drew ${started.size} of ${started.population} ${started.source} annotations (${sizing}), seed ${started.seed}.`,
    );
    if (started.stratify)
      ctx.out.line(
        table(
          started.strata.map((s) => [s.stratum, s.population, s.size]),
          [started.stratify, 'population', 'drawn'],
        ),
      );
    ctx.out.line(
      'Judge them in the app (`assay serve`, Review → Inspection) or with `assay inspect mark ITEM correct|incorrect`.',
    );
    return 0;
  } finally {
    await project.close();
  }
}
