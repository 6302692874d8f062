import type {
  DuckDBBlobVector,
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBResult,
  DuckDBVector,
} from '@duckdb/node-api';
import { AssayError } from '../../errors.js';
import type { AnnotationColumnBatch } from '../../formats/define-format.js';
import type { AnnotationKind } from '../../model/annotation.js';
import type { StoredAnnotation } from '../../store/project-store.js';
import { itemsOf } from './annotation-columns.js';
import { type AnnotationRow, toAnnotation } from './annotation-rows.js';
import { cellReader } from './row-batches.js';

/** A plain box (AnnotationColumnBatch): kind bbox, finite numbers, nothing else the row could carry. */
const PLAIN = `coalesce(a.kind = 'bbox' AND isfinite(a.x) AND isfinite(a.y) AND isfinite(a.w) AND isfinite(a.h)
  AND (a.area IS NULL OR isfinite(a.area)) AND (a.score IS NULL OR isfinite(a.score))
  AND a.points IS NULL AND a.mask IS NULL AND a.keypoints IS NULL AND a.attributes IS NULL AND a.probs IS NULL
  AND a.span_start IS NULL AND a.span_end IS NULL AND a.cx IS NULL AND a.rotation IS NULL
  AND a.coord_frame IS NULL AND a.track_id IS NULL AND a.point_labels IS NULL, false)`;

/**
 * A plain polygon: kind polygon with rings, a finite box and stated area, nothing else (what a plain box may
 * not carry either): COCO writes it from its columns and the rings' bytes (AnnotationColumnBatch.polygons).
 */
const POLYGON = `coalesce(a.kind = 'polygon' AND a.points IS NOT NULL AND isfinite(a.x) AND isfinite(a.y)
  AND isfinite(a.w) AND isfinite(a.h) AND isfinite(a.area) AND (a.score IS NULL OR isfinite(a.score))
  AND a.mask IS NULL AND a.keypoints IS NULL AND a.attributes IS NULL AND a.probs IS NULL
  AND a.span_start IS NULL AND a.span_end IS NULL AND a.cx IS NULL AND a.rotation IS NULL
  AND a.coord_frame IS NULL AND a.track_id IS NULL AND a.point_labels IS NULL, false)`;

/**
 * The typed columns, first in the query, in this order (NULLs replaced: no validity is read); `shape` is
 * 1 for a plain box, 2 for a plain polygon (when asked), else 0; then the polygon's points (else NULL).
 */
const typedColumns = (polygons: boolean, points: boolean) => `a.sample_id::INTEGER, a.source_id::INTEGER,
  coalesce(a.class_id, -1)::INTEGER,
  coalesce(a.x, 'NaN'::DOUBLE), coalesce(a.y, 'NaN'::DOUBLE), coalesce(a.w, 'NaN'::DOUBLE),
  coalesce(a.h, 'NaN'::DOUBLE), coalesce(a.area, 'NaN'::DOUBLE), a.iscrowd::UTINYINT,
  coalesce(a.score, 'NaN'::DOUBLE),
  CASE WHEN regexp_full_match(a.original_id, '-?[0-9]+') THEN TRY_CAST(a.original_id AS DOUBLE) ELSE 'NaN'::DOUBLE END,
  (CASE WHEN ${PLAIN} THEN 1 ${polygons ? `WHEN ${POLYGON} THEN 2 ` : ''}ELSE 0 END)::UTINYINT,
  ${points ? `CASE WHEN ${POLYGON} THEN a.points END` : 'NULL::BLOB'}`;
const TYPED_COUNT = 13;

/** The columns toAnnotation reads (AnnotationRow), read only for the rows that are not plain boxes. */
const FULL = [
  'id',
  'sample_id',
  'source_id',
  'class_id',
  'kind',
  'x',
  'y',
  'w',
  'h',
  'points',
  'mask',
  'keypoints',
  'area',
  'iscrowd',
  'score',
  'probs',
  'attributes',
  'original_id',
  'span_start',
  'span_end',
  'token_start',
  'token_end',
  'cx',
  'cy',
  'cz',
  'size_l',
  'size_w',
  'size_h',
  'yaw',
  'rotation',
  'coord_frame',
  'track_id',
  'point_labels',
] as const;

/** The values of a fixed-width vector's first `rows` rows, copied into a new array of this type. */
function copyColumn<T extends Int32Array | Float64Array | Uint8Array>(
  vector: DuckDBVector,
  rows: number,
  make: (n: number) => T,
): T {
  const out = make(rows);
  const items = itemsOf(vector);
  if (items) for (let k = 0; k < rows; k++) out[k] = items[k]!;
  else for (let k = 0; k < rows; k++) out[k] = Number(vector.getItem(k));
  return out;
}

