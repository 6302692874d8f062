import { resolve } from 'node:path';
import { evaluatePlan, type PlanResult } from '../plan/evaluate-plan.js';
import { parsePlan } from '../plan/parse-plan.js';
import type { ModelMetric, Plan } from '../plan/plan.js';
import { DEFAULT_STATS_SOURCE } from '../stats/dataset-stats.js';
import { inspectionReport } from './inspect/inspection-report.js';
import { KNOWN_ISSUE_TYPES } from './known-issue-types.js';
import type { Project } from './project.js';
import { readTextFile } from './read-text-file.js';
import { type Db, parseJson } from './store/db.js';
import { storeDb } from './store/duckdb-store.js';

/** Reads and validates a plan file (YAML or JSON); a missing or bad file is a user error naming it. */
export async function loadPlan(file: string): Promise<Plan> {
  const path = resolve(file);
  const text = await readTextFile(path, 'plan file');
  return parsePlan(text, file, new Set(KNOWN_ISSUE_TYPES));
}

/** The latest ok eval run of `pred`: mAP figures (COCO stats 0–2) and classification accuracy. */
async function latestEvaluation(
  db: Db,
  pred: string,
): Promise<({ run_id: number } & Partial<Record<ModelMetric, number>>) | undefined> {
  const row = await db.one<{ id: number; summary: string | null }>(
    `SELECT id, summary::VARCHAR AS summary FROM runs
      WHERE kind = 'eval' AND status = 'ok' AND json_extract_string(summary, '$.pred') = ? ORDER BY id DESC LIMIT 1`,
    [pred],
  );
  if (!row) return undefined;
  const s = parseJson<{ detection?: { stats?: number[] }; classification?: { accuracy?: number } }>(
    row.summary,
  );
  const stats = s?.detection?.stats;
  const out: { run_id: number } & Partial<Record<ModelMetric, number>> = { run_id: row.id };
  if (stats && stats.length >= 3) {
    out.map = stats[0]!;
    out.map50 = stats[1]!;
    out.map75 = stats[2]!;
  }
  if (typeof s?.classification?.accuracy === 'number') out.accuracy = s.classification.accuracy;
  return out;
}

/** Evaluates a plan against the project as stored now (its open issues, ground truth and samples). */
export async function checkPlan(
  project: Project,
  plan: Plan,
  source = DEFAULT_STATS_SOURCE,
): Promise<PlanResult> {
  const { store } = project;
  const [samples, annotations, issues, classes] = await Promise.all([
    store.listSamples(),
    store.listAnnotationGeometry([source]),
    store.listIssues({ status: ['open'] }),
    store.listClasses(),
  ]);
  const db = storeDb(store);
  let inspection = null;
  if (plan.inspection && (await db.scalar('SELECT count(*) FROM inspections')) > 0) {
    const r = await inspectionReport(
      db,
      plan.inspection.confidence ? { confidence: plan.inspection.confidence } : {},
    );
    inspection = { id: r.inspection.id, size: r.inspection.size, judged: r.judged, estimate: r.estimate };
  }
  const evaluations: NonNullable<Parameters<typeof evaluatePlan>[1]['evaluations']> = {};
  for (const m of plan.models) {
    const run = await latestEvaluation(db, m.prediction);
    if (run) evaluations[m.prediction] = run;
  }
  return evaluatePlan(plan, {
    samples,
    annotations,
    issues,
    classes: classes.length,
    classNames: classes.map((c) => c.name),
    inspection,
    evaluations,
  });
}
