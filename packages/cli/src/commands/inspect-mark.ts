import { AssayError } from '@assay/core/errors';
import { type InspectionError, markInspection } from '@assay/core/node/inspect/mark-inspection';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { numberOption } from './inspect-start.js';

interface MarkOptions {
  args: string[];
  error?: string;
  note?: string;
  inspection?: string;
  author?: string;
}

/** Item numbers: `7`, `1,4,9`, `1-12` or a mix (`1-5,9`). */
export function itemList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m)
      throw new AssayError('USAGE', `ITEM is a number, a list (1,4,9) or a range (1-12), not "${text}".`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b - a > 100_000)
      throw new AssayError('USAGE', `The range ${part.trim()} is empty or too long.`);
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}

/** `assay inspect mark ITEM correct|incorrect|clear [--error KIND]`. */
export async function run(options: MarkOptions, ctx: CommandContext): Promise<number> {
  const [itemText, verdictText] = options.args as [string, string];
  const items = itemList(itemText);
  if (!['correct', 'incorrect', 'clear'].includes(verdictText))
    throw new AssayError('USAGE', `The verdict is correct, incorrect or clear, not "${verdictText}".`);
  const inspection = numberOption(options.inspection, '--inspection', true);
  const project = await openProject(ctx.projectDir, { command: 'assay inspect mark' });
  try {
    // One transaction: an unknown item in a list marks none of them.
    const marked = await project.store.transaction(async () => {
      const done = [];
      for (const item of items)
        done.push(
          await markInspection(project, {
            item,
            verdict: verdictText === 'clear' ? null : (verdictText as 'correct' | 'incorrect'),
            ...(inspection === undefined ? {} : { inspection }),
            ...(options.error === undefined ? {} : { error: options.error as InspectionError }),
            ...(options.note === undefined ? {} : { note: options.note }),
            ...(options.author === undefined ? {} : { author: options.author }),
          }),
        );
      return done;
    });
    ctx.out.result({ marked });
    const first = marked[0]!;
    ctx.out.line(
      `Inspection ${first.inspection}: ${items.length === 1 ? `item ${first.item}` : `${items.length} items`} ${first.verdict ?? 'cleared'}.`,
    );
    return 0;
  } finally {
    await project.close();
  }
}
