import { inspectionItems } from '@assay/core/node/inspect/inspection-report';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
import type { CommandContext } from '../context.js';
import { table } from '../ui/table.js';
import { numberOption } from './inspect-start.js';

/** `assay inspect items [--pending]`: the drawn items, their sample, class when drawn and verdict. */
export async function run(
  options: { pending?: boolean; inspection?: string },
  ctx: CommandContext,
): Promise<number> {
  const inspection = numberOption(options.inspection, '--inspection', true);
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const page = await inspectionItems(storeDb(project.store), {
      pendingOnly: options.pending === true,
      ...(inspection === undefined ? {} : { inspection }),
    });
    ctx.out.result(page);
    ctx.out.line(
      `Inspection ${page.inspection.id}: ${page.inspection.size} items, ${page.pending} not judged yet.`,
    );
    ctx.out.line(
      table(
        page.items.map((i) => [
          i.item,
          i.annotation_id,
          i.path ?? '(excluded)',
          i.stratum,
          i.label ?? '-',
          i.verdict ?? '-',
          i.error_kind ?? '',
          i.author ?? '',
        ]),
        ['item', 'annotation', 'sample', 'stratum', 'class', 'verdict', 'error', 'by'],
      ),
    );
    return 0;
  } finally {
    await project.close();
  }
}
