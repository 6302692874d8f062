import type { Criterion, PlanResult } from '@assay/core';
import { checkPlan, loadPlan } from '@assay/core/node/check-plan';
import { openProject } from '@assay/core/node/project';
import { type RunChecksSummary, runChecks } from '@assay/core/node/run-checks';
import type { CommandContext } from '../context.js';
import { count, counted, type Output } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface CheckOptions {
  plan?: string;
  only?: string;
  languages?: string;
  group?: string;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function printChecks(out: Output, summary: RunChecksSummary): void {
  const found = Object.entries(summary.issues).filter(([, n]) => n > 0);
  out.line(
    `Checked ${counted(summary.samples, 'sample')} and ${counted(summary.annotations, 'annotation')} (${summary.types.length} check types).`,
  );
  if (found.length > 0) out.line(table(found, ['issue', 'found']));
  else out.line('No issues found by these checks.');
  for (const s of summary.skipped) out.note(`! ${s.check}: skipped ${count(s.count)} (${s.reason})`);
}

const RULES: Record<Criterion['kind'], (limit: number) => string> = {
  composition: (l) => `overlap ≥ ${pct(l)}`,
  limit: (l) => `share ≤ ${pct(l)}`,
  inspection: (l) => `accuracy lower bound ≥ ${pct(l)}`,
  model: (l) => `≥ ${pct(l)}`,
  conformance: (l) => `samples meeting ≥ ${pct(l)}`,
};

function criterionRow(c: Criterion): string[] {
  const why = typeof c.details.reason === 'string' ? ` (${c.details.reason})` : '';
  return [c.passed ? 'pass' : 'FAIL', `${c.name}${why}`, pct(c.value), RULES[c.kind](c.limit)];
}

function printPlan(out: Output, result: PlanResult): void {
  out.line();
  out.line(`Plan ${result.file}:`);
  out.line(table(result.criteria.map(criterionRow), ['result', 'criterion', 'value', 'limit']));
  const failed = result.criteria.filter((c) => !c.passed).length;
  out.line(
    result.passed
      ? `Plan passed (${result.criteria.length} criteria).`
      : `Plan failed: ${failed} of ${result.criteria.length} criteria.`,
  );
}

/** `assay check [--plan FILE] [--only TYPES] [--group FIELDS]`: run the checks, store issues, evaluate the plan (exit 1 on failure). */
export async function run(options: CheckOptions, ctx: CommandContext): Promise<number> {
  const plan = options.plan === undefined ? undefined : await loadPlan(options.plan);
  const only = options.only
    ?.split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const project = await openProject(ctx.projectDir, { command: 'assay check', onNote: ctx.out.note });
  try {
    const summary = await runChecks(project, {
      ...(only === undefined ? {} : { only }),
      ...(options.languages === undefined
        ? {}
        : {
            languages: options.languages
              .split(',')
              .map((l) => l.trim())
              .filter((l) => l !== ''),
          }),
      ...(plan?.lidar === undefined ? {} : { lidar: plan.lidar }),
      ...(options.group === undefined
        ? {}
        : {
            groups: options.group
              .split(',')
              .map((g) => g.trim())
              .filter((g) => g !== ''),
          }),
      signal: ctx.signal,
      onStage: (stage) => ctx.out.note(`· ${stage}`),
    });
    const result = plan === undefined ? undefined : await checkPlan(project, plan);
    const { out } = ctx;
    out.result({
      passed: result?.passed ?? true,
      criteria: result?.criteria ?? [],
      plan: result?.file ?? null,
      check: snakeKeys(summary, 1),
    });
    printChecks(out, summary);
    if (result) printPlan(out, result);
    out.line('\nNext: `assay issues` lists them with evidence.');
    return result?.passed === false ? 1 : 0;
  } finally {
    await project.close();
  }
}
