import { LABEL_CHECK_TYPES } from '../../checks/labels/label-check-input.js';
import type { PlanResult } from '../../plan/evaluate-plan.js';
import type { DatasheetRelease } from '../../report/datasheet-markdown.js';
import { type QualityCharacteristic, qualityReport } from '../../report/quality-report.js';
import { inspectionReport } from '../inspect/inspection-report.js';
import type { Project } from '../project.js';
import type { Db } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';

/** Label checks about an annotation's schema and geometry (구문 정확성), of those Assay runs. */
const SYNTAX_TYPES = [
  'undefined_class',
  'invalid_geometry',
  'out_of_bounds',
  'degenerate_polygon',
  'keypoint_outside_box',
].filter((t) => (LABEL_CHECK_TYPES as readonly string[]).includes(t));

/** The latest inspection's accuracy, as the datasheet and the quality report quote it. */
async function inspectionFacts(db: Db) {
  if ((await db.scalar('SELECT count(*) FROM inspections')) === 0) return null;
  const r = await inspectionReport(db);
  const e = r.estimate.stratified ?? r.estimate.overall;
  return {
    id: r.inspection.id,
    judged: r.judged,
    size: r.inspection.size,
    accuracy: e.accuracy,
    low: e.clopper_pearson?.low ?? null,
    high: e.clopper_pearson?.high ?? null,
    method: `Clopper–Pearson${r.estimate.stratified ? ' (stratified)' : ''}`,
    confidence: r.estimate.confidence,
  };
}

/** The quality characteristics of a release (Korea's guideline v3.0) from the store and a plan result. */
export async function releaseQuality(
  project: Project,
  plan: PlanResult | null,
): Promise<QualityCharacteristic[]> {
  const db = storeDb(project.store);
  const scan = await db.all<{ type: string; n: number }>(
    `SELECT type, count(DISTINCT sample_id) AS n FROM issues
      WHERE status = 'open' AND sample_id IN (SELECT id FROM samples) GROUP BY type`,
  );
  const list = SYNTAX_TYPES.map((t) => `'${t}'`).join(', ');
  const annotations = await db.scalar(
    `SELECT count(*) FROM annotations a JOIN sources s ON s.id = a.source_id WHERE s.name = 'ground_truth'`,
  );
  const withIssues = await db.scalar(
    `SELECT count(DISTINCT i.annotation_id) FROM issues i JOIN annotations a ON a.id = i.annotation_id
       JOIN sources s ON s.id = a.source_id
      WHERE s.name = 'ground_truth' AND i.status = 'open' AND i.type IN (${list})`,
  );
  return qualityReport({
    samples: await db.scalar('SELECT count(*) FROM samples'),
    scanIssueSamples: Object.fromEntries(scan.map((r) => [r.type, r.n])),
    annotations,
    annotationsWithSyntaxIssues: withIssues,
    syntaxIssueTypes: SYNTAX_TYPES,
    plan,
    inspection: await inspectionFacts(db),
  });
}

/** Edits, inspection and release facts the datasheet quotes. */
export async function datasheetRelease(
  project: Project,
  release: { name: string; previous: string | null; formats: string[] },
): Promise<DatasheetRelease> {
  const db = storeDb(project.store);
  const total = await db.scalar('SELECT count(*) FROM edits');
  const authors = (await db.all<{ author: string }>('SELECT DISTINCT author FROM edits ORDER BY author')).map(
    (r) => r.author,
  );
  const rules = (
    await db.all<{ rule: string }>('SELECT DISTINCT rule FROM edits WHERE rule IS NOT NULL ORDER BY rule')
  ).map((r) => r.rule);
  const i = await inspectionFacts(db);
  const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);
  return {
    release: release.name,
    previous: release.previous,
    formats: release.formats,
    edits: { total, authors, rules },
    inspection: i
      ? `${pct(i.accuracy)} (${i.method} ${(100 * i.confidence).toFixed(0)}%: ${pct(i.low)} – ${pct(i.high)}), ${i.judged} of ${i.size} drawn annotations judged (inspection ${i.id})`
      : null,
    created: new Date().toISOString().slice(0, 10),
  };
}
