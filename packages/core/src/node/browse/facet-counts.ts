import type { DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../store/db.js';
import type { BrowseFilter } from './browse-filter.js';
import type { BrowseNames } from './browse-names.js';
import { filterSql } from './filter-sql.js';
import { METRIC_COLUMNS } from './metric-columns.js';
import { UNASSIGNED_SPLIT } from './project-info.js';

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
    metrics: Record<string, MetricHistogram>;
  };
}

export const HISTOGRAM_BINS = 20;

/**
 * Every facet's counts under a filter, in one query: the matching sample ids are computed once (a
 * materialized CTE `sel`, skipped when the filter selects everything), then one GROUP BY per facet over
 * it. Metric bins span each metric's range over the whole project, so bars stay put while filtering.
 */
export async function facetCounts(db: Db, names: BrowseNames, filter: BrowseFilter): Promise<FacetCounts> {
  const f = filterSql(filter, names);
  const params: DuckDBValue[] = [];
  const semi = (col: string) => (f.all ? '' : ` AND ${col} IN (SELECT id FROM sel)`);
  const parts: string[] = [];
  parts.push(`SELECT 'total' AS facet, '' AS value, count(*) AS n FROM samples s WHERE TRUE${semi('s.id')}`);
  parts.push(
    `SELECT 'split', coalesce(s.split, '${UNASSIGNED_SPLIT}'), count(*) FROM samples s WHERE TRUE${semi('s.id')} GROUP BY ALL`,
  );
  parts.push(
    `SELECT 'tag', t, count(*) FROM (SELECT unnest(s.tags) AS t FROM samples s WHERE TRUE${semi('s.id')}) GROUP BY ALL`,
  );
  parts.push(
    `SELECT 'issue_type', type, count(DISTINCT sample_id) FROM issues WHERE status <> 'ignored'${semi('sample_id')} GROUP BY ALL`,
  );
  parts.push(
    `SELECT 'issue_status', status, count(DISTINCT sample_id) FROM issues WHERE TRUE${semi('sample_id')} GROUP BY ALL`,
  );
  parts.push(
    `SELECT 'class', a.class_id::VARCHAR, count(*) FROM annotations a WHERE a.class_id IS NOT NULL AND ${f.annotationScope.text}${semi('a.sample_id')} GROUP BY ALL`,
  );
  params.push(...f.annotationScope.params);
  parts.push(
    `SELECT 'source', a.source_id::VARCHAR, count(*) FROM annotations a WHERE ${f.annotationScope.text}${semi('a.sample_id')} GROUP BY ALL`,
  );
  params.push(...f.annotationScope.params);
  if (names.evalRunId !== undefined) {
    parts.push(
      `SELECT 'outcome', e.outcome, count(*) FROM eval_matches e WHERE e.run_id = ? AND e.outcome <> 'ignored'${semi('e.sample_id')} GROUP BY ALL`,
    );
    params.push(names.evalRunId);
  }
  for (const m of METRIC_COLUMNS) {
    const from = m.table === 's' ? 'samples s' : 'sample_metrics m';
    const idCol = m.table === 's' ? 's.id' : 'm.sample_id';
    parts.push(
      `SELECT 'range:${m.name}', min(${m.sql})::VARCHAR || ' ' || max(${m.sql})::VARCHAR, 0 FROM ${from}`,
      `SELECT 'bin:${m.name}', least(floor((${m.sql} - r.lo) / nullif(r.hi - r.lo, 0) * ${HISTOGRAM_BINS}), ${HISTOGRAM_BINS - 1})::VARCHAR, count(*)
         FROM ${from}, (SELECT min(${m.sql}) AS lo, max(${m.sql}) AS hi FROM ${from}) r
        WHERE ${m.sql} IS NOT NULL${semi(idCol)} GROUP BY ALL`,
    );
  }
  const where = f.samples;
  const cte = f.all ? '' : `WITH sel AS MATERIALIZED (SELECT s.id FROM samples s WHERE ${where.text}) `;
  const rows = await db.all<{ facet: string; value: string | null; n: number }>(
    `${cte}${parts.join('\nUNION ALL\n')}`,
    f.all ? params : [...where.params, ...params],
  );
  return assemble(rows, names);
}

function assemble(
  rows: { facet: string; value: string | null; n: number }[],
  names: BrowseNames,
): FacetCounts {
  const lists: Record<string, ValueCount[]> = {};
  const ranges = new Map<string, [number | null, number | null]>();
  const bins = new Map<string, Map<number, number>>();
  let total = 0;
  for (const r of rows) {
    if (r.facet === 'total') total = r.n;
    else if (r.facet.startsWith('range:')) {
      const [lo, hi] = (r.value ?? '').split(' ').map((x) => (x === '' ? null : Number(x)));
      ranges.set(r.facet.slice(6), [lo ?? null, hi ?? null]);
    } else if (r.facet.startsWith('bin:')) {
      const name = r.facet.slice(4);
      const map = bins.get(name) ?? new Map<number, number>();
      map.set(r.value === null ? 0 : Number(r.value), r.n);
      bins.set(name, map);
    } else {
      let value = r.value ?? '';
      if (r.facet === 'class') value = names.classNames.get(Number(value)) ?? value;
      if (r.facet === 'source') value = names.sourceNames.get(Number(value)) ?? value;
      (lists[r.facet] ??= []).push({ value, count: r.n });
    }
  }
  for (const list of Object.values(lists))
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const metrics: Record<string, MetricHistogram> = {};
  for (const m of METRIC_COLUMNS) {
    const [min, max] = ranges.get(m.name) ?? [null, null];
    if (min === null || max === null) continue;
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
      metrics,
    },
  };
}
