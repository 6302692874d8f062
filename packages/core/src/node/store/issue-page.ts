import type { DuckDBValue } from '@duckdb/node-api';
import type { IssueCount, IssuePageQuery, ListedIssue, NewIssue } from '../../store/project-store.js';
import { type Db, parseJson } from './db.js';

/** Most important first: errors, then warnings, then infos; within a severity the highest score first. */
const SEVERITY_RANK = "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END";

function whereOf(query: IssuePageQuery): { sql: string; params: DuckDBValue[] } | undefined {
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  if (query.types) {
    if (query.types.length === 0) return undefined;
    where.push(`i.type IN (${query.types.map(() => '?').join(', ')})`);
    params.push(...query.types);
  }
  if (query.status) {
    if (query.status.length === 0) return undefined;
    where.push(`i.status IN (${query.status.map(() => '?').join(', ')})`);
    params.push(...query.status);
  } else where.push("i.status <> 'ignored'");
  return { sql: where.join(' AND '), params };
}

/** Issue counts by type and severity (types in name order): one GROUP BY, no issue loaded. */
export async function issueCounts(db: Db, query: IssuePageQuery = {}): Promise<IssueCount[]> {
  const where = whereOf(query);
  if (!where) return [];
  return db.all<IssueCount & Record<string, unknown>>(
    `SELECT type, severity, n FROM (
       SELECT i.type, i.severity, count(*) AS n FROM issues i WHERE ${where.sql} GROUP BY i.type, i.severity
     ) ORDER BY type, ${SEVERITY_RANK}`,
    where.params,
  );
}

interface PageRow {
  id: number;
  run_id: number;
  sample_id: number | null;
  sample_key: string | null;
  annotation_id: number | null;
  type: string;
  severity: NewIssue['severity'];
  score: number;
  reason: string;
  details: string | null;
  status: string;
}

/**
 * One page of issues, most important first (severity, then score, then id), with the path of the sample
 * each concerns and of the related samples its details name; only the page is read.
 */
export async function listIssuePage(db: Db, query: IssuePageQuery = {}): Promise<ListedIssue[]> {
  const where = whereOf(query);
  if (!where || query.limit === 0) return [];
  const limit = query.limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(query.limit))}`;
  const offset = query.offset ? `OFFSET ${Math.max(0, Math.floor(query.offset))}` : '';
  const order = `${SEVERITY_RANK.replaceAll('severity', 'i.severity')}, i.score DESC, i.id`;
  // The page first (a top-N over the issues), then the paths of its samples: no join of every issue.
  const rows = await db.all<PageRow & Record<string, unknown>>(
    `SELECT i.*, s.key AS sample_key FROM (
       SELECT i.id, i.run_id, i.sample_id, i.annotation_id, i.type, i.severity, i.score, i.reason, i.details,
              i.status
         FROM issues i WHERE ${where.sql} ORDER BY ${order} ${limit} ${offset}) i
       LEFT JOIN samples s ON s.id = i.sample_id
      ORDER BY ${order}`,
    where.params,
  );
  const issues = rows.map((r) => {
    const issue: ListedIssue = {
      id: r.id,
      runId: r.run_id,
      type: r.type,
      severity: r.severity,
      score: r.score,
      reason: r.reason,
      status: r.status,
      relatedKeys: [],
    };
    if (r.sample_id !== null) issue.sampleId = r.sample_id;
    if (r.annotation_id !== null) issue.annotationId = r.annotation_id;
    const details = parseJson<Record<string, unknown>>(r.details);
    if (details !== undefined) issue.details = details;
    // A privacy issue on a sample whose file name holds personal data shows that name masked.
    const masked = details?.masked_key;
    if (r.sample_key !== null) issue.sampleKey = typeof masked === 'string' ? masked : r.sample_key;
    return issue;
  });
  await fillRelatedKeys(db, issues);
  return issues;
}

/** Paths of the samples the page's `details.related_sample_ids` name (one query for the page). */
async function fillRelatedKeys(db: Db, issues: ListedIssue[]): Promise<void> {
  const related = (i: ListedIssue): unknown[] => {
    const ids = i.details?.related_sample_ids;
    return Array.isArray(ids) ? ids : [];
  };
  const wanted = new Set<number>();
  for (const i of issues)
    for (const id of related(i)) if (Number.isInteger(Number(id))) wanted.add(Number(id));
  const keys = new Map<number, string>();
  const ids = [...wanted];
  for (let at = 0; at < ids.length; at += 10_000) {
    const chunk = ids.slice(at, at + 10_000);
    for (const r of await db.all<{ id: number; key: string }>(
      `SELECT id, key FROM samples WHERE id IN (${chunk.join(', ')})`,
    ))
      keys.set(r.id, r.key);
  }
  for (const i of issues) i.relatedKeys = related(i).map((id) => keys.get(Number(id)) ?? `sample ${id}`);
}
