import { AssayError } from '../../errors.js';
import type { Db } from '../store/db.js';
import { browseNames } from './browse-names.js';
import type { FacetIndex } from './facet-index.js';
import { pointClasses } from './map-class-column.js';
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
 * order): the sample's most frequent ground-truth class (ties: the lowest class id; from the facet
 * `index` when given, map-class-column.ts), its split, whether it has open issues, which
 * annotation sources it has, its outcome in the latest evaluation (TP/FP/FN counts), or the decile bin
 * of a metric. Past MAX_CATEGORIES − 1 labels the least frequent ones become "other".
 */
export async function embeddingMapColours(
  db: Db,
  sampleIds: Int32Array,
  by: string,
  index?: FacetIndex,
): Promise<MapColours> {
  const modes = [...MAP_COLOUR_MODES, ...METRIC_COLUMNS.map((m) => `metric:${m.name}`)];
  if (!modes.includes(by))
    throw new AssayError('INVALID_INPUT', 'The map cannot colour by that.', {
      hint: `Colour by one of: ${modes.join(', ')}.`,
      details: { by },
    });
  if (by.startsWith('metric:')) return { ...(await metricBins(db, sampleIds, by.slice(7))), by, modes };
  if (by === 'class') {
    // integers only (from the facet index when the server has it): no label strings per sample
    const { names, labelOf } = await pointClasses(db, sampleIds, index);
    return { ...categorise(by, names, labelOf), modes };
  }
  const [sql, params] = await categorySql(db, by);
  // DuckDB groups and numbers the labels; JS reads two integer columns and indexes by sample id
  const names = await db.all<{ label: string; n: number }>(
    `SELECT label, count(*)::INTEGER AS n FROM (${sql}) lab(sample_id, label) WHERE label IS NOT NULL GROUP BY label ORDER BY label`,
    params,
  );
  const reader = await db.readAll(
    `WITH lab AS (SELECT * FROM (${sql}) lab(sample_id, label) WHERE label IS NOT NULL),
          names AS (SELECT label, (row_number() OVER (ORDER BY label) - 1)::INTEGER AS idx FROM (SELECT DISTINCT label FROM lab))
     SELECT lab.sample_id::INTEGER, names.idx FROM lab JOIN names USING (label)`,
    params,
  );
  const columns = reader.getColumnsJS(); // no columns at all when the result is empty
  const [sids, idxs] = [(columns[0] ?? []) as number[], (columns[1] ?? []) as number[]];
  let maxId = 0;
  for (const id of sampleIds) if (id > maxId) maxId = id;
  const labelIdx = new Int32Array(maxId + 1).fill(-1);
  for (let r = 0; r < sids.length; r++) if (sids[r]! <= maxId) labelIdx[sids[r]!] = idxs[r]!;
  const labelOf = Int32Array.from(sampleIds, (id) => labelIdx[id]!);
  return {
    ...categorise(
      by,
      names.map((x) => x.label),
      labelOf,
    ),
    modes,
  };
}

/**
 * Points' labels (`labelOf[i]` indexes `names`, −1 none) as the colour column: the labels present, in
 * the mode's order; past MAX_CATEGORIES − 1 the least frequent become "other".
 */
function categorise(by: string, names: string[], labelOf: Int32Array): Omit<MapColours, 'modes'> {
  const counts = new Float64Array(names.length);
  for (const l of labelOf) if (l >= 0) counts[l]!++;
  const present = names.map((label, i) => ({ label, i, n: counts[i]! })).filter((x) => x.n > 0);
  present.sort((x, y) => order(by)(x.label, y.label));
  let kept = present;
  const other = present.length > MAX_CATEGORIES;
  if (other) {
    const top = new Set(
      [...present]
        .sort((x, y) => y.n - x.n)
        .slice(0, MAX_CATEGORIES - 1)
        .map((x) => x.i),
    );
    kept = present.filter((x) => top.has(x.i));
  }
  const labels = [...kept.map((x) => x.label), ...(other ? [`other (${present.length - kept.length})`] : [])];
  const finalOf = new Uint8Array(names.length).fill(other ? MAX_CATEGORIES - 1 : NO_CATEGORY);
  kept.forEach((x, c) => {
    finalOf[x.i] = c;
  });
  const category = new Uint8Array(labelOf.length);
  for (let i = 0; i < labelOf.length; i++) {
    const l = labelOf[i]!;
    category[i] = l < 0 ? NO_CATEGORY : finalOf[l]!;
  }
  return { by, labels, ramp: false, category };
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
    case 'split':
      return ['SELECT id, split FROM samples WHERE split IS NOT NULL', []];
    case 'issues':
      return [
        `SELECT s.id, CASE WHEN EXISTS (SELECT 1 FROM issues i WHERE i.sample_id = s.id AND i.status = 'open')
                 THEN 'open issues' ELSE 'no open issue' END FROM samples s`,
        [],
      ];
    case 'sources':
      // one bit per source (ids < 63; else names joined per sample): grouping integers, then naming
      // the few distinct combinations, costs a fraction of joining names for a million samples
      if ((await db.scalar('SELECT coalesce(max(id), 0) FROM sources')) < 63)
        return [
          `WITH m AS (SELECT sample_id, bit_or((1::BIGINT) << source_id) AS mask FROM annotations GROUP BY sample_id),
                names AS (SELECT d.mask, string_agg(s.name, ' + ' ORDER BY s.name) AS label
                            FROM (SELECT DISTINCT mask FROM m) d JOIN sources s ON (d.mask >> s.id) & 1 = 1 GROUP BY d.mask)
           SELECT m.sample_id, names.label FROM m JOIN names USING (mask)`,
          [],
        ];
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
    `SELECT s.id, (${column.sql})::DOUBLE FROM samples s LEFT JOIN sample_metrics m ON m.sample_id = s.id`,
  );
  const columns = reader.getColumnsJS();
  const [ids, vals] = [(columns[0] ?? []) as number[], (columns[1] ?? []) as (number | null)[]];
  let maxId = 0;
  for (const id of sampleIds) if (id > maxId) maxId = id;
  const metricOf = new Float64Array(maxId + 1).fill(Number.NaN);
  for (let r = 0; r < ids.length; r++) {
    const v = vals[r];
    if (ids[r]! <= maxId && v !== null && v !== undefined && Number.isFinite(v)) metricOf[ids[r]!] = v;
  }
  const values = Float64Array.from(sampleIds, (id) => metricOf[id]!);
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
