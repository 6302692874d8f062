import type { AttributeValue } from '../../model/annotation.js';
import { maskAllPii } from '../../privacy/privacy-issues.js';
import { type BoxStats, type DatasetStats, UNASSIGNED_SPLIT } from '../../stats/dataset-stats.js';
import type { Summary } from '../../stats/summarize.js';
import { histogramFrequencies, summarizeFrequencies } from '../../stats/summarize-frequencies.js';
import type { Db } from './db.js';
import { groupSummaries, type MeasureResult } from './group-summaries.js';

const BINS = 20;
const NO_CLASS = '(no class)';
const SPLIT = `coalesce(s.split, '${UNASSIGNED_SPLIT}')`;
const PAIRS = 'assay_stats_pairs';

/** Scan metrics as `assay stats` names them (SampleMetrics fields), in the order it lists them. */
const METRIC_COLUMNS = [
  ['brightness', 'brightness'],
  ['brightness_p5', 'brightnessP5'],
  ['brightness_p50', 'brightnessP50'],
  ['brightness_p95', 'brightnessP95'],
  ['brightness_p99', 'brightnessP99'],
  ['contrast', 'contrast'],
  ['sharpness', 'sharpness'],
  ['edge_std', 'edgeStd'],
  ['grey_histogram_std', 'greyHistogramStd'],
  ['entropy', 'entropy'],
  ['colourfulness', 'colourfulness'],
  ['aspect_ratio', 'aspectRatio'],
] as const;

type Counts = Record<string, Record<string, number>>;

/** Nested counts from rows, outer and inner keys in the order of their `first` (smallest first wins). */
function nestedCounts<R>(
  rows: R[],
  outer: (r: R) => string,
  inner: (r: R) => string,
  n: (r: R) => number,
  first: (r: R) => number[],
): Counts {
  const before = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  };
  const outerFirst = new Map<string, number[]>();
  for (const r of rows) {
    const k = outer(r);
    const f = first(r).slice(0, 1);
    const known = outerFirst.get(k);
    if (!known || before(f, known) < 0) outerFirst.set(k, f);
  }
  const sorted = [...rows].sort(
    (a, b) => before(outerFirst.get(outer(a))!, outerFirst.get(outer(b))!) || before(first(a), first(b)),
  );
  const out: Counts = {};
  for (const r of sorted) {
    const m = (out[outer(r)] ??= {});
    m[inner(r)] = (m[inner(r)] ?? 0) + n(r);
  }
  return out;
}

/**
 * What `assay stats` prints (DatasetStats), computed by SQL aggregates in DuckDB: counts and distributions
 * by GROUP BY, box and metric summaries and histograms by aggregate functions, co-occurrence by a self-join
 * of (sample, class) pairs. Only attributes are read row by row (the non-empty ones, in batches). The
 * numbers and key orders equal computeStats over the loaded rows (stats/compute-stats.ts); see
 * groupSummaries for the last-bit difference of means and standard deviations.
 */
export async function datasetStatsSql(db: Db, source: string): Promise<DatasetStats> {
  const classRows = await db.all<{ id: number; name: string }>('SELECT id, name FROM classes ORDER BY id');
  const classes = classRows.map((c) => c.name);
  const className = new Map(classRows.map((c) => [c.id, c.name]));
  const label = (classId: number | null) =>
    classId === null ? NO_CLASS : (className.get(classId) ?? `class ${classId}`);
  const sourceRows = await db.all<{ id: number; name: string }>('SELECT id, name FROM sources');
  const sourceName = new Map(sourceRows.map((s) => [s.id, s.name]));
  const sid = sourceRows.find((s) => s.name === source)?.id ?? -1;

  const splitRows = await db.all<{ split: string; n: number }>(
    `SELECT ${SPLIT} AS split, count(*) AS n FROM samples s GROUP BY ALL ORDER BY min(s.id)`,
  );
  const splits: Record<string, number> = {};
  let samples = 0;
  for (const r of splitRows) {
    splits[r.split] = r.n;
    samples += r.n;
  }

  const bySourceRows = await db.all<{ source_id: number; class_id: number | null; n: number; first: number }>(
    'SELECT source_id, class_id, count(*) AS n, min(id) AS first FROM annotations GROUP BY ALL',
  );
  const bySource = nestedCounts(
    bySourceRows,
    (r) => sourceName.get(r.source_id) ?? '',
    (r) => label(r.class_id),
    (r) => r.n,
    (r) => [r.first],
  );
  const bySplitRows = await db.all<{ split: string; class_id: number | null; n: number; first: number }>(
    `SELECT ${SPLIT} AS split, a.class_id, count(*) AS n, min(a.id) AS first
       FROM annotations a LEFT JOIN samples s ON s.id = a.sample_id WHERE a.source_id = ? GROUP BY ALL`,
    [sid],
  );
  const bySplit = nestedCounts(
    bySplitRows,
    (r) => r.split,
    (r) => label(r.class_id),
    (r) => r.n,
    (r) => [r.first],
  );
  const { samplesBySplit, cooccurrence } = await classPairs(db, sid, classRows, label);
  return {
    samples,
    splits,
    sources: Object.keys(bySource),
    classes,
    source,
    class_distribution: { by_split: bySplit, by_source: bySource, samples_by_split: samplesBySplit },
    objects_per_image: await objectsPerImage(db, sid, samples),
    boxes: await boxStats(db, sid, classRows),
    cooccurrence: { classes: [...classes], samples: cooccurrence },
    attributes: await attributeStats(db, sid),
    metrics: await metricStats(db),
  };
}

