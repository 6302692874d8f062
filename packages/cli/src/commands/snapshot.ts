import { createSnapshot } from '@assay/core/node/edits/snapshots';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';

/** `assay snapshot NAME [-m MSG]`: names the current revision (no copy). */
export async function run(
  options: { args: string[]; message?: string },
  ctx: CommandContext,
): Promise<number> {
  const project = await openProject(ctx.projectDir, { command: 'assay snapshot' });
  try {
    const snap = await createSnapshot(
      project,
      options.args[0]!,
      options.message ? { message: options.message } : {},
    );
    ctx.out.result(snap);
    ctx.out.line(`Snapshot ${snap.name} at revision ${snap.seq}.`);
    return 0;
  } finally {
    await project.close();
  }
}
