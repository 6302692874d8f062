import { AssayError } from '@assay/core/errors';
import { undoEdits } from '@assay/core/node/edits/undo-edits';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';

interface UndoOptions {
  args: (string | undefined)[];
  batch?: string;
  author?: string;
}

function whole(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new AssayError('USAGE', `${what} takes a positive whole number, not "${text}".`);
  return n;
}

/** `assay undo EDIT | --batch B`: reverts an edit or a batch, as a new batch of edits. */
export async function run(options: UndoOptions, ctx: CommandContext): Promise<number> {
  const edit = options.args[0];
  if ((edit === undefined) === (options.batch === undefined))
    throw new AssayError('USAGE', 'Name one edit (`assay undo 12`) or one batch (`assay undo --batch 3`).');
  const target =
    options.batch !== undefined ? { batch: whole(options.batch, '--batch') } : { edit: whole(edit!, 'EDIT') };
  const project = await openProject(ctx.projectDir, { command: 'assay undo' });
  try {
    const result = await undoEdits(project, target, options.author ? { author: options.author } : {});
    ctx.out.result(result);
    ctx.out.line(
      `Reverted ${result.undone.length} ${result.undone.length === 1 ? 'edit' : 'edits'} (${result.undone.join(', ')}) as batch ${result.batch}; project revision ${result.revision}.`,
    );
    return 0;
  } finally {
    await project.close();
  }
}
