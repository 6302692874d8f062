import type { DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../store/db.js';
import type { BrowseFilter } from './browse-filter.js';
import type { BrowseNames } from './browse-names.js';
import { type FacetBase, HISTOGRAM_BINS, type MetricRanges, prepareFacetBase } from './facet-base.js';
import { filterSql, type Sql } from './filter-sql.js';
import { METRIC_COLUMNS } from './metric-columns.js';
import { UNASSIGNED_SPLIT } from './project-info.js';
import { LANGUAGE_SQL } from './text-language-sql.js';

export interface ValueCount {
  value: string;
  count: number;
}

export interface MetricHistogram {
  min: number | null;
  max: number | null;
  bins: number[];
  counts: number[];
}

export interface FacetCounts {
  total: number;
  facets: {
    class: ValueCount[];
    source: ValueCount[];
    split: ValueCount[];
    tag: ValueCount[];
    issue_type: ValueCount[];
    issue_status: ValueCount[];
    outcome: ValueCount[];
    /** Text samples per language (stated, else detected; `unknown`). */
    language: ValueCount[];
    metrics: Record<string, MetricHistogram>;
  };
  /** Samples in the filter's map region alone (only when the filter has one). */
  region_points?: number;
}

/**
 * Every facet's counts under a filter, in one statement. The matching sample ids are found once (CTE
 * `sel`, MATERIALIZED) and their rows of `facet_base` kept (`fb`: split, tags, metric bins, per-sample
 * class × source counts and TP/FP/FN; facet-base.ts); then one GROUP BY per facet over `fb`, so the
 * cost follows the number of selected samples, not of annotations. Issues are semi-joined to `sel`;
 * only a prediction-score range makes class/source counts read the annotations themselves. With an
 * empty filter nothing is joined. Histogram bins span each metric's range over the whole project.
 */
export async function facetCounts(
  db: Db,
  names: BrowseNames,
  filter: BrowseFilter,
  base?: FacetBase,
): Promise<FacetCounts> {
  const f = filterSql(filter, names);
  const fbase = base ?? (await prepareFacetBase(db, names.evalRunId));
  const direct = f.all ? undefined : facetBaseWhere(filter);
  const params: DuckDBValue[] = [...(f.all ? [] : (direct ?? f.samples).params)];
  const semi = (col: string) => (f.all ? '' : ` AND ${col} IN (SELECT id FROM sel)`);
  const ctes = f.all
    ? [`fb AS (SELECT * FROM ${fbase.table})`]
    : direct
      ? [
          `fb AS MATERIALIZED (SELECT * FROM ${fbase.table} WHERE ${direct.text})`,
          'sel AS (SELECT id FROM fb)',
        ]
      : [
          `sel AS MATERIALIZED (SELECT s.id FROM samples s WHERE ${f.samples.text})`,
          `fb AS MATERIALIZED (SELECT * FROM ${fbase.table} WHERE id IN (SELECT id FROM sel))`,
        ];
  const parts: string[] = [
    `SELECT 'total' AS facet, '' AS value, count(*) AS n FROM fb`,
    `SELECT 'split', split, count(*) FROM fb GROUP BY ALL`,
    `SELECT 'tag', t, count(*) FROM (SELECT unnest(tags) AS t FROM fb) GROUP BY ALL`,
    `SELECT 'issue_type', type, count(DISTINCT sample_id) FROM issues WHERE status <> 'ignored'${semi('sample_id')} GROUP BY ALL`,
    `SELECT 'issue_status', status, count(DISTINCT sample_id) FROM issues WHERE TRUE${semi('sample_id')} GROUP BY ALL`,
    `SELECT 'language', coalesce(${LANGUAGE_SQL}, 'unknown'), count(*) FROM samples s WHERE s.kind = 'text'${semi('s.id')} GROUP BY ALL`,
  ];
  if (f.region) {
    parts.push(`SELECT 'region', '', count(*) FROM samples s WHERE ${f.region.text}`);
    params.push(...f.region.params);
  }
  if (f.scopeHasScore) {
    // A score range needs each annotation's score: count the annotations themselves.
    parts.push(`SELECT 'class_source', c::VARCHAR || ' ' || src::VARCHAR, n FROM (
       SELECT coalesce(a.class_id, -1) AS c, a.source_id AS src, count(*) AS n
         FROM annotations a WHERE ${f.annotationScope.text}${semi('a.sample_id')} GROUP BY ALL)`);
    params.push(...f.annotationScope.params);
  } else {
    const ids = f.scopeSourceIds;
    parts.push(`SELECT 'class_source', c::VARCHAR || ' ' || src::VARCHAR, n FROM (
       SELECT x.c AS c, x.s AS src, sum(x.n) AS n FROM (SELECT unnest(cs) AS x FROM fb)
        ${ids ? `WHERE x.s IN (${ids.map(() => '?').join(', ')})` : ''} GROUP BY ALL)`);
    if (ids) params.push(...ids);
  }
  if (names.evalRunId !== undefined && fbase.evalRunId === names.evalRunId) {
    parts.push(
      `SELECT 'outcome', o, n FROM (SELECT 'tp' AS o, sum(tp) AS n FROM fb UNION ALL SELECT 'fp', sum(fp) FROM fb
         UNION ALL SELECT 'fn', sum(fn) FROM fb) WHERE n > 0`,
    );
  } else if (names.evalRunId !== undefined) {
    parts.push(
      `SELECT 'outcome', e.outcome, count(*) FROM eval_matches e WHERE e.run_id = ? AND e.outcome <> 'ignored'${semi('e.sample_id')} GROUP BY ALL`,
    );
    params.push(names.evalRunId);
  }
  for (const m of METRIC_COLUMNS) {
    if (!fbase.ranges.has(m.name)) continue;
    parts.push(
      `SELECT 'bin', '${m.name} ' || b::VARCHAR, n FROM (SELECT "b_${m.name}" AS b, count(*) AS n FROM fb WHERE "b_${m.name}" IS NOT NULL GROUP BY ALL)`,
    );
  }
  const rows = await db.all<{ facet: string; value: string | null; n: number }>(
    `WITH ${ctes.join(',\n')}\n${parts.join('\nUNION ALL\n')}`,
    params,
  );
  return assembleFacets(rows, names, fbase.ranges);
}

/**
 * The filter as a WHERE over `facet_base` alone, when it only names splits, tags and ids: no join to
 * `samples` then. (Classes or sources through the per-sample class × source lists cost more CPU than
 * the annotation scan at 1M samples: 0.84 s against 0.64 s for one class, so they take the general path.)
 */
function facetBaseWhere(filter: BrowseFilter): Sql | undefined {
  const simple = new Set(['splits', 'tags', 'ids']);
  // facet_base's split is coalesced: only filterSql tells "no split" from a split named `unassigned`
  if (filter.splits?.includes(UNASSIGNED_SPLIT)) return undefined;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (!simple.has(key)) return undefined;
  }
  const parts: string[] = [];
  const params: DuckDBValue[] = [];
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  if (filter.ids) {
    parts.push(filter.ids.length ? `id IN (${marks(filter.ids.length)})` : 'FALSE');
    params.push(...filter.ids);
  }
  if (filter.splits?.length) {
    parts.push(`split IN (${marks(filter.splits.length)})`);
    params.push(...filter.splits);
  }
  if (filter.tags?.length) {
    parts.push(`list_has_any(tags, [${marks(filter.tags.length)}]::VARCHAR[])`);
    params.push(...filter.tags);
  }
  return { text: parts.length ? parts.join(' AND ') : 'TRUE', params };
}

