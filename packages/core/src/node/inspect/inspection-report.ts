import { estimateAccuracy, type InspectionEstimate } from '../../inspect/accuracy-estimate.js';
import type { Db } from '../store/db.js';
import { resolveInspection } from './mark-inspection.js';

export interface InspectionItem {
  item: number;
  annotation_id: number;
  sample_id: number;
  /** The sample's path as imported (null when the sample was excluded since). */
  path: string | null;
  stratum: string;
  /** The class when drawn. */
  label: string | null;
  verdict: 'correct' | 'incorrect' | null;
  error_kind: string | null;
  note: string | null;
  author: string | null;
}

export interface InspectionSummary {
  id: number;
  source: string;
  stratify: string | null;
  seed: number;
  confidence: number;
  margin: number | null;
  population: number;
  size: number;
  author: string;
  created_at: string;
}

export interface InspectionReport {
  inspection: InspectionSummary;
  judged: number;
  pending: number;
  estimate: InspectionEstimate;
  /** Items judged incorrect, per error kind. */
  errors: Record<string, number>;
  /** Pooled accuracy per class as drawn (without population weights unless stratified by class). */
  by_class: { label: string; judged: number; correct: number }[];
  /** Per reviewer: how many items they judged, and how many they found correct. */
  by_author: { author: string; judged: number; correct: number }[];
}

async function summary(db: Db, id: number): Promise<InspectionSummary> {
  const row = await db.one<InspectionSummary & Record<string, unknown>>(
    `SELECT id, source, stratify, seed, confidence, margin, population, size, author,
            strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at FROM inspections WHERE id = ?`,
    [id],
  );
  return row!;
}

/** One page of an inspection's items (pending first when asked), in draw order. */
export async function inspectionItems(
  db: Db,
  options: { inspection?: number; pendingOnly?: boolean; offset?: number; limit?: number } = {},
): Promise<{ inspection: InspectionSummary; total: number; pending: number; items: InspectionItem[] }> {
  const id = await resolveInspection(db, options.inspection);
  const where = `i.inspection_id = ?${options.pendingOnly ? ' AND i.verdict IS NULL' : ''}`;
  const total = await db.scalar(`SELECT count(*) FROM inspection_items i WHERE ${where}`, [id]);
  const pending = await db.scalar(
    'SELECT count(*) FROM inspection_items WHERE inspection_id = ? AND verdict IS NULL',
    [id],
  );
  const items = await db.all<InspectionItem & Record<string, unknown>>(
    `SELECT i.item, i.annotation_id, i.sample_id, s.key AS path, i.stratum, i.label, i.verdict, i.error_kind,
            i.note, i.author
       FROM inspection_items i LEFT JOIN samples s ON s.id = i.sample_id
      WHERE ${where} ORDER BY i.item LIMIT ? OFFSET ?`,
    [id, options.limit ?? 1_000_000, options.offset ?? 0],
  );
  return { inspection: await summary(db, id), total, pending, items };
}

/** `assay inspect report`: label accuracy with Clopper–Pearson and Wilson intervals, overall and per stratum. */
export async function inspectionReport(
  db: Db,
  options: { inspection?: number; confidence?: number } = {},
): Promise<InspectionReport> {
  const id = await resolveInspection(db, options.inspection);
  const inspection = await summary(db, id);
  const strata = await db.all<{ stratum: string; population: number; judged: number; correct: number }>(
    `SELECT st.stratum, st.population,
            count(i.verdict) AS judged, count(*) FILTER (WHERE i.verdict = 'correct') AS correct
       FROM inspection_strata st
       LEFT JOIN inspection_items i ON i.inspection_id = st.inspection_id AND i.stratum = st.stratum
      WHERE st.inspection_id = ? GROUP BY st.stratum, st.population ORDER BY st.stratum`,
    [id],
  );
  const estimate = estimateAccuracy(
    strata.map((s) => ({ name: s.stratum, population: s.population, judged: s.judged, correct: s.correct })),
    options.confidence ?? inspection.confidence,
  );
  const errors: Record<string, number> = {};
  for (const r of await db.all<{ kind: string; n: number }>(
    `SELECT coalesce(error_kind, 'unspecified') AS kind, count(*) AS n FROM inspection_items
      WHERE inspection_id = ? AND verdict = 'incorrect' GROUP BY kind ORDER BY n DESC, kind`,
    [id],
  ))
    errors[r.kind] = r.n;
  const group = (col: string) =>
    db.all<{ key: string; judged: number; correct: number }>(
      `SELECT coalesce(${col}, '(none)') AS key, count(*) AS judged, count(*) FILTER (WHERE verdict = 'correct') AS correct
         FROM inspection_items WHERE inspection_id = ? AND verdict IS NOT NULL GROUP BY key ORDER BY key`,
      [id],
    );
  const by_class = (await group('label')).map((r) => ({
    label: r.key,
    judged: r.judged,
    correct: r.correct,
  }));
  const by_author = (await group('author')).map((r) => ({
    author: r.key,
    judged: r.judged,
    correct: r.correct,
  }));
  const judged = estimate.overall.judged;
  return { inspection, judged, pending: inspection.size - judged, estimate, errors, by_class, by_author };
}
