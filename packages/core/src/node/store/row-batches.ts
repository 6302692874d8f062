import type { SampleLabelRow, StoredAnnotation, StoredSample } from '../../store/project-store.js';
import { type AnnotationRow, annotationQuery, toAnnotation } from './annotation-rows.js';
import { parseJson } from './db.js';
import {
  DuckDBBlobVector,
  type DuckDBConnection,
  type DuckDBInstance,
  DuckDBListValue,
  type DuckDBValue,
  type DuckDBVector,
} from './duckdb-api.js';
import { SAMPLE_COLUMNS, type SampleRow, toStored } from './sample-rows.js';

/** Rows per batch handed out by default (DuckDB produces chunks of 2,048; a few make one batch). */
export const BATCH_ROWS = 8192;

/**
 * Rows of `sql` in batches while DuckDB produces them, on a connection of their own (so other queries
 * may run between batches); the connection closes when the iteration ends or is left.
 */
export async function* streamRows<R>(
  instance: DuckDBInstance,
  sql: string,
  params: DuckDBValue[],
  toRow: (r: Record<string, unknown>) => R,
  size = BATCH_ROWS,
): AsyncGenerator<R[]> {
  const connection: DuckDBConnection = await instance.connect();
  try {
    const result = await connection.stream(sql, params);
    const names = result.columnNames();
    let batch: R[] = [];
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      // Values straight from the chunk's vectors (blobs as views of its bytes): far cheaper than row objects.
      const read = names.map((_, c) => cellReader(chunk.getColumnVector(c)));
      // One record reused for every row: toRow copies what it keeps (fewer objects for the collector).
      const row: Record<string, unknown> = {};
      for (let k = 0; k < chunk.rowCount; k++) {
        for (let c = 0; c < names.length; c++) row[names[c]!] = read[c]!(k);
        batch.push(toRow(row));
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    connection.closeSync();
  }
}

/** A cell as plain JS: numbers (bigints too), strings, booleans, byte views, arrays; null for NULL. */
export function cellReader(vector: DuckDBVector): (k: number) => unknown {
  if (vector instanceof DuckDBBlobVector) return (k) => vector.getItemBytes(k);
  return (k) => {
    const v = vector.getItem(k);
    if (v instanceof DuckDBListValue) return v.items.map((x) => (typeof x === 'bigint' ? Number(x) : x));
    return typeof v === 'bigint' ? Number(v) : v;
  };
}

/** Samples in id order, a batch at a time. */
export function sampleBatches(instance: DuckDBInstance, size?: number): AsyncGenerator<StoredSample[]> {
  const sql = `SELECT ${SAMPLE_COLUMNS} FROM samples ORDER BY id`;
  return streamRows(instance, sql, [], (r) => toStored(r as SampleRow), size);
}

/** A sample's key under its root, split and original id (what a pass that only names samples needs). */
export interface SampleKeyRow {
  root: string;
  key: string;
  split?: string;
  originalId?: StoredSample['originalId'];
}

/** Samples in id order as SampleKeyRow, a batch at a time: four columns, no object of every field. */
export function sampleKeyBatches(instance: DuckDBInstance, size?: number): AsyncGenerator<SampleKeyRow[]> {
  const sql = 'SELECT root, key, split, original_id FROM samples ORDER BY id';
  return streamRows(
    instance,
    sql,
    [],
    (r) => {
      // As toStored (sample-rows.ts) sets them.
      const row: SampleKeyRow = { root: r.root as string, key: r.key as string };
      if (r.split !== null) row.split = r.split as string;
      if (r.original_id !== null) row.originalId = r.original_id as StoredSample['originalId'];
      return row;
    },
    size,
  );
}

/**
 * Samples in id order as SampleLabelRow, a batch at a time: seven columns instead of every field of a
 * StoredSample (issue 12: the sample pass of a 1M export read 27 columns, a string call for each), the root
 * as the index of its distinct value (one string per root, not per sample).
 */
export async function* sampleLabelBatches(
  instance: DuckDBInstance,
  size?: number,
): AsyncGenerator<SampleLabelRow[]> {
  const lookup = await instance.connect();
  let roots: string[];
  try {
    roots = (await lookup.runAndReadAll('SELECT DISTINCT root FROM samples ORDER BY root'))
      .getRows()
      .map((r) => r[0] as string);
  } finally {
    lookup.closeSync();
  }
  const sql = `SELECT r.n::INTEGER AS root_index, s.key, s.split, s.original_id, s.metadata,
      s.declared_width AS dw, s.declared_height AS dh, s.width AS sw, s.height AS sh
    FROM samples s JOIN (SELECT root, row_number() OVER (ORDER BY root) - 1 AS n FROM (SELECT DISTINCT root FROM samples)) r
      ON r.root = s.root
    ORDER BY s.id`;
  yield* streamRows(
    instance,
    sql,
    [],
    (r) => {
      // As toStored (sample-rows.ts) and ExportKeys.sample (export-dataset.ts) set them.
      const row: SampleLabelRow = { root: roots[r.root_index as number]!, key: r.key as string };
      if (r.split !== null) row.split = r.split as string;
      if (r.original_id !== null) row.originalId = r.original_id as StoredSample['originalId'];
      // The declared size as it is (even 0), else the scanned one when it is not 0.
      const width = r.dw !== null ? r.dw : r.sw || undefined;
      const height = r.dh !== null ? r.dh : r.sh || undefined;
      if (width !== undefined) row.width = width as number;
      if (height !== undefined) row.height = height as number;
      const metadata = parseJson<Record<string, unknown>>(r.metadata as string | null);
      if (metadata !== undefined) row.metadata = metadata;
      return row;
    },
    size,
  );
}

/**
 * Annotations of these sources (all when absent) in id order, or by sample id then id, a batch at a time,
 * each with its sample's root. Source and class names come from small lookups, not a string per row.
 */
export async function* annotationBatches(
  instance: DuckDBInstance,
  sourceNames?: string[],
  order: 'id' | 'sample' = 'id',
  size?: number,
): AsyncGenerator<(StoredAnnotation & { sampleRoot: string })[]> {
  const lookup = await instance.connect();
  let sourceName: Map<number, string>;
  let className: Map<number, string>;
  try {
    const pairs = async (sql: string) =>
      new Map(
        ((await lookup.runAndReadAll(sql)).getRows() as [number, string][]).map(([id, name]) => [id, name]),
      );
    sourceName = await pairs('SELECT id, name FROM sources');
    className = await pairs('SELECT id, name FROM classes');
  } finally {
    lookup.closeSync();
  }
  const toRow = (r: Record<string, unknown>) => {
    r.source = sourceName.get(r.source_id as number) ?? null;
    r.label = r.class_id === null ? null : (className.get(r.class_id as number) ?? null);
    const a = toAnnotation(r as AnnotationRow) as StoredAnnotation & { sampleRoot: string };
    a.sampleRoot = r.sample_root as string;
    return a;
  };
  // In ranges of ids (or of sample ids, by sample), so that DuckDB sorts a bounded slice at a time (issue 12).
  const key = order === 'id' ? 'a.id' : 'a.sample_id';
  const bounds = await rangeBounds(instance, key, sourceNames);
  if (bounds === undefined) return;
  const step = order === 'id' ? 1 << 20 : 1 << 15;
  for (let from = bounds[0]; from <= bounds[1]; from += step) {
    const to = from + step;
    // By sample, the samples joined are those of the range too (a small join instead of every sample).
    const filter = `${key} >= ${from} AND ${key} < ${to}${order === 'sample' ? ` AND s.id >= ${from} AND s.id < ${to}` : ''}`;
    yield* streamRows(
      instance,
      annotationQuery(sourceNames, order, filter, true),
      sourceNames ?? [],
      toRow,
      size,
    );
  }
}

/** The lowest and highest `key` of the annotations of these sources (all when absent); undefined: none. */
async function rangeBounds(
  instance: DuckDBInstance,
  key: string,
  sourceNames?: string[],
): Promise<[number, number] | undefined> {
  const connection = await instance.connect();
  try {
    const where = sourceNames?.length
      ? `WHERE a.source_id IN (SELECT id FROM sources WHERE name IN (${sourceNames.map(() => '?').join(', ')}))`
      : '';
    const row = (
      await connection.runAndReadAll(
        `SELECT min(${key})::DOUBLE, max(${key})::DOUBLE FROM annotations a ${where}`,
        sourceNames ?? [],
      )
    ).getRows()[0] as [number | null, number | null];
    return row[0] === null || row[1] === null ? undefined : [row[0], row[1]];
  } finally {
    connection.closeSync();
  }
}