const f64 = (n: number) => new Float64Array(n);

/** Annotation ids (or sample ids, by sample) per range query: each sorts at most this many keys' rows. */
const ID_RANGE = 1 << 18;
const SAMPLE_RANGE = 1 << 15;

/**
 * The position of each sample in id order (sampleBatches' order), by sample id; -1 for an id that is no
 * sample's. A dense array when ids are (as Assay assigns them), else a map.
 */
async function samplePositions(connection: DuckDBConnection): Promise<(id: number) => number> {
  const ids: number[] = [];
  const result = await connection.stream('SELECT id FROM samples ORDER BY id');
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const column = copyColumn(chunk.getColumnVector(0), chunk.rowCount, (n) => new Int32Array(n));
    for (const id of column) ids.push(id);
  }
  const max = ids.length > 0 ? ids[ids.length - 1]! : 0;
  if (max >= 0 && max <= 4 * ids.length + 4096 && (ids[0] ?? 0) >= 0) {
    const dense = new Int32Array(max + 1).fill(-1);
    for (let p = 0; p < ids.length; p++) dense[ids[p]!] = p;
    return (id) => (id >= 0 && id <= max ? dense[id]! : -1);
  }
  const map = new Map(ids.map((id, p) => [id, p]));
  return (id) => map.get(id) ?? -1;
}

/** The rows of `keep` (ascending) of a column. */
function gather<T extends Int32Array | Float64Array | Uint8Array>(column: T, keep: number[]): T {
  const out = new (column.constructor as new (n: number) => T)(keep.length);
  for (let k = 0; k < keep.length; k++) out[k] = column[keep[k]!]!;
  return out;
}

/**
 * Annotations of these sources (all when absent) in id order (or by sample, then id) as AnnotationColumnBatch, one DuckDB chunk
 * (2,048 rows) at a time: plain boxes (and, with `polygons`, plain polygons) as typed values only, every
 * other row as its stored annotation (without its sample key: `sampleIndex`, the sample's position in id
 * order as sampleBatches gives them, names the sample of every row). Annotations of no listed sample are
 * left out. Read in ranges of ids (or sample ids) so that DuckDB sorts a bounded slice at a time: the
 * memory does not grow with the project.
 */
