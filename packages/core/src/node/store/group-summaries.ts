import type { DuckDBValue } from '@duckdb/node-api';
import type { Histogram, Summary } from '../../stats/summarize.js';
import type { Db } from './db.js';

/** One numeric column of a grouped query to summarise, optionally with a histogram. */
export interface Measure {
  /** Column name in the values query. */
  name: string;
  /** Histogram bins (none when 0 or absent). */
  bins?: number;
  /** Bins evenly spaced in log10 (values <= 0 left out of the histogram). */
  log?: boolean;
}

export interface MeasureResult {
  summary: Summary;
  histogram?: Histogram;
}

type Key = string | number;
const QUANTILES = '[0.05, 0.25, 0.5, 0.75, 0.95]';
/** The temporary table of the values being summarised (one connection runs one summary at a time). */
const VALUES = 'assay_stats_values';

/** A JS number as a DuckDB DOUBLE literal that parses back to the same double. */
const double = (v: number) => `'${v}'::DOUBLE`;
const keyLiteral = (k: Key) => (typeof k === 'number' ? String(k) : `'${k.replaceAll("'", "''")}'`);

/**
 * Summary (count, invalid, min, max, mean, population std, type-7 quantiles) and histogram of each measure
 * per group `g` of `valuesSql` (a query with columns g and the measures), as SQL aggregates: the same
 * definitions as `summarize` and `histogram` (stats/summarize.ts). Counts, min, max and histogram counts
 * are the same numbers; mean and std are summed in DuckDB's order, and quantile_cont interpolates as
 * lo·(1−d) + hi·d where summarize takes lo + (hi−lo)·d, so those may differ in the last bits (relative
 * ~1e-15; an ordered `sum(v ORDER BY v)` would give the JS mean exactly, at the cost of a sort per measure).
 */
