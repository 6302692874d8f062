import type { Db } from '../store/db.js';
import { shownSizeSql } from '../store/shown-size.js';
import type { BrowseFilter } from './browse-filter.js';
import { type BrowseNames, idsOf } from './browse-names.js';
import { filterSql } from './filter-sql.js';

/** Width and height as the image is shown (see shown-size.ts). */
const SHOWN_BARE = shownSizeSql('');

export interface PatchQuery {
  filter: BrowseFilter;
  source: string;
  class?: string;
  sort: 'area' | 'aspect' | 'score' | 'issue_score';
  desc?: boolean;
  offset: number;
  limit: number;
}

export interface PatchItem {
  annotation_id: number;
  sample_id: number;
  class_id: number | null;
  bbox: [number, number, number, number];
  width: number | null;
  height: number | null;
  score: number | null;
  issue_score: number | null;
}

const ORDER: Record<PatchQuery['sort'], string> = {
  area: 'a.w * a.h',
  aspect: 'a.w / nullif(a.h, 0)',
  score: 'a.score',
  issue_score: 'o.v',
};

/** The boxes a patch query lists before the filter: its source and class, with a size. */
export function patchScope(names: BrowseNames, q: PatchQuery): { where: string; params: number[] } {
  const [sourceId] = idsOf([q.source], names.sourceIds, 'source');
  let where = 'a.source_id = ? AND a.w IS NOT NULL AND a.h IS NOT NULL';
  const params = [sourceId!];
  if (q.class !== undefined) {
    where += ' AND a.class_id = ?';
    params.push(idsOf([q.class], names.classIds, 'class')[0]!);
  }
  return { where, params };
}

/** ORDER BY of a patch query, and the join it needs. */
export function patchOrder(q: PatchQuery): { join: string; order: string } {
  const dir = q.desc === false ? 'ASC' : q.desc === true ? 'DESC' : q.sort === 'aspect' ? 'ASC' : 'DESC';
  const join =
    q.sort === 'issue_score'
      ? `LEFT JOIN (SELECT annotation_id, max(score) AS v FROM issues WHERE status <> 'ignored' AND annotation_id IS NOT NULL GROUP BY ALL) o ON o.annotation_id = a.id`
      : '';
  return { join, order: `${ORDER[q.sort]} ${dir} NULLS LAST, a.id` };
}

/** Boxes of one source (and class) in the samples a filter selects, sorted, for the patches grid. */
export async function patchPage(
  db: Db,
  names: BrowseNames,
  q: PatchQuery,
): Promise<{ total: number; items: PatchItem[] }> {
  const f = filterSql(q.filter, names);
  const { where, params } = patchScope(names, q);
  const sel = f.all ? '' : ` AND a.sample_id IN (SELECT s.id FROM samples s WHERE ${f.samples.text})`;
  const selParams = f.all ? [] : f.samples.params;
  const total = await db.scalar(`SELECT count(*) FROM annotations a WHERE ${where}${sel}`, [
    ...params,
    ...selParams,
  ]);
  const { join, order } = patchOrder(q);
  const ids = (
    await db.all<{ id: number }>(
      `SELECT a.id FROM annotations a ${join} WHERE ${where}${sel} ORDER BY ${order} LIMIT ? OFFSET ?`,
      [...params, ...selParams, q.limit, q.offset],
    )
  ).map((r) => r.id);
  return { total, items: await patchItems(db, ids, q) };
}

/**
 * The patch items of these annotation ids, in the query's order: the boxes, their samples' sizes and
 * their issue scores as three narrow lookups (one query joining them cost ~4x as much at 7.5M boxes).
 * `sampleIds` (their samples, when known) lets DuckDB skip the row groups of other samples.
 */
export async function patchItems(
  db: Db,
  ids: number[],
  q: PatchQuery,
  sampleIds?: number[],
): Promise<PatchItem[]> {
  if (ids.length === 0) return [];
  const marks = (xs: unknown[]) => xs.map(() => '?').join(', ');
  const samples = sampleIds ? [...new Set(sampleIds)] : [];
  const near = samples.length ? ` AND a.sample_id IN (${marks(samples)})` : '';
  const boxes = await db.all<{
    id: number;
    sample_id: number;
    class_id: number | null;
    x: number;
    y: number;
    w: number;
    h: number;
    score: number | null;
  }>(
    `SELECT a.id, a.sample_id, a.class_id, a.x, a.y, a.w, a.h, a.score FROM annotations a
      WHERE a.id IN (${marks(ids)})${near}`,
    [...ids, ...samples],
  );
  const inSamples = [...new Set(boxes.map((b) => b.sample_id))];
  const sizes = new Map(
    (inSamples.length === 0
      ? []
      : await db.all<{ id: number; width: number | null; height: number | null }>(
          `SELECT id, ${SHOWN_BARE.width} AS width, ${SHOWN_BARE.height} AS height
             FROM samples WHERE id IN (${marks(inSamples)})`,
          inSamples,
        )
    ).map((r) => [r.id, r]),
  );
  const issueScores = await patchIssueScores(db, ids);
  const items = boxes.flatMap((b): PatchItem[] => {
    const size = sizes.get(b.sample_id);
    if (size === undefined) return [];
    return [
      {
        annotation_id: b.id,
        sample_id: b.sample_id,
        class_id: b.class_id,
        bbox: [b.x, b.y, b.w, b.h],
        width: size.width,
        height: size.height,
        score: b.score,
        issue_score: issueScores.get(b.id) ?? null,
      },
    ];
  });
  return sortLike(items, q);
}

/** Each annotation's worst issue score (issues not ignored), for these annotation ids. */
export async function patchIssueScores(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ id: number; v: number | null }>(
    `SELECT annotation_id AS id, max(score) AS v FROM issues
      WHERE status <> 'ignored' AND annotation_id IN (${ids.map(() => '?').join(', ')}) GROUP BY ALL`,
    ids,
  );
  const out = new Map<number, number>();
  for (const r of rows) if (r.v !== null) out.set(r.id, r.v);
  return out;
}

/** The second query loses the page's order: sort again the same way (ids break ties). */
function sortLike(items: PatchItem[], q: PatchQuery): PatchItem[] {
  const key = (p: PatchItem): number | null => {
    const [, , w, h] = p.bbox;
    if (q.sort === 'area') return w * h;
    if (q.sort === 'aspect') return h === 0 ? null : w / h;
    if (q.sort === 'score') return p.score;
    return p.issue_score;
  };
  const desc = q.desc ?? q.sort !== 'aspect';
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === kb) return a.annotation_id - b.annotation_id;
    if (ka === null) return 1;
    if (kb === null) return -1;
    return desc ? kb - ka : ka - kb;
  });
}
