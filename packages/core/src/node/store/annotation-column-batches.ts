import type { DuckDBInstance, DuckDBVector } from '@duckdb/node-api';
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

/** The typed columns, first in the query, in this order (NULLs replaced: no validity is read). */
const TYPED = `a.ord, a.source_id::INTEGER, coalesce(a.class_id, -1)::INTEGER,
  coalesce(a.x, 'NaN'::DOUBLE), coalesce(a.y, 'NaN'::DOUBLE), coalesce(a.w, 'NaN'::DOUBLE),
  coalesce(a.h, 'NaN'::DOUBLE), coalesce(a.area, 'NaN'::DOUBLE), a.iscrowd::UTINYINT,
  coalesce(a.score, 'NaN'::DOUBLE),
  CASE WHEN regexp_full_match(a.original_id, '-?[0-9]+') THEN TRY_CAST(a.original_id AS DOUBLE) ELSE 'NaN'::DOUBLE END,
  a.plain::UTINYINT`;
const TYPED_COUNT = 12;

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

/**
 * Annotations of these sources (all when absent) in id order (or by sample, then id) as AnnotationColumnBatch, one DuckDB chunk
 * (2,048 rows) at a time: plain boxes as typed values only, every other row as its stored annotation
 * (without its sample key: `sampleIndex`, the sample's position in id order as sampleBatches gives them,
 * names the sample of every row).
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
): AsyncGenerator<AnnotationColumnBatch & { objects: (StoredAnnotation | undefined)[] }> {
  const connection = await instance.connect();
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
    const where = sourceNames?.length
      ? `WHERE a.source_id IN (SELECT id FROM sources WHERE name IN (${sourceNames.map(() => '?').join(', ')}))`
      : '';
    const columns: readonly string[] = geometry ? FULL : ['kind'];
    const full = columns.map((c) => `a.${c}`).join(', ');
    const sql = `WITH s AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS ord FROM samples),
      a AS (SELECT a.*, s.ord, ${PLAIN} AS plain
              FROM annotations a JOIN s ON s.id = a.sample_id ${where})
      SELECT ${TYPED}, ${full} FROM a ORDER BY ${order === 'id' ? 'a.id' : 'a.ord, a.id'}`;
    const result = await connection.stream(sql, sourceNames ?? []);
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      const rows = chunk.rowCount;
      const v = (c: number) => chunk.getColumnVector(c);
      const plain = copyColumn(v(11), rows, (n) => new Uint8Array(n));
      const label = copyColumn(v(2), rows, (n) => new Int32Array(n));
      const source = copyColumn(v(1), rows, (n) => new Int32Array(n));
      const originalId = copyColumn(v(10), rows, f64);
      const objects: (StoredAnnotation | undefined)[] = new Array(rows);
      let readers: ((k: number) => unknown)[] | undefined;
      const row: Record<string, unknown> = {};
      for (let k = 0; k < rows; k++) {
        if (plain[k] === 1) continue;
        readers ??= columns.map((_, c) => cellReader(v(TYPED_COUNT + c)));
        if (!geometry) {
          objects[k] = lightObject(readers[0]!(k) as AnnotationKind, source[k]!, label[k]!, originalId[k]!);
          continue;
        }
        for (let c = 0; c < FULL.length; c++) row[FULL[c]!] = readers[c]!(k);
        row.source = sourceNamesById[row.source_id as number] ?? null;
        row.label = row.class_id === null ? null : (labelNames[row.class_id as number] ?? null);
        // No sample key (a string read per row costs more than the rest of it): sampleIndex names the sample.
        row.sample_key = '';
        objects[k] = toAnnotation(row as unknown as AnnotationRow);
      }
      yield {
        n: rows,
        objects,
        sampleIndex: copyColumn(v(0), rows, (n) => new Int32Array(n)),
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
      };
    }
  } finally {
    connection.closeSync();
  }
}
