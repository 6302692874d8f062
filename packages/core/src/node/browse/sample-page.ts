import { AssayError } from '../../errors.js';
import type { Db } from '../store/db.js';
import { shownSizeSql } from '../store/shown-size.js';
import type { BrowseFilter } from './browse-filter.js';
import type { BrowseNames } from './browse-names.js';
import { filterSql } from './filter-sql.js';
import { idListSql } from './id-list.js';
import { metricColumn } from './metric-columns.js';
import { maskField, piiMasks } from './pii-masks.js';
import { LANGUAGE_SQL } from './text-language-sql.js';

/** Width and height as the image is shown (see shown-size.ts). */
const SHOWN = shownSizeSql('s');

export interface SamplePageQuery {
  filter: BrowseFilter;
  /** 'path', 'issue_score', 'id' (default) or a metric name. */
  sort?: { by: string; desc?: boolean };
  offset: number;
  limit: number;
}

export interface SamplePageItem {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  split: string | null;
  tags: string[];
  issue_count: number;
  missing: boolean;
  /** The scan status of an image it could not use (missing, corrupt, unreadable, unsupported, too_large). */
  media_problem: string | null;
  kind: 'image' | 'text' | 'point_cloud';
  /** A text sample's first characters (TEXT_PREVIEW), for its card. */
  text?: string | null;
  /** Stated, else reliably detected language of a text sample. */
  language?: string | null;
}

/** Characters of a text a grid card shows. */
export const TEXT_PREVIEW = 400;

export const MISSING_STATUSES = "('missing', 'corrupt', 'unreadable')";
/** Scan statuses of an image the scan could not use; the tile's placeholder names which. */
const PROBLEM_STATUSES = "('missing', 'corrupt', 'unreadable', 'unsupported', 'too_large')";

/** Sort keys of the scores `assay embed --analyze` stores per sample (table embedding_scores). */
export const EMBEDDING_SCORE_SORTS = [
  'outlier',
  'typicality',
  'uniqueness',
  'class_outlier',
  'class_typicality',
] as const;
/** Sort key of the prediction uncertainty `assay eval` stores per sample (table sample_uncertainty). */
export const UNCERTAINTY_SORT = 'uncertainty';

/** The model whose embedding scores a sort uses: mobilenet when it has scores, else the first by name. */
const SCORE_MODEL = `(SELECT model FROM embedding_scores GROUP BY model ORDER BY model = 'mobilenet' DESC, model LIMIT 1)`;

/** ORDER BY of a sort, and the join it needs; only fixed fragments, chosen by name. */
export function orderOf(sort: SamplePageQuery['sort']): { join: string; order: string } {
  const dir = sort?.desc ? 'DESC' : 'ASC';
  const by = sort?.by ?? 'id';
  if (by === 'id') return { join: '', order: `s.id ${dir}` };
  if (by === 'path') return { join: '', order: `s.key ${dir}, s.id` };
  if (by === 'issue_score') {
    return {
      join: `LEFT JOIN (SELECT sample_id, max(score) AS v FROM issues WHERE status <> 'ignored' GROUP BY ALL) o ON o.sample_id = s.id`,
      order: `o.v ${dir} NULLS LAST, s.id`,
    };
  }
  if ((EMBEDDING_SCORE_SORTS as readonly string[]).includes(by)) {
    return {
      join: `LEFT JOIN (SELECT sample_id, max(${by}) AS v FROM embedding_scores WHERE model = ${SCORE_MODEL} GROUP BY ALL) o ON o.sample_id = s.id`,
      order: `o.v ${dir} NULLS LAST, s.id`,
    };
  }
  if (by === UNCERTAINTY_SORT) {
    // one figure per sample: the highest uncertainty over the prediction sources that have one
    return {
      join: 'LEFT JOIN (SELECT sample_id, max(score) AS v FROM sample_uncertainty GROUP BY ALL) o ON o.sample_id = s.id',
      order: `o.v ${dir} NULLS LAST, s.id`,
    };
  }
  const column = metricColumn(by);
  if (column === undefined) {
    throw new AssayError('INVALID_INPUT', 'The sort names a metric Assay does not know.', {
      hint: "Sort by 'path', 'issue_score', a score from GET /api/project (score_sorts) or a metric (metrics).",
      details: { field: 'sort.by', value: by },
    });
  }
  if (column.table === 's') return { join: '', order: `${column.sql} ${dir} NULLS LAST, s.id` };
  return {
    join: 'LEFT JOIN sample_metrics m ON m.sample_id = s.id',
    order: `${column.sql} ${dir} NULLS LAST, s.id`,
  };
}

/** The score sort keys with values in this project (the grid's sort menu offers these). */
export async function scoreSorts(db: Db): Promise<string[]> {
  const row = await db.one<Record<string, number>>(
    `SELECT ${EMBEDDING_SCORE_SORTS.map((k) => `count(${k}) AS ${k}`).join(', ')} FROM embedding_scores`,
  );
  const found = EMBEDDING_SCORE_SORTS.filter((k) => (row?.[k] ?? 0) > 0);
  const uncertain = await db.scalar('SELECT count(*) FROM sample_uncertainty');
  return uncertain > 0 ? [...found, UNCERTAINTY_SORT] : found;
}

/** A page of the samples a filter selects, sorted, with the total. */
export async function samplePage(
  db: Db,
  names: BrowseNames,
  query: SamplePageQuery,
): Promise<{ total: number; items: SamplePageItem[] }> {
  const where = filterSql(query.filter, names).samples;
  const { join, order } = orderOf(query.sort);
  const total = await db.scalar(`SELECT count(*) FROM samples s WHERE ${where.text}`, where.params);
  const ids = (
    await db.all<{ id: number }>(
      `SELECT s.id FROM samples s ${join} WHERE ${where.text} ORDER BY ${order} LIMIT ? OFFSET ?`,
      [...where.params, query.limit, query.offset],
    )
  ).map((r) => r.id);
  return { total, items: await pageItems(db, ids) };
}

/** The grid's items of these sample ids, in this order. */
export async function pageItems(db: Db, ids: number[]): Promise<SamplePageItem[]> {
  if (ids.length === 0) return [];
  const inIssues = idListSql('sample_id', ids);
  const inSamples = idListSql('s.id', ids);
  const rows = await db.all<SamplePageItem & Record<string, unknown>>(
    `SELECT s.id, s.key AS path, ${SHOWN.width} AS width,
            ${SHOWN.height} AS height, s.split, coalesce(s.tags, []::VARCHAR[]) AS tags,
            coalesce(i.n, 0)::INTEGER AS issue_count, s.scan_status IN ${MISSING_STATUSES} AS missing,
            CASE WHEN s.scan_status IN ${PROBLEM_STATUSES} THEN s.scan_status END AS media_problem,
            s.kind, left(s.text, ${TEXT_PREVIEW}) AS text, CASE WHEN s.kind = 'text' THEN ${LANGUAGE_SQL} END AS language
       FROM samples s
       LEFT JOIN (SELECT sample_id, count(*) AS n FROM issues
                   WHERE status <> 'ignored' AND ${inIssues.text} GROUP BY ALL) i ON i.sample_id = s.id
      WHERE ${inSamples.text}`,
    [...inIssues.params, ...inSamples.params],
  );
  // Personal data `assay privacy` found in a file name or a text is shown masked (stored findings).
  const masks = await piiMasks(db, ids);
  for (const r of rows) {
    const fields = masks.get(r.id)?.fields;
    if (!fields) continue;
    r.path = maskField(fields, 'file_name', r.path);
    if (typeof r.text === 'string') r.text = maskField(fields, 'text', r.text);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}
