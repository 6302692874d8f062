import type { IssueStatus } from '@assay/core';
import { ISSUE_STATUSES } from '@assay/core/edits/edit-types';
import { AssayError } from '@assay/core/errors';
import { applyEdits } from '@assay/core/node/edits/apply-edits';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';

/** `assay resolve ISSUE STATUS [--reason R]`: set an issue's status (confirmed, ignored, fixed, open) as an edit. */
export async function run(
  options: { args: string[]; reason?: string; author?: string },
  ctx: CommandContext,
): Promise<number> {
  const [issue, status] = options.args as [string, string];
  const id = Number(issue);
  if (!Number.isInteger(id)) throw new AssayError('USAGE', `ISSUE is an issue id, not "${issue}".`);
  if (!ISSUE_STATUSES.includes(status as IssueStatus))
    throw new AssayError('USAGE', `"${status}" is not an issue status.`, {
      hint: `Use one of ${ISSUE_STATUSES.join(', ')}.`,
    });
  const project = await openProject(ctx.projectDir, { command: 'assay resolve' });
  try {
    const result = await applyEdits(
      project,
      [
        {
          op: 'issue_status',
          id,
          status: status as IssueStatus,
          ...(options.reason ? { reason: options.reason } : {}),
        },
      ],
      options.author ? { author: options.author } : {},
    );
    ctx.out.result(result);
    ctx.out.line(`Issue ${id} is ${status} (edit ${result.seqs[0]}).`);
    return 0;
  } finally {
    await project.close();
  }
}
