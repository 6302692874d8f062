import type { PlanResult } from '../plan/evaluate-plan.js';
import type { ReportComposition, ReportPlan } from './report-data.js';

const isShares = (v: unknown): v is Record<string, number> =>
  typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'number');

/** A plan result (evaluatePlan / checkPlan) as the report shows it: criteria, and each composition's shares. */
export function reportPlan(result: PlanResult): ReportPlan {
  const compositions: ReportComposition[] = [];
  for (const c of result.criteria) {
    if (c.kind !== 'composition') continue;
    const { target, actual } = c.details;
    if (!isShares(target) || !isShares(actual)) continue;
    compositions.push({
      field: c.name.replace(/^composition:/, ''),
      target,
      actual,
      overlap: c.value,
      minOverlap: c.limit,
      passed: c.passed,
    });
  }
  return {
    file: result.file,
    passed: result.passed,
    criteria: result.criteria.map(({ name, value, limit, passed }) => ({ name, value, limit, passed })),
    compositions,
  };
}