export async function* annotationColumnBatches(
  instance: DuckDBInstance,
  sourceNames?: string[],
  order: 'id' | 'sample' = 'id',
  /**
   * false: the objects of rows that are not plain boxes carry only their source, kind, label and original
   * id (no geometry is read: for a pass that counts and lists ids, such as COCO's survey).
   */
  geometry = true,
  /** true: plain polygons as columns (AnnotationColumnBatch.polygons), not as objects. */
  polygons = false,
  /** Ids (or sample ids) per range query (default ID_RANGE, SAMPLE_RANGE by sample); tests make it small. */
  range?: number,
): AsyncGenerator<AnnotationColumnBatch & { objects: (StoredAnnotation | undefined)[] }> {
  const connection = await instance.connect();
  let pending: Promise<DuckDBDataChunk | null> | undefined;
  let side: DuckDBConnection | undefined;
  let fullRows: FullRows | undefined;
  try {
    const names = async (sql: string) => {
      const out: (string | undefined)[] = [];
      for (const [id, name] of (await connection.runAndReadAll(sql)).getRows() as [number, string][])
        out[id] = name;
      return Array.from(out, (n) => n);
    };
    const sourceList = await names('SELECT id, name FROM sources');
    const labelNames = await names('SELECT id, name FROM classes');
    const sourceNamesById = sourceList.map((n) => n ?? '');
    /** An object with no geometry read (geometry: false). */
    const lightObject = (kind: AnnotationKind, source: number, label: number, originalId: number) => {
      const a: StoredAnnotation = {
        id: 0,
        sampleId: 0,
        sample: '',
        source: sourceNamesById[source] ?? '',
        kind,
      };
      const name = label < 0 ? undefined : labelNames[label];
      if (name !== undefined) a.label = name;
      if (!Number.isNaN(originalId)) a.originalId = originalId;
      return a;
    };
    const sourceIds = sourceNames?.length
      ? sourceList.flatMap((n, id) => (n !== undefined && sourceNames.includes(n) ? [id] : []))
      : undefined;
    if (sourceIds?.length === 0) return;
    const where = sourceIds ? `a.source_id IN (${sourceIds.join(', ')})` : 'true';
    const key = order === 'id' ? 'a.id' : 'a.sample_id';
    const bounds = (
      await connection.runAndReadAll(
        `SELECT min(${key})::DOUBLE, max(${key})::DOUBLE FROM annotations a WHERE ${where}`,
      )
    ).getRows()[0] as [number | null, number | null];
    if (bounds[0] === null || bounds[1] === null) return;
    const positionOf = await samplePositions(connection);
    const columns: readonly string[] = geometry ? FULL : ['kind'];
    const full = columns.map((c) => `a.${c}`).join(', ');
    const step = range ?? (order === 'id' ? ID_RANGE : SAMPLE_RANGE);
    const sorted = `ORDER BY ${order === 'id' ? 'a.id' : 'a.sample_id, a.id'}`;
    // With geometry in id order, the full columns of the rows that are not plain (usually few) come from a
    // second query on a second connection, in the same order: sorting all 33 columns of every row with the
    // typed ones cost DuckDB more than the rest (issue 12: 2.2 → 1.6 CPU s for 672k annotations). Not by
    // sample: ranges of sample ids prune no row group, so the second query's scan costs what it saves.
    const split = geometry && order === 'id';
    const sql = split
      ? `SELECT ${typedColumns(polygons, polygons)} FROM annotations a
        WHERE ${where} AND ${key} >= ? AND ${key} < ? ${sorted}`
      : `SELECT ${typedColumns(polygons, polygons && geometry)}, ${full} FROM annotations a
        WHERE ${where} AND ${key} >= ? AND ${key} < ? ${sorted}`;
    const fullSql = `SELECT ${full} FROM annotations a WHERE ${where} AND ${key} >= ? AND ${key} < ?
      AND NOT ${PLAIN} ${polygons ? `AND NOT ${POLYGON}` : ''} ${sorted}`;
    side = split ? await instance.connect() : undefined;
    for (let from = bounds[0]; from <= bounds[1]; from += step) {
      if (side) fullRows = new FullRows(await side.stream(fullSql, [from, from + step]));
      const result = await connection.stream(sql, [from, from + step]);
      // The next chunk is asked for before this one is read: DuckDB makes it on its threads while
      // JavaScript copies this one out and the writer formats it (the connection is closed only after it).
      pending = result.fetchChunk();
      for (;;) {
        const chunk = await pending;
        pending = undefined;
        if (!chunk || chunk.rowCount === 0) break;
        pending = result.fetchChunk();
        pending.catch(() => undefined); // awaited below or in `finally`: no unhandled rejection meanwhile
        yield await readChunk(chunk);
      }
    }

    async function readChunk(chunk: DuckDBDataChunk) {
      const rows = chunk.rowCount;
      const v = (c: number) => chunk.getColumnVector(c);
      const sampleIndex = copyColumn(v(0), rows, (n) => new Int32Array(n));
      // Rows of samples the project does not list (an excluded sample's) are left out, as a join would.
      let keep: number[] | undefined;
      for (let k = 0; k < rows; k++) {
        const p = positionOf(sampleIndex[k]!);
        sampleIndex[k] = p;
        if (p < 0 && keep === undefined) keep = Array.from({ length: k }, (_, j) => j);
        else if (p >= 0 && keep !== undefined) keep.push(k);
      }
      const shape = copyColumn(v(11), rows, (n) => new Uint8Array(n));
      const label = copyColumn(v(2), rows, (n) => new Int32Array(n));
      const source = copyColumn(v(1), rows, (n) => new Int32Array(n));
      const originalId = copyColumn(v(10), rows, f64);
      const objects: (StoredAnnotation | undefined)[] = new Array(rows);
      let readers: ((k: number) => unknown)[] | undefined;
      const row: Record<string, unknown> = {};
      let polygonColumns: { data: Float64Array; start: Int32Array } | undefined;
      if (polygons && geometry) polygonColumns = readPolygons(v(12) as DuckDBBlobVector, shape, rows);
      for (let k = 0; k < rows; k++) {
        if (shape[k] !== 0) continue;
        if (!geometry) {
          readers ??= columns.map((_, c) => cellReader(v(TYPED_COUNT + c)));
          objects[k] = lightObject(readers[0]!(k) as AnnotationKind, source[k]!, label[k]!, originalId[k]!);
          continue;
        }
        if (fullRows) await fullRows.next(row);
        else {
          readers ??= columns.map((_, c) => cellReader(v(TYPED_COUNT + c)));
          for (let c = 0; c < FULL.length; c++) row[FULL[c]!] = readers[c]!(k);
        }
        row.source = sourceNamesById[row.source_id as number] ?? null;
        row.label = row.class_id === null ? null : (labelNames[row.class_id as number] ?? null);
        // No sample key (a string read per row costs more than the rest of it): sampleIndex names the sample.
        row.sample_key = '';
        objects[k] = toAnnotation(row as unknown as AnnotationRow);
      }
      const batch = {
        n: rows,
        objects,
        sampleIndex,
        source,
        label,
        x: copyColumn(v(3), rows, f64),
        y: copyColumn(v(4), rows, f64),
        w: copyColumn(v(5), rows, f64),
        h: copyColumn(v(6), rows, f64),
        area: copyColumn(v(7), rows, f64),
        iscrowd: copyColumn(v(8), rows, (n) => new Uint8Array(n)),
        score: copyColumn(v(9), rows, f64),
        originalId,
        sourceNames: sourceNamesById,
        labelNames,
        ...(polygonColumns ? { polygons: polygonColumns } : {}),
      };
      return keep === undefined ? batch : keepRows(batch, keep);
    }
  } finally {
    // A reader that stopped early leaves a fetch running: it ends before the connection closes.
    await pending?.catch(() => undefined);
    connection.closeSync();
    side?.closeSync();
  }
}

