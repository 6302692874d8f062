import type { DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../store/db.js';
import type { BrowseFilter } from './browse-filter.js';
import type { BrowseNames } from './browse-names.js';
import type { ValueCount } from './facet-counts.js';
import { filterSql } from './filter-sql.js';

export interface AttributeFacetQuery {
  filter: BrowseFilter;
  /** Only this attribute (default: every attribute name found). */
  name?: string;
  /** Only values containing this text (case-insensitive). */
  search?: string;
  /** Values per attribute, most frequent first (default 10, at most 100). */
  limit?: number;
}

export interface AttributeFacet {
  name: string;
  /** Distinct values of the attribute (matching `search` when given), of which `values` are the top. */
  distinct: number;
  /** Annotations with the attribute (matching `search` when given). */
  annotations: number;
  values: ValueCount[];
}

/** Attribute names the facets list at most (the most used first). */
export const MAX_ATTRIBUTE_NAMES = 30;

/**
 * Annotation attribute values under a filter, as facets that stay small however many distinct values
 * there are (free text, ids): per attribute name the top `limit` values by annotation count, the number
 * of distinct values and a case-insensitive `search` over all of them. Counts annotations of the
 * matching samples within the filter's scope (its sources and score range), like the class facet. A
 * value is the attribute as text (json_extract_string), the form filter.attributes compares with.
 */
export async function attributeFacets(
  db: Db,
  names: BrowseNames,
  q: AttributeFacetQuery,
): Promise<AttributeFacet[]> {
  const f = filterSql(q.filter, names);
  const limit = Math.max(1, Math.min(100, q.limit ?? 10));
  const params: DuckDBValue[] = [...f.annotationScope.params];
  let where = `a.attributes IS NOT NULL AND ${f.annotationScope.text}`;
  if (!f.all) {
    where += ` AND a.sample_id IN (SELECT s.id FROM samples s WHERE ${f.samples.text})`;
    params.push(...f.samples.params);
  }
  const kvWhere: string[] = [];
  const kvParams: DuckDBValue[] = [];
  if (q.name !== undefined) {
    kvWhere.push('k = ?');
    kvParams.push(q.name);
  }
  if (q.search) {
    kvWhere.push('contains(lower(v), lower(?))');
    kvParams.push(q.search);
  }
  // A key's JSON pointer escapes ~ and / (RFC 6901), as filter-sql.ts does for the filter.
  const rows = await db.all<{
    k: string;
    v: string;
    n: number;
    distinct_n: number;
    total: number;
    r: number;
  }>(
    `WITH a AS (SELECT a.attributes FROM annotations a WHERE ${where}),
      keys AS (SELECT attributes, unnest(json_keys(attributes)) AS k FROM a WHERE json_type(attributes) = 'OBJECT'),
      kv AS (SELECT k, json_extract_string(attributes, '/' || replace(replace(k, '~', '~0'), '/', '~1')) AS v FROM keys),
      counted AS (SELECT k, v, count(*) AS n FROM kv WHERE v IS NOT NULL${kvWhere.map((w) => ` AND ${w}`).join('')} GROUP BY ALL),
      per_key AS (SELECT k, count(*) AS distinct_n, sum(n) AS total FROM counted GROUP BY k
                   ORDER BY total DESC, k LIMIT ${MAX_ATTRIBUTE_NAMES})
     SELECT c.k, c.v, c.n, p.distinct_n, p.total, row_number() OVER (PARTITION BY c.k ORDER BY c.n DESC, c.v) AS r
       FROM counted c JOIN per_key p ON p.k = c.k
    QUALIFY r <= ${limit}
      ORDER BY p.total DESC, c.k, r`,
    [...params, ...kvParams],
  );
  const out = new Map<string, AttributeFacet>();
  for (const row of rows) {
    let facet = out.get(row.k);
    if (facet === undefined) {
      facet = { name: row.k, distinct: Number(row.distinct_n), annotations: Number(row.total), values: [] };
      out.set(row.k, facet);
    }
    facet.values.push({ value: row.v, count: Number(row.n) });
  }
  return [...out.values()];
}
