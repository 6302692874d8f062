import { listSnapshots } from '@assay/core/node/edits/snapshots';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { table } from '../ui/table.js';

/** `assay snapshots`: every snapshot with its revision, author and message. */
export async function run(_options: unknown, ctx: CommandContext): Promise<number> {
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const snaps = await listSnapshots(project);
    ctx.out.result({ snapshots: snaps });
    if (snaps.length === 0) ctx.out.line('No snapshots yet: `assay snapshot NAME` takes one.');
    else
      ctx.out.line(
        table(
          snaps.map((s) => [s.name, s.seq, s.created_at, s.author, s.message ?? '']),
          ['name', 'revision', 'taken', 'author', 'message'],
        ),
      );
    return 0;
  } finally {
    await project.close();
  }
}
