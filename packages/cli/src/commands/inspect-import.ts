import { importInspectionCsv } from '@assay/core/node/inspect/inspection-csv';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { numberOption } from './inspect-start.js';

/** `assay inspect import FILE`: the verdicts of a judged sheet, all or nothing. */
export async function run(
  options: { args: string[]; inspection?: string; author?: string },
  ctx: CommandContext,
): Promise<number> {
  const inspection = numberOption(options.inspection, '--inspection', true);
  const project = await openProject(ctx.projectDir, { command: 'assay inspect import' });
  try {
    const r = await importInspectionCsv(project, options.args[0]!, {
      ...(inspection === undefined ? {} : { inspection }),
      ...(options.author ? { author: options.author } : {}),
    });
    ctx.out.result(r);
    ctx.out.line(
      `Inspection ${r.inspection}: ${r.marked} verdicts read, ${r.cleared} cleared, ${r.unjudged} rows still without a verdict.`,
    );
    return 0;
  } finally {
    await project.close();
  }
}
