import type { Edit } from '@assay/core';
import { AssayError } from '@assay/core/errors';
import { applyEdits } from '@assay/core/node/edits/apply-edits';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';

interface EditOptions {
  args: string[];
  class?: string;
  bbox?: string;
  delete?: boolean;
  revision?: string;
  reason?: string;
  issue?: string;
  author?: string;
}

function num(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new AssayError('USAGE', `${what} takes a number, not "${text}".`);
  return n;
}

/** `assay edit ANNOTATION --class C | --bbox x,y,w,h | --delete [--revision N]`: one edit with history. */
export async function run(options: EditOptions, ctx: CommandContext): Promise<number> {
  const id = num(options.args[0]!, 'ANNOTATION');
  const common = {
    ...(options.reason ? { reason: options.reason } : {}),
    ...(options.issue ? { issueId: num(options.issue, '--issue') } : {}),
  };
  const revision = options.revision === undefined ? {} : { revision: num(options.revision, '--revision') };
  let edit: Edit;
  if (options.delete) {
    if (options.class || options.bbox)
      throw new AssayError('USAGE', '--delete cannot be combined with --class or --bbox.');
    edit = { op: 'delete', annotationId: id, ...revision, ...common };
  } else {
    const set: Extract<Edit, { op: 'update' }>['set'] = {};
    if (options.class) set.label = options.class;
    if (options.bbox) {
      const b = options.bbox.split(',').map((v) => num(v, '--bbox'));
      if (b.length !== 4) throw new AssayError('USAGE', `--bbox takes x,y,w,h, not "${options.bbox}".`);
      set.bbox = b as [number, number, number, number];
    }
    if (Object.keys(set).length === 0)
      throw new AssayError('USAGE', 'Say what to change: --class, --bbox or --delete.');
    edit = { op: 'update', annotationId: id, set, ...revision, ...common };
  }
  const project = await openProject(ctx.projectDir, { command: 'assay edit' });
  try {
    const result = await applyEdits(project, [edit], options.author ? { author: options.author } : {});
    ctx.out.result(result);
    ctx.out.line(
      `Edit ${result.seqs[0]} (batch ${result.batch}): annotation ${id} ${edit.op === 'delete' ? 'deleted' : 'changed'}.`,
    );
    return 0;
  } finally {
    await project.close();
  }
}
