import { exportInspectionCsv } from '@assay/core/node/inspect/inspection-csv';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { numberOption } from './inspect-start.js';

/** `assay inspect export FILE`: the drawn items as a CSV sheet to judge in a spreadsheet. */
export async function run(
  options: { args: string[]; inspection?: string },
  ctx: CommandContext,
): Promise<number> {
  const inspection = numberOption(options.inspection, '--inspection', true);
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const r = await exportInspectionCsv(
      project,
      options.args[0]!,
      inspection === undefined ? {} : { inspection },
    );
    ctx.out.result(r);
    ctx.out.line(
      `Wrote ${r.items} items of inspection ${r.inspection} to ${r.path}: fill in verdict (correct/incorrect), error and author, then \`assay inspect import\` it.`,
    );
    return 0;
  } finally {
    await project.close();
  }
}
