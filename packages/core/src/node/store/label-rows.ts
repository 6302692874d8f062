import type { DuckDBBlobVector, DuckDBListValue, DuckDBVector } from '@duckdb/node-api';
import type {
  LabelAnnotation,
  LabelAnnotationList,
  RawLabelColumns,
} from '../../checks/labels/label-check-input.js';
import { ANNOTATION_KINDS, type AnnotationKind } from '../../model/annotation.js';
import type { Db } from './db.js';

const KIND_LIST = `[${ANNOTATION_KINDS.map((k) => `'${k}'`).join(', ')}]`;

/** Growable Float64 storage with row offsets (points of polygons, keypoints). */
class Flat {
  values: Float64Array;
  readonly start: Int32Array;
  readonly has: Uint8Array;
  private at = 0;

  constructor(rows: number, values: number) {
    this.values = new Float64Array(values);
    this.start = new Int32Array(rows + 1);
    this.has = new Uint8Array(rows);
  }

  add(row: number, values: ArrayLike<number> | undefined): void {
    if (values !== undefined) {
      this.has[row] = 1;
      if (this.at + values.length > this.values.length) {
        const grown = new Float64Array(Math.max(2 * this.values.length, this.at + values.length));
        grown.set(this.values.subarray(0, this.at));
        this.values = grown;
      }
      for (let k = 0; k < values.length; k++) this.values[this.at + k] = values[k]!;
      this.at += values.length;
    }
    this.start[row + 1] = this.at;
  }

  row(i: number): Float64Array | undefined {
    return this.has[i] ? this.values.subarray(this.start[i]!, this.start[i + 1]!) : undefined;
  }
}

function itemsOf(vector: DuckDBVector): ArrayLike<number> | undefined {
  const items = (vector as unknown as { items?: unknown }).items;
  return ArrayBuffer.isView(items) && !(items instanceof DataView)
    ? (items as unknown as ArrayLike<number>)
    : undefined;
}

/**
 * One label source's annotations as the label checks read them, held as typed columns; `at(i)` makes
 * row i's object when a check asks for it (so the rows are never all objects at once). Same fields
 * and values as listAnnotationGeometry's default query: class name, box, polygon rings, keypoints,
 * original id.
 */
export class LabelRows implements LabelAnnotationList {
  constructor(
    readonly length: number,
    private readonly c: {
      id: Float64Array;
      sampleId: Int32Array;
      classId: Int32Array;
      kind: Uint8Array;
      box: Float64Array;
      hasBox: Uint8Array;
      points: Flat;
      keypoints: Flat;
      /** Numeric original ids (NaN: none or not numeric; then `originalText` may hold it). */
      original: Float64Array;
      originalText: Map<number, string>;
      otherKinds: Map<number, string>;
      /** point_labels rows: the classes given points. */
      pointClasses: Map<number, string[]>;
    },
    private readonly className: (id: number) => string,
  ) {}

  at(i: number): LabelAnnotation | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const { c } = this;
    const a: LabelAnnotation = {
      id: c.id[i]!,
      sampleId: c.sampleId[i]!,
      kind: (ANNOTATION_KINDS[c.kind[i]! - 1] ?? c.otherKinds.get(i)) as AnnotationKind,
    };
    if (c.classId[i]! >= 0) a.label = this.className(c.classId[i]!);
    if (c.hasBox[i]) a.bbox = [c.box[4 * i]!, c.box[4 * i + 1]!, c.box[4 * i + 2]!, c.box[4 * i + 3]!];
    const points = c.points.row(i);
    if (points !== undefined) a.points = rings(points);
    const keypoints = c.keypoints.row(i);
    if (keypoints !== undefined) a.keypoints = Array.from(keypoints);
    const original = c.original[i]!;
    if (!Number.isNaN(original)) a.originalId = original;
    else if (c.originalText.has(i)) a.originalId = c.originalText.get(i)!;
    const pointClasses = c.pointClasses.get(i);
    if (pointClasses !== undefined) a.pointClasses = pointClasses;
    return a;
  }

  rawColumns(): RawLabelColumns {
    const { c } = this;
    return {
      id: c.id,
      sampleId: c.sampleId,
      classId: c.classId,
      className: this.className,
      kind: c.kind,
      box: c.box,
      hasBox: c.hasBox,
      points: c.points,
      keypoints: c.keypoints,
      pointClasses: c.pointClasses,
    };
  }

  *[Symbol.iterator](): Iterator<LabelAnnotation> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}

/** The rings of an encoded points blob (pointsDecode's layout: count, lengths, values). */
function rings(data: Float64Array): number[][] {
  const count = data[0] ?? 0;
  const out: number[][] = [];
  let at = 1 + count;
  for (let r = 0; r < count; r++) {
    const length = data[1 + r] ?? 0;
    out.push(Array.from(data.subarray(at, at + length)));
    at += length;
  }
  return out;
}

/** Sample ids [from, to): a batch of whole samples. */
export interface SampleRange {
  from: number;
  to: number;
}

/**
 * One source's annotations (by name) for the label checks, read chunk by chunk into columns: all of
 * them in id order, or (with `range`) those of the samples in the range, by sample then id.
 */