/** Annotations per sample (0 for samples without any) from a GROUP BY of the counts: exact. */
/**
 * Samples holding each class per split, and class co-occurrence, from the (sample, class) pairs of the
 * described source (a temporary table: each pair with its first annotation id, for computeStats' key order).
 */
async function classPairs(
  db: Db,
  sid: number,
  classRows: { id: number; name: string }[],
  label: (classId: number | null) => string,
): Promise<{ samplesBySplit: Counts; cooccurrence: number[][] }> {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${PAIRS} AS SELECT sample_id, class_id, min(id) AS first FROM annotations
      WHERE source_id = ? AND class_id IS NOT NULL GROUP BY ALL`,
    [sid],
  );
  try {
    const rows = await db.all<{ split: string; class_id: number; n: number; sfirst: number; lfirst: number }>(
      `WITH sf AS (SELECT sample_id, min(first) AS sfirst FROM ${PAIRS} GROUP BY ALL)
       SELECT ${SPLIT} AS split, p.class_id, count(*) AS n, min(sf.sfirst) AS sfirst,
              arg_min(p.first, sf.sfirst) AS lfirst
         FROM ${PAIRS} p JOIN sf USING (sample_id) LEFT JOIN samples s ON s.id = p.sample_id GROUP BY ALL`,
    );
    const samplesBySplit = nestedCounts(
      rows,
      (r) => r.split,
      (r) => label(r.class_id),
      (r) => r.n,
      (r) => [r.sfirst, r.lfirst],
    );
    const index = new Map(classRows.map((c, i) => [c.id, i]));
    const cooccurrence = classRows.map(() => new Array<number>(classRows.length).fill(0));
    for (const r of await db.all<{ i: number; j: number; n: number }>(
      `SELECT x.class_id AS i, y.class_id AS j, count(*) AS n FROM ${PAIRS} x JOIN ${PAIRS} y USING (sample_id)
        GROUP BY ALL`,
    )) {
      const [i, j] = [index.get(r.i), index.get(r.j)];
      if (i !== undefined && j !== undefined) cooccurrence[i]![j] = r.n;
    }
    return { samplesBySplit, cooccurrence };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${PAIRS}`);
  }
}

async function objectsPerImage(
  db: Db,
  sid: number,
  samples: number,
): Promise<DatasetStats['objects_per_image']> {
  const rows = await db.all<{ n: number; samples: number }>(
    `SELECT n, count(*) AS samples FROM (
       SELECT count(*) AS n FROM annotations a JOIN samples s ON s.id = a.sample_id
        WHERE a.source_id = ? GROUP BY a.sample_id) GROUP BY n ORDER BY n`,
    [sid],
  );
  const zero = samples - rows.reduce((sum, r) => sum + r.samples, 0);
  if (zero > 0) rows.unshift({ n: 0, samples: zero });
  const values = rows.map((r) => r.n);
  const counts = rows.map((r) => r.samples);
  return {
    summary: summarizeFrequencies(values, counts),
    histogram: histogramFrequencies(values, counts, { bins: BINS }),
  };
}

