import type { AccuracyEstimate } from '@assay/core';
import { inspectionReport } from '@assay/core/node/inspect/inspection-report';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
import type { CommandContext } from '../context.js';
import { table } from '../ui/table.js';
import { numberOption } from './inspect-start.js';

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '-' : `${(100 * x).toFixed(1)}%`;
const interval = (i: { low: number; high: number } | null) => (i ? `${pct(i.low)} – ${pct(i.high)}` : '-');

function row(name: string, e: AccuracyEstimate, population?: number): (string | number)[] {
  return [
    name,
    population ?? '',
    `${e.correct}/${e.judged}`,
    pct(e.accuracy),
    interval(e.clopper_pearson),
    interval(e.wilson),
  ];
}

/** `assay inspect report`: label accuracy with both intervals, overall, per stratum and stratified. */
export async function run(
  options: { inspection?: string; confidence?: string },
  ctx: CommandContext,
): Promise<number> {
  const inspection = numberOption(options.inspection, '--inspection', true);
  const confidence = numberOption(options.confidence, '--confidence');
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const r = await inspectionReport(storeDb(project.store), {
      ...(inspection === undefined ? {} : { inspection }),
      ...(confidence === undefined ? {} : { confidence }),
    });
    ctx.out.result(r);
    const i = r.inspection;
    ctx.out.line(
      `Inspection ${i.id} of ${i.source} (${i.size} of ${i.population} annotations drawn${i.stratify ? `, stratified by ${i.stratify}` : ''}, seed ${i.seed}): ${r.judged} judged, ${r.pending} pending.`,
    );
    const e = r.estimate;
    const rows = [row('overall (pooled)', e.overall, i.population)];
    if (e.stratified)
      rows.push(row(`stratified (n* = ${e.stratified.effective_n?.toFixed(1)})`, e.stratified, i.population));
    for (const s of e.strata) rows.push(row(`  ${s.name}`, s, s.population));
    const level = `${(100 * e.confidence).toFixed(0)}%`;
    ctx.out.line(
      table(rows, ['', 'population', 'correct', 'accuracy', `Clopper–Pearson ${level}`, `Wilson ${level}`]),
    );
    if (Object.keys(r.errors).length > 0)
      ctx.out.line(
        `Errors: ${Object.entries(r.errors)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
    return 0;
  } finally {
    await project.close();
  }
}