export async function groupSummaries(
  db: Db,
  valuesSql: string,
  params: DuckDBValue[],
  measures: Measure[],
): Promise<Map<Key, Map<string, MeasureResult>>> {
  // Non-finite values become NULL once, so the aggregates skip them without a FILTER each (3× faster).
  const clean = measures.map(({ name: m }) => `CASE WHEN isfinite(${m}) THEN ${m} END AS ${m}`).join(', ');
  await db.run(`CREATE OR REPLACE TEMP TABLE ${VALUES} AS SELECT g, ${clean} FROM (${valuesSql})`, params);
  try {
    return await summarise(db, measures);
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${VALUES}`);
  }
}

async function summarise(db: Db, measures: Measure[]): Promise<Map<Key, Map<string, MeasureResult>>> {
  const aggregates = measures.map(({ name: m }) =>
    [
      `count(${m}) AS "${m}_count"`,
      `min(${m}) AS "${m}_min"`,
      `max(${m}) AS "${m}_max"`,
      `avg(${m}) AS "${m}_mean"`,
      `stddev_pop(${m}) AS "${m}_std"`,
      `quantile_cont(${m}, ${QUANTILES}) AS "${m}_q"`,
      `min(CASE WHEN ${m} > 0 THEN ${m} END) AS "${m}_pmin"`,
      `max(CASE WHEN ${m} > 0 THEN ${m} END) AS "${m}_pmax"`,
    ].join(', '),
  );
  const rows = await db.all<Record<string, unknown>>(
    `SELECT g, count(*) AS n, ${aggregates.join(', ')} FROM ${VALUES} GROUP BY g`,
  );
  const out = new Map<Key, Map<string, MeasureResult>>();
  const bounds = new Map<string, { g: Key; lo: number; width: number }[]>();
  for (const r of rows) {
    const g = r.g as Key;
    const perMeasure = new Map<string, MeasureResult>();
    for (const m of measures) {
      perMeasure.set(m.name, { summary: summaryOf(r, m.name, r.n as number) });
      const bin = binsOf(r, m);
      if (bin) {
        const list = bounds.get(m.name) ?? [];
        list.push({ g, ...bin });
        bounds.set(m.name, list);
        perMeasure.get(m.name)!.histogram = bin.histogram;
      } else if (m.bins) perMeasure.get(m.name)!.histogram = { edges: [], counts: [], log: m.log === true };
    }
    out.set(g, perMeasure);
  }
  await fillHistograms(db, measures, bounds, out);
  return out;
}

function summaryOf(r: Record<string, unknown>, m: string, n: number): Summary {
  const count = Number(r[`${m}_count`] ?? 0);
  if (count === 0) {
    return {
      count: 0,
      invalid: n,
      min: 0,
      max: 0,
      mean: 0,
      std: 0,
      p05: 0,
      p25: 0,
      median: 0,
      p75: 0,
      p95: 0,
    };
  }
  const q = r[`${m}_q`] as number[];
  return {
    count,
    invalid: n - count,
    min: r[`${m}_min`] as number,
    max: r[`${m}_max`] as number,
    mean: r[`${m}_mean`] as number,
    std: (r[`${m}_std`] as number | null) ?? 0,
    p05: q[0]!,
    p25: q[1]!,
    median: q[2]!,
    p75: q[3]!,
    p95: q[4]!,
  };
}

/** The bins `histogram` would choose: lo and width from the values' own range (log10 of it when log). */
function binsOf(
  r: Record<string, unknown>,
  m: Measure,
): { lo: number; width: number; histogram: Histogram } | undefined {
  if (!m.bins) return undefined;
  const log = m.log === true;
  const min = r[log ? `${m.name}_pmin` : `${m.name}_min`] as number | null;
  const max = r[log ? `${m.name}_pmax` : `${m.name}_max`] as number | null;
  if (min === null || max === null || min === undefined || max === undefined) return undefined;
  const lo = log ? Math.log10(min) : min;
  let hi = log ? Math.log10(max) : max;
  if (lo === hi) hi = lo + 1;
  const width = (hi - lo) / m.bins;
  const edges = Array.from({ length: m.bins + 1 }, (_, i) => {
    const e = lo + i * width;
    return log ? 10 ** e : e;
  });
  return { lo, width, histogram: { edges, counts: new Array<number>(m.bins).fill(0), log } };
}

/** Histogram counts of every measure in one scan (GROUPING SETS), bins computed as `histogram` does. */
async function fillHistograms(
  db: Db,
  measures: Measure[],
  bounds: Map<string, { g: Key; lo: number; width: number }[]>,
  out: Map<Key, Map<string, MeasureResult>>,
): Promise<void> {
  const binned = measures.filter((m) => (bounds.get(m.name)?.length ?? 0) > 0);
  if (binned.length === 0) return;
  const joins: string[] = [];
  const bins: string[] = [];
  binned.forEach((m, k) => {
    const list = bounds.get(m.name)!;
    const values = list.map((b) => `(${keyLiteral(b.g)}, ${double(b.lo)}, ${double(b.width)})`).join(', ');
    joins.push(`LEFT JOIN (VALUES ${values}) b${k}(g, lo, width) ON b${k}.g = v.g`);
    const t = m.log ? `log10(v.${m.name})` : `v.${m.name}`;
    const ok = m.log ? `v.${m.name} > 0` : `v.${m.name} IS NOT NULL`;
    bins.push(
      `CASE WHEN ${ok} THEN least(${m.bins! - 1}, greatest(0, floor((${t} - b${k}.lo) / b${k}.width)))::INTEGER END AS bin${k}`,
    );
  });
  const sets = binned.map((_, k) => `(g, bin${k})`).join(', ');
  const rows = await db.all<Record<string, unknown>>(
    `SELECT g, ${binned.map((_, k) => `bin${k}`).join(', ')}, grouping(${binned.map((_, k) => `bin${k}`).join(', ')}) AS set_id, count(*) AS n
       FROM (SELECT v.g, ${bins.join(', ')} FROM ${VALUES} v ${joins.join(' ')})
      GROUP BY GROUPING SETS (${sets})`,
  );
  for (const r of rows) {
    const g = r.g as Key;
    binned.forEach((m, k) => {
      const bin = r[`bin${k}`] as number | null;
      // The row belongs to measure k's grouping set when bin k is grouped (its grouping bit is 0).
      const bit = 1 << (binned.length - 1 - k);
      if (((r.set_id as number) & bit) !== 0 || bin === null) return;
      const h = out.get(g)?.get(m.name)?.histogram;
      if (h) h.counts[bin] = (h.counts[bin] ?? 0) + (r.n as number);
    });
  }
}
