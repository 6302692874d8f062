import type { DuckDBAppender } from '@duckdb/node-api';
import type { EvalMatchRow, EvalResults, EvalSampleRow } from '../../store/project-store.js';
import type { Db } from './db.js';

const nullable = (appender: DuckDBAppender, value: number | null, append: (v: number) => void): void => {
  if (value === null || Number.isNaN(value)) appender.appendNull();
  else append(value);
};

/** Ids of the other `eval` runs over the same ground-truth and prediction sources. */
async function earlierRuns(db: Db, runId: number, gt: string, pred: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    `SELECT id FROM runs WHERE kind = 'eval' AND id <> ?
       AND json_extract_string(params, '$.gt') = ? AND json_extract_string(params, '$.pred') = ?`,
    [runId, gt, pred],
  );
  return rows.map((r) => r.id);
}

async function appendMatches(db: Db, runId: number, rows: Iterable<EvalMatchRow>): Promise<void> {
  const matches = await db.connection.createAppender('eval_matches');
  for (const m of rows) {
    matches.appendInteger(runId);
    matches.appendBigInt(BigInt(m.annotationId));
    matches.appendInteger(m.sampleId);
    matches.appendVarchar(m.role);
    nullable(matches, m.classId, (v) => matches.appendInteger(v));
    nullable(matches, m.score, (v) => matches.appendDouble(v));
    nullable(matches, m.matchedId, (v) => matches.appendBigInt(BigInt(v)));
    nullable(matches, m.iou, (v) => matches.appendDouble(v));
    matches.appendVarchar(m.outcome);
    if (m.error === null) matches.appendNull();
    else matches.appendVarchar(m.error);
    matches.endRow();
  }
  matches.closeSync();
}

/** Replaces the eval rows of `runId` and of earlier runs of the same pair (call inside a transaction). */
export async function saveEvalResults(db: Db, runId: number, results: EvalResults): Promise<void> {
  const ids = [runId, ...(await earlierRuns(db, runId, results.gt, results.pred))];
  const list = ids.map(() => '?').join(', ');
  await db.run(`DELETE FROM eval_matches WHERE run_id IN (${list})`, ids);
  await db.run(`DELETE FROM eval_samples WHERE run_id IN (${list})`, ids);
  await appendMatches(db, runId, results.matches);
  if (results.batches) for await (const batch of results.batches) await appendMatches(db, runId, batch);
  const samples = await db.connection.createAppender('eval_samples');
  for (const s of typeof results.samples === 'function' ? results.samples() : results.samples) {
    samples.appendInteger(runId);
    samples.appendInteger(s.sampleId);
    samples.appendInteger(s.tp);
    samples.appendInteger(s.fp);
    samples.appendInteger(s.fn);
    samples.endRow();
  }
  samples.closeSync();
}

export async function listEvalMatches(db: Db, runId: number): Promise<EvalMatchRow[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT annotation_id, sample_id, role, class_id, score, matched_id, iou, outcome, error
       FROM eval_matches WHERE run_id = ? ORDER BY role, annotation_id`,
    [runId],
  );
  return rows.map((r) => ({
    annotationId: r.annotation_id as number,
    sampleId: r.sample_id as number,
    role: r.role as EvalMatchRow['role'],
    classId: (r.class_id as number | null) ?? null,
    score: (r.score as number | null) ?? null,
    matchedId: (r.matched_id as number | null) ?? null,
    iou: (r.iou as number | null) ?? null,
    outcome: r.outcome as EvalMatchRow['outcome'],
    error: (r.error as string | null) ?? null,
  }));
}

export async function listEvalSamples(db: Db, runId: number): Promise<EvalSampleRow[]> {
  const rows = await db.all<Record<string, unknown>>(
    'SELECT sample_id, tp, fp, fn FROM eval_samples WHERE run_id = ? ORDER BY sample_id',
    [runId],
  );
  return rows.map((r) => ({
    sampleId: r.sample_id as number,
    tp: r.tp as number,
    fp: r.fp as number,
    fn: r.fn as number,
  }));
}