/** One counted value: `class_source` values are "classId sourceId", `bin` values "metric bin". */
export interface FacetRow {
  facet: string;
  value: string | null;
  n: number;
}

/** Facet rows (from SQL or the in-memory index) as the response: names, merged values, sorted lists. */
export function assembleFacets(rows: FacetRow[], names: BrowseNames, ranges: MetricRanges): FacetCounts {
  const lists: Record<string, ValueCount[]> = {};
  const push = (facet: string, value: string, n: number) => {
    const list = (lists[facet] ??= []);
    const at = list.find((x) => x.value === value);
    if (at) at.count += n;
    else list.push({ value, count: n });
  };
  const bins = new Map<string, Map<number, number>>();
  let total = 0;
  let region: number | undefined;
  for (const r of rows) {
    if (r.facet === 'total') total = r.n;
    else if (r.facet === 'region') region = r.n;
    else if (r.facet === 'bin') {
      const [name, bin] = (r.value ?? '').split(' ');
      const map = bins.get(name!) ?? new Map<number, number>();
      const k = bin === undefined || bin === '' ? 0 : Number(bin); // one-valued metric: all in bin 0
      map.set(k, (map.get(k) ?? 0) + r.n);
      bins.set(name!, map);
    } else if (r.facet === 'class_source') {
      const [classId, sourceId] = (r.value ?? '').split(' ').map(Number);
      push('source', names.sourceNames.get(sourceId!) ?? String(sourceId), r.n);
      if (classId !== -1) push('class', names.classNames.get(classId!) ?? String(classId), r.n);
    } else push(r.facet, r.value ?? '', r.n);
  }
  for (const list of Object.values(lists))
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const metrics: Record<string, MetricHistogram> = {};
  for (const m of METRIC_COLUMNS) {
    const range = ranges.get(m.name);
    if (range === undefined) continue;
    const [min, max] = range;
    const step = (max - min) / HISTOGRAM_BINS;
    const counts = Array.from({ length: HISTOGRAM_BINS }, (_, k) => bins.get(m.name)?.get(k) ?? 0);
    metrics[m.name] = {
      min,
      max,
      bins: Array.from({ length: HISTOGRAM_BINS + 1 }, (_, k) => min + k * step),
      counts,
    };
  }
  const list = (k: string) => lists[k] ?? [];
  return {
    total,
    facets: {
      class: list('class'),
      source: list('source'),
      split: list('split'),
      tag: list('tag'),
      issue_type: list('issue_type'),
      issue_status: list('issue_status'),
      outcome: list('outcome'),
      language: list('language'),
      metrics,
    },
    ...(region === undefined ? {} : { region_points: region }),
  };
}