const EMPTY_RESULT = (log: boolean, histogram: boolean): MeasureResult => ({
  summary: {
    count: 0,
    invalid: 0,
    min: 0,
    max: 0,
    mean: 0,
    std: 0,
    p05: 0,
    p25: 0,
    median: 0,
    p75: 0,
    p95: 0,
  },
  ...(histogram ? { histogram: { edges: [], counts: [], log } } : {}),
});

/** Area, relative area and aspect of each class's boxes (spatial kinds of the described source). */
async function boxStats(db: Db, sid: number, classRows: { id: number; name: string }[]): Promise<BoxStats[]> {
  const w = 'coalesce(s.width, s.declared_width)';
  const h = 'coalesce(s.height, s.declared_height)';
  const values = `SELECT a.class_id AS g, a.w * a.h AS area,
       CASE WHEN a.h > 0 THEN a.w / a.h ELSE 'NaN'::DOUBLE END AS aspect,
       (a.w * a.h) / CASE WHEN ${w} > 0 AND ${h} > 0 THEN ${w}::DOUBLE * ${h} ELSE 'NaN'::DOUBLE END AS relative
     FROM annotations a LEFT JOIN samples s ON s.id = a.sample_id
    WHERE a.source_id = ? AND a.class_id IS NOT NULL AND a.kind <> 'classification'
      AND a.x IS NOT NULL AND a.y IS NOT NULL AND a.w IS NOT NULL AND a.h IS NOT NULL`;
  const groups = await groupSummaries(
    db,
    values,
    [sid],
    [
      { name: 'area', bins: BINS, log: true },
      { name: 'relative' },
      { name: 'aspect', bins: BINS, log: true },
    ],
  );
  return classRows.map((c) => {
    const g = groups.get(c.id);
    const area = g?.get('area') ?? EMPTY_RESULT(true, true);
    const aspect = g?.get('aspect') ?? EMPTY_RESULT(true, true);
    return {
      class: c.name,
      count: area.summary.count + area.summary.invalid,
      area: area.summary,
      area_histogram: area.histogram!,
      relative_area: (g?.get('relative') ?? EMPTY_RESULT(false, false)).summary,
      aspect: aspect.summary,
      aspect_histogram: aspect.histogram!,
    };
  });
}

/** Attribute names and values over the described source's annotations (only rows that have any). */
async function attributeStats(db: Db, sid: number): Promise<DatasetStats['attributes']> {
  const byName = new Map<string, { annotations: number; values: Record<string, number> }>();
  const result = await db.connection.stream(
    'SELECT attributes FROM annotations WHERE source_id = ? AND attributes IS NOT NULL ORDER BY id',
    [sid],
  );
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    for (const text of chunk.getColumnValues(0)) {
      const attributes = JSON.parse(text as string) as Record<string, AttributeValue>;
      for (const [name, value] of Object.entries(attributes)) {
        let entry = byName.get(name);
        if (!entry) byName.set(name, (entry = { annotations: 0, values: {} }));
        entry.annotations++;
        entry.values[String(value)] = (entry.values[String(value)] ?? 0) + 1;
      }
    }
  }
  // Personal data in a value (a caption holding a phone number) is shown masked, as `assay privacy` shows it.
  return [...byName.entries()].map(([name, e]) => ({
    name,
    annotations: e.annotations,
    values: maskValues(e.values),
  }));
}

function maskValues(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [value, n] of Object.entries(values)) {
    const shown = /[\d@]/.test(value) ? maskAllPii(value) : value;
    out[shown] = (out[shown] ?? 0) + n;
  }
  return out;
}

/** Summary and histogram of each scan metric over the samples scan measured. */
async function metricStats(db: Db): Promise<DatasetStats['metrics']> {
  if ((await db.scalar('SELECT count(*) FROM sample_metrics')) === 0) return [];
  const values = METRIC_COLUMNS.map(
    ([column, name]) => `SELECT '${name}' AS g, coalesce(${column}, 0)::DOUBLE AS v FROM sample_metrics`,
  ).join(' UNION ALL ');
  const groups = await groupSummaries(db, values, [], [{ name: 'v', bins: BINS }]);
  return METRIC_COLUMNS.map(([, name]) => {
    const r = groups.get(name)?.get('v') ?? EMPTY_RESULT(false, true);
    return { name, summary: r.summary as Summary, histogram: r.histogram! };
  });
}
