import { badge, empty, htmlTable, section } from './_html.js';
import { escapeHtml, formatNumber } from './escape-html.js';
import type { ReportData } from './report-data.js';

const fmt = (v: number) => (Math.abs(v) <= 1 ? formatNumber(v, 4) : formatNumber(v, 2));

/** Pass/fail per criterion of the composition plan, when one was given. */
export function planSection(data: ReportData): string {
  const plan = data.plan;
  if (!plan)
    return section(
      'plan',
      'Plan results',
      empty('No plan given. Pass `--plan plan.yaml` to check target composition and issue limits here.'),
    );
  const failed = plan.criteria.filter((c) => !c.passed).length;
  const verdict = plan.passed
    ? badge('passed', 'pass')
    : badge(`failed: ${failed} of ${plan.criteria.length} criteria`, 'fail');
  const table = htmlTable(
    ['criterion', 'measured', 'limit', 'result'],
    plan.criteria.map((c) => [
      c.name,
      { html: escapeHtml(fmt(c.value)), cls: 'num' },
      { html: escapeHtml(fmt(c.limit)), cls: 'num' },
      { html: badge(c.passed ? 'pass' : 'fail', c.passed ? 'pass' : 'fail') },
    ]),
  );
  const head = `<p class="verdict">Plan <code>${escapeHtml(plan.file)}</code>: ${verdict}</p>`;
  return section('plan', 'Plan results', head + table);
}
