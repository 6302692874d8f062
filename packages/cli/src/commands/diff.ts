import { diffVersions } from '@assay/core/node/edits/diff-versions';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { table } from '../ui/table.js';
import { numberOption } from './inspect-start.js';

/** `assay diff A B`: label-level changes between two snapshots (or `current`). */
export async function run(options: { args: string[]; iou: string }, ctx: CommandContext): Promise<number> {
  const [a, b] = options.args as [string, string];
  const iou = numberOption(options.iou, '--iou')!;
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const diff = await diffVersions(project, a, b, { iou });
    const { out } = ctx;
    out.result(diff);
    const n = diff.annotations;
    out.line(
      `${a} → ${b}: samples +${diff.samples.added.length} −${diff.samples.removed.length}, ${diff.samples.moved_split.length} moved to another split`,
    );
    out.line(
      `annotations: ${n.added} added, ${n.removed} removed, ${n.reclassed} re-classed, ${n.moved} moved, ${n.unchanged} unchanged`,
    );
    for (const [title, rows] of [
      ['class', diff.by_class],
      ['source', diff.by_source],
      ['split', diff.by_split],
    ] as const) {
      const entries = Object.entries(rows);
      if (entries.length === 0) continue;
      out.line();
      out.line(
        table(
          entries.map(([k, c]) => [k, c.added, c.removed, c.reclassed, c.moved]),
          [title, 'added', 'removed', 're-classed', 'moved'],
        ),
      );
    }
    return 0;
  } finally {
    await project.close();
  }
}
