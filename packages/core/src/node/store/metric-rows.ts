import type { SampleMetrics } from '../../metrics/sample-metrics.js';
import type { Db } from './db.js';
import { type DuckDBAppender, type DuckDBListValue, LIST, listValue, UBIGINT } from './duckdb-api.js';

/** Column order of sample_metrics (migration 2) after sample_id, with how each is written and read. */
const NUMBERS = [
  ['decoded_width', 'decodedWidth'],
  ['decoded_height', 'decodedHeight'],
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
] as const satisfies readonly (readonly [string, keyof SampleMetrics])[];
const HASHES = [
  ['phash', 'phash'],
  ['dhash', 'dhash'],
] as const satisfies readonly (readonly [string, keyof SampleMetrics])[];
const HASH_LISTS = [
  ['view_phashes', 'viewPhashes'],
  ['view_dhashes', 'viewDhashes'],
] as const satisfies readonly (readonly [string, keyof SampleMetrics])[];

const COLUMNS = [
  'sample_id',
  ...NUMBERS.map(([c]) => c),
  'grayscale',
  'aspect_ratio',
  ...HASHES.map(([c]) => c),
  ...HASH_LISTS.map(([c]) => c),
  'pixel_hash',
];

export async function listSampleMetrics(db: Db): Promise<Map<number, SampleMetrics>> {
  const reader = await db.readAll(`SELECT ${COLUMNS.join(', ')} FROM sample_metrics ORDER BY sample_id`);
  const out = new Map<number, SampleMetrics>();
  for (const row of reader.getRows()) {
    let c = 0;
    const id = Number(row[c++]);
    const m: Record<string, unknown> = {};
    for (const [, key] of NUMBERS) m[key] = Number(row[c++]);
    m.grayscale = row[c++] === true;
    m.aspectRatio = Number(row[c++]);
    for (const [, key] of HASHES) m[key] = BigInt(row[c++] as bigint);
    for (const [, key] of HASH_LISTS)
      m[key] = (row[c++] as DuckDBListValue).items.map((v) => BigInt(v as bigint));
    m.pixelHash = String(row[c++]);
    out.set(id, m as unknown as SampleMetrics);
  }
  return out;
}

/** Deletes the rows of every id in `rows`, then appends the ones that carry metrics. */
export async function saveSampleMetrics(
  db: Db,
  rows: readonly { id: number; metrics?: SampleMetrics }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.run('CREATE TEMP TABLE IF NOT EXISTS metric_ids (id INTEGER)');
  await db.run('DELETE FROM metric_ids');
  const ids = await db.connection.createAppender('metric_ids');
  for (const r of rows) {
    ids.appendInteger(r.id);
    ids.endRow();
  }
  ids.closeSync();
  await db.run('DELETE FROM sample_metrics WHERE sample_id IN (SELECT id FROM metric_ids)');
  const appender = await db.connection.createAppender('sample_metrics');
  for (const r of rows) if (r.metrics !== undefined) appendRow(appender, r.id, r.metrics);
  appender.closeSync();
}

function appendRow(appender: DuckDBAppender, id: number, m: SampleMetrics): void {
  appender.appendInteger(id);
  appender.appendInteger(m.decodedWidth);
  appender.appendInteger(m.decodedHeight);
  for (const [, key] of NUMBERS.slice(2)) appender.appendDouble(m[key]);
  appender.appendBoolean(m.grayscale);
  appender.appendDouble(m.aspectRatio);
  for (const [, key] of HASHES) appender.appendUBigInt(BigInt.asUintN(64, m[key]));
  for (const [, key] of HASH_LISTS) {
    appender.appendList(listValue(m[key].map((h) => BigInt.asUintN(64, h))), LIST(UBIGINT));
  }
  appender.appendVarchar(m.pixelHash);
  appender.endRow();
}
