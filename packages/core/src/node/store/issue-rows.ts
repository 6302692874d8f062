import type { DuckDBValue } from '@duckdb/node-api';
import type { IssueQuery, NewIssue, StoredIssue } from '../../store/project-store.js';
import { type Db, parseJson } from './db.js';

export async function appendIssues(
  db: Db,
  runId: number,
  issues: NewIssue[],
  statusOf: (issue: NewIssue) => string | undefined = () => undefined,
): Promise<void> {
  if (issues.length === 0) return;
  let next = (await db.scalar('SELECT coalesce(max(id), 0) FROM issues')) + 1;
  const appender = await db.connection.createAppender('issues');
  for (const issue of issues) {
    appender.appendBigInt(BigInt(next++));
    appender.appendInteger(runId);
    if (issue.sampleId === undefined) appender.appendNull();
    else appender.appendInteger(issue.sampleId);
    if (issue.annotationId === undefined) appender.appendNull();
    else appender.appendBigInt(BigInt(issue.annotationId));
    appender.appendVarchar(issue.type);
    appender.appendVarchar(issue.severity);
    appender.appendDouble(Math.min(1, Math.max(0, issue.score)));
    appender.appendVarchar(issue.reason);
    if (issue.details === undefined) appender.appendNull();
    else appender.appendVarchar(JSON.stringify(issue.details));
    appender.appendVarchar(statusOf(issue) ?? 'open');
    appender.appendDefault();
    appender.endRow();
  }
  appender.closeSync();
}

interface IssueRow {
  id: number;
  run_id: number;
  sample_id: number | null;
  annotation_id: number | null;
  type: string;
  severity: NewIssue['severity'];
  score: number;
  reason: string;
  details: string | null;
  status: string;
}

/** Issues by type, then score (highest first), then id; at most `limitPerType` of each type when set. */
export async function listIssues(db: Db, query: IssueQuery = {}): Promise<StoredIssue[]> {
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  if (query.types) {
    if (query.types.length === 0) return [];
    where.push(`type IN (${query.types.map(() => '?').join(', ')})`);
    params.push(...query.types);
  }
  if (query.status) {
    if (query.status.length === 0) return [];
    where.push(`status IN (${query.status.map(() => '?').join(', ')})`);
    params.push(...query.status);
  } else where.push("status NOT IN ('ignored', 'fixed')");
  const rank = 'row_number() OVER (PARTITION BY type ORDER BY score DESC, id)';
  const limit =
    query.limitPerType === undefined
      ? ''
      : `QUALIFY ${rank} <= ${Math.max(0, Math.floor(query.limitPerType))}`;
  const rows = await db.all<IssueRow & Record<string, unknown>>(
    `SELECT id, run_id, sample_id, annotation_id, type, severity, score, reason, details, status FROM issues
      WHERE ${where.join(' AND ')} ${limit} ORDER BY type, score DESC, id`,
    params,
  );
  return rows.map((r) => {
    const issue: StoredIssue = {
      id: r.id,
      runId: r.run_id,
      type: r.type,
      severity: r.severity,
      score: r.score,
      reason: r.reason,
      status: r.status,
    };
    if (r.sample_id !== null) issue.sampleId = r.sample_id;
    if (r.annotation_id !== null) issue.annotationId = r.annotation_id;
    const details = parseJson<Record<string, unknown>>(r.details);
    if (details !== undefined) issue.details = details;
    return issue;
  });
}
