import { AssayError } from '../../errors.js';
import type { Db } from '../store/db.js';
import { browseNames } from './browse-names.js';
import { METRIC_COLUMNS, metricColumn } from './metric-columns.js';

/** What the map colours by: categories, or a metric's quantile bins (`metric:NAME`). */
export const MAP_COLOUR_MODES = ['class', 'split', 'issues', 'sources', 'outcome'] as const;

export interface MapColours {
  by: string;
  /** Legend labels; `category[i]` indexes them, NO_CATEGORY = none (drawn grey). */
  labels: string[];
  /** true: the labels are ordered bins of a metric (a colour ramp), else unordered categories. */
  ramp: boolean;
  category: Uint8Array;
  /** Every mode the project offers (the fixed ones, then `metric:NAME` for each metric). */
  modes: string[];
}

export const NO_CATEGORY = 255;
/** Categories drawn in their own colour; the rest share the last one, "other". */
export const MAX_CATEGORIES = 32;
const METRIC_BINS = 10;

/**
 * One colour category per point of the map (points = `sampleIds`, the projection's samples in its
 * order): the sample's most frequent ground-truth class, its split, whether it has open issues, which
 * annotation sources it has, its outcome in the latest evaluation (TP/FP/FN counts), or the decile bin
 * of a metric. Past MAX_CATEGORIES − 1 labels the least frequent ones become "other".
 */
export async function embeddingMapColours(db: Db, sampleIds: Int32Array, by: string): Promise<MapColours> {
  const modes = [...MAP_COLOUR_MODES, ...METRIC_COLUMNS.map((m) => `metric:${m.name}`)];
  if (!modes.includes(by))
    throw new AssayError('INVALID_INPUT', 'The map cannot colour by that.', {
      hint: `Colour by one of: ${modes.join(', ')}.`,
      details: { by },
    });
  if (by.startsWith('metric:')) return { ...(await metricBins(db, sampleIds, by.slice(7))), by, modes };
  const [sql, params] = await categorySql(db, by);
  const reader = await db.readAll(sql, params);
  const labelOf = new Map<number, string>();
  for (const row of reader.getRows()) if (row[1] !== null) labelOf.set(Number(row[0]), String(row[1]));
  const counts = new Map<string, number>();
  for (const id of sampleIds) {
    const l = labelOf.get(id);
    if (l !== undefined) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  let labels = [...counts.keys()].sort(order(by));
  const other = labels.length > MAX_CATEGORIES;
  if (other) {
    const kept = new Set(
      [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_CATEGORIES - 1)
        .map((e) => e[0]),
    );
    labels = [...labels.filter((l) => kept.has(l)), `other (${counts.size - kept.size})`];
  }
  const index = new Map(labels.map((l, i) => [l, i]));
  const category = new Uint8Array(sampleIds.length);
  for (let i = 0; i < sampleIds.length; i++) {
    const l = labelOf.get(sampleIds[i]!);
    category[i] = l === undefined ? NO_CATEGORY : (index.get(l) ?? MAX_CATEGORIES - 1);
  }
  return { by, labels, ramp: false, category, modes };
}

const FIXED_ORDER: Record<string, string[]> = {
  issues: ['no open issue', 'open issues'],
  outcome: ['all TP', 'FP', 'FN', 'FP and FN', 'no objects'],
};

function order(by: string): (a: string, b: string) => number {
  const fixed = FIXED_ORDER[by];
  return fixed ? (a, b) => fixed.indexOf(a) - fixed.indexOf(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}

/** (sample id, label) rows of a category mode; samples without one are absent or NULL. */
async function categorySql(db: Db, by: string): Promise<[string, number[]]> {
  switch (by) {
    case 'class':
      return [
        `SELECT a.sample_id, arg_max(c.name, a.n) FROM (
           SELECT sample_id, class_id, count(*) AS n FROM annotations
            WHERE class_id IS NOT NULL AND source_id = (SELECT id FROM sources WHERE name = 'ground_truth')
            GROUP BY ALL) a JOIN classes c ON c.id = a.class_id GROUP BY a.sample_id`,
        [],
      ];
    case 'split':
      return ['SELECT id, split FROM samples WHERE split IS NOT NULL', []];
    case 'issues':
      return [
        `SELECT s.id, CASE WHEN EXISTS (SELECT 1 FROM issues i WHERE i.sample_id = s.id AND i.status = 'open')
                 THEN 'open issues' ELSE 'no open issue' END FROM samples s`,
        [],
      ];
    case 'sources':
      return [
        `SELECT a.sample_id, string_agg(DISTINCT s.name, ' + ' ORDER BY s.name)
           FROM annotations a JOIN sources s ON s.id = a.source_id GROUP BY a.sample_id`,
        [],
      ];
    default: {
      const run = (await browseNames(db)).evalRunId;
      return [
        `SELECT sample_id, CASE WHEN fp > 0 AND fn > 0 THEN 'FP and FN' WHEN fp > 0 THEN 'FP'
                  WHEN fn > 0 THEN 'FN' WHEN tp > 0 THEN 'all TP' ELSE 'no objects' END
           FROM eval_samples WHERE run_id = ?`,
        [run ?? -1],
      ];
    }
  }
}

/** Decile bins of a metric over the map's points (ties keep a bin's lower edge); NULL → none. */
async function metricBins(
  db: Db,
  sampleIds: Int32Array,
  name: string,
): Promise<{ labels: string[]; ramp: true; category: Uint8Array }> {
  const column = metricColumn(name)!;
  const reader = await db.readAll(
    `SELECT s.id, ${column.sql} FROM samples s LEFT JOIN sample_metrics m ON m.sample_id = s.id`,
  );
  const metricOf = new Map<number, number>();
  for (const row of reader.getRows())
    if (row[1] !== null && Number.isFinite(Number(row[1]))) metricOf.set(Number(row[0]), Number(row[1]));
  const values = Float64Array.from(sampleIds, (id) => metricOf.get(id) ?? Number.NaN);
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  const category = new Uint8Array(sampleIds.length).fill(NO_CATEGORY);
  if (sorted.length === 0) return { labels: [], ramp: true, category };
  const edges = [
    ...new Set(
      Array.from({ length: METRIC_BINS }, (_, b) => sorted[Math.floor((b * sorted.length) / METRIC_BINS)]!),
    ),
  ];
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const labels = edges.map((e, b) =>
    b + 1 < edges.length ? `${fmt(e)} – ${fmt(edges[b + 1]!)}` : `≥ ${fmt(e)} (max ${fmt(sorted.at(-1)!)})`,
  );
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    let b = 0;
    while (b + 1 < edges.length && v >= edges[b + 1]!) b++;
    category[i] = b;
  }
  return { labels, ramp: true, category };
}
