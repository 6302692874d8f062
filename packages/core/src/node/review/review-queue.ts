import type { DuckDBValue } from '@duckdb/node-api';
import { type Db, parseJson } from '../store/db.js';

/** Which issues the review queue walks (the app's ReviewFilter). */
export interface ReviewQueueFilter {
  types?: string[];
  severities?: string[];
  /** Default: open. */
  statuses?: string[];
  classes?: string[];
  sources?: string[];
  path?: string;
}

export interface ReviewQueueItem {
  issue_id: number;
  type: string;
  severity: string;
  score: number;
  reason: string;
  status: string;
  sample_id: number;
  path: string;
  annotation_id: number | null;
  class: string | null;
  source: string | null;
  details: Record<string, unknown> | null;
}

export interface ReviewQueuePage {
  total: number;
  revision: number;
  types: { value: string; count: number }[];
  items: ReviewQueueItem[];
}

const FROM = `FROM issues i JOIN samples s ON s.id = i.sample_id
  LEFT JOIN annotations a ON a.id = i.annotation_id
  LEFT JOIN classes c ON c.id = a.class_id
  LEFT JOIN sources src ON src.id = a.source_id`;

function where(filter: ReviewQueueFilter, withTypes: boolean): { sql: string; params: DuckDBValue[] } {
  const parts: string[] = [];
  const params: DuckDBValue[] = [];
  const list = (column: string, values: string[] | undefined) => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (withTypes) list('i.type', filter.types);
  list('i.severity', filter.severities);
  list('i.status', filter.statuses && filter.statuses.length > 0 ? filter.statuses : ['open']);
  list('c.name', filter.classes);
  list('src.name', filter.sources);
  if (filter.path) {
    parts.push('contains(lower(s.key), lower(?))');
    params.push(filter.path);
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * One page of the review queue: issues on samples (the project's, not excluded ones) under the filter,
 * errors first, then by score, with the class and source of the issue's annotation, the project
 * revision the page was read at, and counts per type (under the filter without its types).
 */
export async function reviewQueue(
  db: Db,
  filter: ReviewQueueFilter,
  page: { offset: number; limit: number },
): Promise<ReviewQueuePage> {
  const w = where(filter, true);
  const revision = await db.scalar('SELECT coalesce(max(seq), 0) FROM edits');
  const total = await db.scalar(`SELECT count(*) ${FROM} ${w.sql}`, w.params);
  const rows = await db.all<Omit<ReviewQueueItem, 'details'> & { details: string | null }>(
    `SELECT i.id AS issue_id, i.type, i.severity, i.score, i.reason, i.status, i.sample_id, s.key AS path,
            i.annotation_id, c.name AS class, src.name AS source, i.details::VARCHAR AS details
       ${FROM} ${w.sql}
      ORDER BY CASE i.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, i.score DESC, i.id
      LIMIT ? OFFSET ?`,
    [...w.params, page.limit, page.offset],
  );
  const t = where(filter, false);
  const types = await db.all<{ value: string; count: number }>(
    `SELECT i.type AS value, count(*) AS count ${FROM} ${t.sql} GROUP BY i.type ORDER BY count DESC, value`,
    t.params,
  );
  return {
    total,
    revision,
    types,
    items: rows.map((r) => ({ ...r, details: parseJson<Record<string, unknown>>(r.details) ?? null })),
  };
}