/**
 * The rows of the full-columns query (every column of FULL, in order), one at a time, fetched a chunk at a
 * time: the rows that are not plain, in the order of the typed query.
 */
class FullRows {
  private chunk: DuckDBDataChunk | null = null;
  private readers: ((k: number) => unknown)[] = [];
  private at = 0;
  constructor(private readonly result: DuckDBResult) {}

  /** Reads the next row into `row` (by column name). */
  async next(row: Record<string, unknown>): Promise<void> {
    while (this.chunk === null || this.at === this.chunk.rowCount) {
      this.chunk = await this.result.fetchChunk();
      this.at = 0;
      if (!this.chunk || this.chunk.rowCount === 0)
        throw new AssayError('INTERNAL', 'The annotation columns and their full rows do not match.', {
          hint: 'This is a bug in Assay: report it.',
        });
      const chunk = this.chunk;
      this.readers = FULL.map((_, c) => cellReader(chunk.getColumnVector(c)));
    }
    for (let c = 0; c < FULL.length; c++) row[FULL[c]!] = this.readers[c]!(this.at);
    this.at++;
  }
}

/** The rings of the plain polygons (shape 2) of a chunk, one block of numbers for the whole chunk. */
function readPolygons(vector: DuckDBBlobVector, shape: Uint8Array, rows: number) {
  const start = new Int32Array(rows + 1);
  const bytes: (Uint8Array | undefined)[] = new Array(rows);
  let total = 0;
  for (let k = 0; k < rows; k++) {
    start[k] = total;
    if (shape[k] !== 2) continue;
    const b = vector.getItemBytes(k);
    if (b === null) continue;
    bytes[k] = b;
    total += b.byteLength >>> 3;
  }
  start[rows] = total;
  const data = new Float64Array(total);
  const view = new Uint8Array(data.buffer);
  for (let k = 0; k < rows; k++) {
    const b = bytes[k];
    if (b !== undefined) view.set(b, start[k]! * 8);
  }
  return { data, start };
}

/** A batch with only the rows of `keep` (ascending). */
function keepRows<B extends AnnotationColumnBatch & { objects: (StoredAnnotation | undefined)[] }>(
  b: B,
  keep: number[],
): B {
  let polygons = b.polygons;
  if (polygons) {
    const start = new Int32Array(keep.length + 1);
    const parts: number[] = [];
    let total = 0;
    for (let k = 0; k < keep.length; k++) {
      start[k] = total;
      const r = keep[k]!;
      for (let i = polygons.start[r]!; i < polygons.start[r + 1]!; i++) parts.push(polygons.data[i]!);
      total = parts.length;
    }
    start[keep.length] = total;
    polygons = { data: Float64Array.from(parts), start };
  }
  return {
    ...b,
    n: keep.length,
    objects: keep.map((k) => b.objects[k]),
    sampleIndex: gather(b.sampleIndex, keep),
    source: gather(b.source, keep),
    label: gather(b.label, keep),
    x: gather(b.x, keep),
    y: gather(b.y, keep),
    w: gather(b.w, keep),
    h: gather(b.h, keep),
    area: gather(b.area, keep),
    iscrowd: gather(b.iscrowd, keep),
    score: gather(b.score, keep),
    originalId: gather(b.originalId, keep),
    ...(polygons ? { polygons } : {}),
  };
}
