import type { DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../store/db.js';
import { idRanges, type Pace, rangeSql } from './id-ranges.js';
import { METRIC_COLUMNS } from './metric-columns.js';
import { UNASSIGNED_SPLIT } from './project-info.js';

export const HISTOGRAM_BINS = 20;

/** Each metric's [min, max] over the whole project (histogram bins span it). */
export type MetricRanges = Map<string, [number, number]>;

/** A connection's temp table of what the facets group by: split, tags, metric bins, class × source counts, TP/FP/FN. */
export interface FacetBase {
  table: string;
  ranges: MetricRanges;
  /** The eval run whose outcomes it counts. */
  evalRunId: number | undefined;
}

export async function metricRanges(db: Db): Promise<MetricRanges> {
  const cols = (t: 's' | 'm') =>
    METRIC_COLUMNS.filter((m) => m.table === t).flatMap((m) => [
      `min(${m.sql})::DOUBLE AS "${m.name}_lo"`,
      `max(${m.sql})::DOUBLE AS "${m.name}_hi"`,
    ]);
  const row = {
    ...(await db.one<Record<string, number | null>>(`SELECT ${cols('s').join(', ')} FROM samples s`)),
    ...(await db.one<Record<string, number | null>>(`SELECT ${cols('m').join(', ')} FROM sample_metrics m`)),
  };
  const ranges: MetricRanges = new Map();
  for (const m of METRIC_COLUMNS) {
    const lo = row[`${m.name}_lo`];
    const hi = row[`${m.name}_hi`];
    if (typeof lo === 'number' && typeof hi === 'number') ranges.set(m.name, [lo, hi]);
  }
  return ranges;
}

/**
 * Builds (or rebuilds) the temp table `facet_base`: one row per sample with its split, tags and the
 * histogram bin (0..19, UTINYINT) of each metric, so a facet request groups small integers instead of
 * computing bins and joining sample_metrics each time. Temp tables work on a read-only connection; the
 * server builds it once per `change` (the data is fixed between changes). One statement per sample id
 * range (id-ranges.ts), so each stays short; `pace` runs before each.
 */
export async function prepareFacetBase(
  db: Db,
  evalRunId: number | undefined,
  table = 'facet_base',
  pace?: Pace,
): Promise<FacetBase> {
  const ranges = await metricRanges(db);
  const bins = METRIC_COLUMNS.filter((m) => ranges.has(m.name)).map((m) => {
    return `CASE WHEN ${m.sql} IS NULL THEN NULL WHEN ?::DOUBLE = ?::DOUBLE THEN 0 ELSE
      least(floor((${m.sql} - ?::DOUBLE) / (?::DOUBLE - ?::DOUBLE) * ${HISTOGRAM_BINS}), ${HISTOGRAM_BINS - 1}) END::UTINYINT AS "b_${m.name}"`;
  });
  // Parameter order follows the text: lo = hi test first (lo, hi), then (v - lo) / (hi - lo).
  const ordered: DuckDBValue[] = [];
  for (const m of METRIC_COLUMNS.filter((c) => ranges.has(c.name))) {
    const [lo, hi] = ranges.get(m.name)!;
    ordered.push(lo, hi, lo, hi, lo);
  }
  // Per sample: annotation counts by class × source (`cs`, a short list) and the latest eval run's
  // TP/FP/FN, so class, source and outcome facets cost in proportion to the selected samples.
  const select = (range: (column: string) => string) =>
    `SELECT s.id, coalesce(s.split, '${UNASSIGNED_SPLIT}') AS split, s.tags${bins.map((b) => `, ${b}`).join('')},
            coalesce(cs.cs, []) AS cs, coalesce(ev.tp, 0) AS tp, coalesce(ev.fp, 0) AS fp, coalesce(ev.fn, 0) AS fn
       FROM samples s LEFT JOIN sample_metrics m ON m.sample_id = s.id
       LEFT JOIN (SELECT sample_id, list({'c': c, 's': src, 'n': n}) AS cs FROM (
                    SELECT sample_id, coalesce(class_id, -1) AS c, source_id AS src, count(*)::INTEGER AS n
                      FROM annotations WHERE ${range('sample_id')} GROUP BY ALL) GROUP BY sample_id) cs ON cs.sample_id = s.id
       LEFT JOIN (SELECT sample_id, count(*) FILTER (WHERE outcome = 'tp')::INTEGER AS tp,
                         count(*) FILTER (WHERE outcome = 'fp')::INTEGER AS fp,
                         count(*) FILTER (WHERE outcome = 'fn')::INTEGER AS fn
                    FROM eval_matches WHERE run_id = ? AND ${range('sample_id')} GROUP BY sample_id) ev ON ev.sample_id = s.id
      WHERE ${range('s.id')}
      ORDER BY s.id`;
  const params = [...ordered, evalRunId ?? -1];
  const idRangesOf = await idRanges(db);
  if (idRangesOf.length === 0) {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${select(() => 'false')}`, params);
  }
  for (let k = 0; k < idRangesOf.length; k++) {
    await pace?.();
    const range = (column: string) => rangeSql(column, idRangesOf[k]!);
    await db.run(
      k === 0
        ? `CREATE OR REPLACE TEMP TABLE ${table} AS ${select(range)}`
        : `INSERT INTO ${table} ${select(range)}`,
      params,
    );
  }
  return { table, ranges, evalRunId };
}
