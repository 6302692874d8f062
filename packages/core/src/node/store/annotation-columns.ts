import type { DuckDBDataChunk, DuckDBListValue, DuckDBVector } from '@duckdb/node-api';
import { ANNOTATION_KINDS } from '../../model/annotation.js';
import {
  type AnnotationColumns,
  type AnnotationColumnsBuffer,
  type AnnotationColumnsQuery,
  allocAnnotationColumns,
  COLUMN_FIELDS,
} from '../../store/annotation-columns.js';
import type { Db } from './db.js';

const KIND_LIST = `[${ANNOTATION_KINDS.map((k) => `'${k}'`).join(', ')}]`;

/** The columns in the order of AnnotationColumns' typed arrays (NULLs replaced, so no validity is read). */
const SELECT = `id::DOUBLE, sample_id, coalesce(class_id, -1), coalesce(list_position(${KIND_LIST}, kind), 0)::INTEGER,
  coalesce(x, 'NaN'::DOUBLE), coalesce(y, 'NaN'::DOUBLE), coalesce(w, 'NaN'::DOUBLE), coalesce(h, 'NaN'::DOUBLE),
  (x IS NOT NULL AND y IS NOT NULL AND w IS NOT NULL AND h IS NOT NULL)::INTEGER,
  coalesce(area, 'NaN'::DOUBLE), (area IS NOT NULL)::INTEGER, iscrowd::INTEGER, coalesce(score, 'NaN'::DOUBLE)`;

const FIELDS = COLUMN_FIELDS;

/** A fixed-width vector's values as a typed array view (no copy), when the binding exposes them. */
export function itemsOf(vector: DuckDBVector): ArrayLike<number> | undefined {
  const items = (vector as unknown as { items?: unknown }).items;
  return ArrayBuffer.isView(items) && !(items instanceof DataView)
    ? (items as unknown as ArrayLike<number>)
    : undefined;
}

/** The temp table of the image positions of an evaluation: `sampleIds[i]` is at position i. */
export async function writeEvalImageOrder(db: Db, sampleIds: ArrayLike<number>): Promise<void> {
  await db.run('CREATE OR REPLACE TEMP TABLE eval_image_order (sample_id INTEGER, image_index INTEGER)');
  const appender = await db.connection.createAppender('eval_image_order');
  for (let i = 0; i < sampleIds.length; i++) {
    appender.appendInteger(sampleIds[i]!);
    appender.appendInteger(i);
    appender.endRow();
  }
  appender.closeSync();
}

/**
 * One source's annotations (by name) as typed columns in id order, read chunk by chunk from DuckDB's
 * vectors: no JS value per cell, no object per row. Empty columns for an unknown source. With
 * `samples` (sample ids [from, to)), only those samples' annotations, by sample then id.
 */
export async function readAnnotationColumns(
  db: Db,
  source: string,
  options: AnnotationColumnsQuery = {},
): Promise<AnnotationColumns> {
  const params: (string | number)[] = [source];
  let from = 'annotations';
  let where = 'source_id = (SELECT id FROM sources WHERE name = ?)';
  let order = 'id';
  if (options.images) {
    from = 'annotations JOIN eval_image_order o USING (sample_id)';
    where += ' AND o.image_index >= ? AND o.image_index < ?';
    params.push(options.images.from, options.images.to);
    if (options.images.sampleIds) {
      where += ' AND sample_id BETWEEN ? AND ?';
      params.push(...options.images.sampleIds);
    }
    order = 'o.image_index, id';
  }
  if (options.samples) {
    where += ' AND sample_id >= ? AND sample_id < ?';
    params.push(options.samples.from, options.samples.to);
    if (!options.images) order = 'sample_id, id';
  }
  if (options.reuse && !options.probs) {
    const sql = `SELECT ${SELECT} FROM ${from} WHERE ${where} ORDER BY ${order}`;
    return readInto(options.reuse, await db.connection.stream(sql, params));
  }
  const [counts] = await db.all<{ n: number; values: number | null }>(
    `SELECT count(*) AS n, sum(len(probs)) AS "values" FROM ${from} WHERE ${where}`,
    params,
  );
  const n = counts?.n ?? 0;
  const out = allocAnnotationColumns(n);
  const probs = options.probs ? new ProbsReader(n, counts?.values ?? 0) : undefined;
  const result = await db.connection.stream(
    `SELECT ${SELECT}${probs ? ', probs' : ''} FROM ${from} WHERE ${where} ORDER BY ${order}`,
    params,
  );
  let at = 0;
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const rows = Math.min(chunk.rowCount, n - at);
    copyChunk(chunk, out, at, rows);
    probs?.read(chunk.getColumnVector(FIELDS.length), rows);
    at += rows;
  }
  if (probs) Object.assign(out, probs.columns());
  return at === n ? out : sliceColumns(out, at);
}

/** A result's rows into `buffer`'s arrays, grown as the chunks come (no count first). */
async function readInto(
  buffer: AnnotationColumnsBuffer,
  result: Awaited<ReturnType<Db['connection']['stream']>>,
): Promise<AnnotationColumns> {
  let at = 0;
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const rows = chunk.rowCount;
    copyChunk(chunk, buffer.ensure(at + rows, at), at, rows);
    at += rows;
  }
  return buffer.view(at);
}

/** The probs lists of the rows, flattened into one array with start offsets. */
class ProbsReader {
  private readonly start: Int32Array;
  private readonly values: Float64Array;
  private readonly has: Uint8Array;
  private row = 0;
  private at = 0;

  constructor(rows: number, values: number) {
    this.start = new Int32Array(rows + 1);
    this.values = new Float64Array(values);
    this.has = new Uint8Array(rows);
  }

  read(vector: DuckDBVector, rows: number): void {
    for (let k = 0; k < rows; k++) {
      const list = vector.getItem(k) as DuckDBListValue | null;
      if (list !== null) {
        this.has[this.row] = 1;
        for (const v of list.items) if (this.at < this.values.length) this.values[this.at++] = Number(v);
      }
      this.start[++this.row] = this.at;
    }
  }

  columns(): Pick<AnnotationColumns, 'probsStart' | 'probs' | 'hasProbs'> {
    return { probsStart: this.start, probs: this.values, hasProbs: this.has };
  }
}

/** The first `rows` rows of a chunk's number columns (FIELDS, in order) into `out` from row `at`. */
function copyChunk(chunk: DuckDBDataChunk, out: AnnotationColumns, at: number, rows: number): void {
  for (let c = 0; c < FIELDS.length; c++) {
    const target = out[FIELDS[c]!] as Float64Array | Int32Array | Uint8Array;
    const vector = chunk.getColumnVector(c);
    const items = itemsOf(vector);
    if (items) for (let k = 0; k < rows; k++) target[at + k] = items[k]!;
    else for (let k = 0; k < rows; k++) target[at + k] = Number(vector.getItem(k));
  }
}

/** The first `n` rows (rows deleted between the count and the read). */
function sliceColumns(c: AnnotationColumns, n: number): AnnotationColumns {
  const out = { ...c, n };
  for (const f of FIELDS) (out as Record<string, unknown>)[f] = c[f].subarray(0, n);
  return out;
}