export async function readLabelRows(
  db: Db,
  source: string,
  range?: SampleRange,
  names?: ReadonlyMap<number, string>,
): Promise<LabelRows> {
  const classNames =
    names ??
    new Map(
      (await db.all<{ id: number; name: string }>('SELECT id, name FROM classes')).map((c) => [c.id, c.name]),
    );
  const where = `source_id = (SELECT id FROM sources WHERE name = ?)${range ? ' AND sample_id >= ? AND sample_id < ?' : ''}`;
  const params = range ? [source, range.from, range.to] : [source];
  const [sizes] = await db.all<{ n: number; points: number | null; keypoints: number | null }>(
    `SELECT count(*) AS n, sum(octet_length(points)) // 8 AS points, sum(len(keypoints)) AS keypoints
       FROM annotations WHERE ${where}`,
    params,
  );
  const n = sizes?.n ?? 0;
  const c = {
    id: new Float64Array(n),
    sampleId: new Int32Array(n),
    classId: new Int32Array(n),
    kind: new Uint8Array(n),
    box: new Float64Array(4 * n),
    hasBox: new Uint8Array(n),
    points: new Flat(n, sizes?.points ?? 0),
    keypoints: new Flat(n, sizes?.keypoints ?? 0),
    original: new Float64Array(n).fill(Number.NaN),
    originalText: new Map<number, string>(),
    otherKinds: new Map<number, string>(),
    pointClasses: new Map<number, string[]>(),
  };
  const result = await db.connection.stream(
    `SELECT id::DOUBLE, sample_id, coalesce(class_id, -1), coalesce(list_position(${KIND_LIST}, kind), 0)::INTEGER,
        coalesce(x, 'NaN'::DOUBLE), coalesce(y, 'NaN'::DOUBLE), coalesce(w, 'NaN'::DOUBLE), coalesce(h, 'NaN'::DOUBLE),
        (x IS NOT NULL AND y IS NOT NULL AND w IS NOT NULL AND h IS NOT NULL)::INTEGER,
        CASE WHEN list_position(${KIND_LIST}, kind) IS NULL THEN kind::VARCHAR END,
        points, keypoints,
        CASE WHEN regexp_full_match(original_id, '-?[0-9]+') THEN TRY_CAST(original_id AS DOUBLE) ELSE 'NaN'::DOUBLE END,
        CASE WHEN NOT regexp_full_match(original_id, '-?[0-9]+') THEN original_id END,
        point_labels
       FROM annotations WHERE ${where} ORDER BY ${range ? 'sample_id, id' : 'id'}`,
    params,
  );
  let row = 0;
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const rows = Math.min(chunk.rowCount, n - row);
    const numbers = [c.id, c.sampleId, c.classId, c.kind] as const;
    numbers.forEach((target, col) => {
      const vector = chunk.getColumnVector(col);
      const items = itemsOf(vector);
      for (let k = 0; k < rows; k++) target[row + k] = items ? items[k]! : Number(vector.getItem(k));
    });
    for (let b = 0; b < 4; b++) {
      const vector = chunk.getColumnVector(4 + b);
      const items = itemsOf(vector);
      for (let k = 0; k < rows; k++) c.box[4 * (row + k) + b] = items ? items[k]! : Number(vector.getItem(k));
    }
    const hasBox = chunk.getColumnVector(8);
    const other = chunk.getColumnVector(9);
    const points = chunk.getColumnVector(10) as DuckDBBlobVector;
    const keypoints = chunk.getColumnVector(11);
    const originalNumber = chunk.getColumnVector(12);
    const originalText = chunk.getColumnVector(13);
    const pointLabels = chunk.getColumnVector(14);
    const numbers12 = itemsOf(originalNumber);
    for (let k = 0; k < rows; k++) {
      const i = row + k;
      c.hasBox[i] = Number(hasBox.getItem(k));
      const kind = other.getItem(k);
      if (kind !== null) c.otherKinds.set(i, String(kind));
      const bytes = points.getItemBytes(k);
      c.points.add(i, bytes === null ? undefined : float64s(bytes));
      const kp = keypoints.getItem(k) as DuckDBListValue | null;
      c.keypoints.add(i, kp === null ? undefined : kp.items.map(Number));
      c.original[i] = numbers12 ? numbers12[k]! : Number(originalNumber.getItem(k));
      const text = originalText.getItem(k) as string | null;
      if (text !== null) c.originalText.set(i, text);
      const labels = pointLabels.getItem(k) as string | null;
      if (labels !== null) c.pointClasses.set(i, pointClassesOf(labels));
    }
    row += rows;
  }
  return new LabelRows(row, c, (id) => classNames.get(id) ?? `class ${id}`);
}

/** The classes a stored point_labels value gives at least one point to (its `counts`). */
function pointClassesOf(json: string): string[] {
  const counts = (JSON.parse(json) as { counts?: Record<string, number> }).counts ?? {};
  return Object.keys(counts).filter((name) => (counts[name] ?? 0) > 0);
}

function float64s(bytes: Uint8Array): Float64Array {
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  return new Float64Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 8);
}
