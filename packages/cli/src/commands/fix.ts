import { parseRuleArgs } from '@assay/core/edits/fix-rules';
import { AssayError } from '@assay/core/errors';
import { loadRuleFile } from '@assay/core/node/edits/load-rule-file';
import { runFix } from '@assay/core/node/edits/run-fix';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { count } from '../ui/output.js';
import { table } from '../ui/table.js';

interface FixOptions {
  args: string[];
  rules?: string;
  dryRun?: boolean;
  author?: string;
}

/** `assay fix RULE... | --rules FILE [--dry-run]`: rule-based cleaning, each rule one edit batch. */
export async function run(options: FixOptions, ctx: CommandContext): Promise<number> {
  const ruleArgs = (options.args[0] as unknown as string[] | undefined) ?? [];
  if (ruleArgs.length > 0 && options.rules)
    throw new AssayError('USAGE', 'Give rules as arguments or with --rules FILE, not both.');
  const rules = options.rules ? await loadRuleFile(options.rules) : parseRuleArgs(ruleArgs);
  if (rules.length === 0)
    throw new AssayError('USAGE', 'No rules given.', {
      hint: 'e.g. `assay fix clip_boxes remove_duplicate_labels:iou=0.9` or `assay fix --rules rules.yaml` (docs/fix-rules.md).',
    });
  const project = await openProject(ctx.projectDir, { command: 'assay fix' });
  try {
    const summary = await runFix(project, rules, {
      dryRun: options.dryRun === true,
      ...(options.author ? { author: options.author } : {}),
    });
    const { out } = ctx;
    out.result(summary);
    out.line(summary.dry_run ? 'Dry run: nothing was changed. These rules would make:' : 'Applied:');
    out.line(
      table(
        summary.rules.map((r) => [
          r.index,
          r.rule,
          r.edits,
          r.updated,
          r.deleted,
          r.added,
          r.excluded,
          r.batch === null ? '-' : String(r.batch),
        ]),
        ['#', 'rule', 'edits', 'updated', 'deleted', 'added', 'excluded', 'batch'],
      ),
    );
    for (const r of summary.rules) {
      for (const s of r.skipped) out.note(`! ${r.rule}: skipped ${count(s.count)} (${s.reason})`);
      if (r.classes_created.length > 0) out.line(`${r.rule}: new classes ${r.classes_created.join(', ')}`);
      for (const e of r.examples)
        out.line(
          `  ${r.rule}: ${e.op} ${e.annotation_id === null ? (e.issue_id === null ? '' : `issue ${e.issue_id}`) : `annotation ${e.annotation_id}`}${e.sample ? ` in ${e.sample}` : ''}: ${e.reason}`,
        );
      if (r.edits > r.examples.length)
        out.line(`  ${r.rule}: ... and ${count(r.edits - r.examples.length)} more`);
    }
    if (!summary.dry_run)
      out.line(`Project revision ${summary.revision}. Undo a rule with \`assay undo --batch B\`.`);
    return 0;
  } finally {
    await project.close();
  }
}
