import type duckdb from '@duckdb/node-bindings';
import { pointsDecode, pointsEncodedLength, pointsEncodeInto } from '../../geometry/points-codec.js';
import type { Annotation, AnnotationKind, AttributeValue, Rle } from '../../model/annotation.js';
import type { StoredAnnotation } from '../../store/project-store.js';
import { type ChunkSource, insertChunks, tableTypes } from './chunk-insert.js';
import { type Db, nextAnnotationId, parseJson } from './db.js';
import { DuckDBEnumType, type DuckDBType, DuckDBTypeId, type DuckDBValue } from './duckdb-api.js';
import { BigIntColumn, CHUNK_ROWS, FixedColumn, NumberListColumn, StringColumn } from './raw-chunk.js';

type Vector = duckdb.Vector;

/** Chunks built ahead of DuckDB's requests (each column set holds 2,048 rows). */
const CHUNKS_AHEAD = 8;

export interface AnnotationMaps {
  sampleIds: Map<string, number>;
  classIds: Map<string, number>;
  sourceIds: Map<string, number>;
}

/** Polygon blocks of one chunk, encoded back to back into one growing buffer. */
export class PointsArena {
  private data = new Float64Array(1 << 16);
  private used = 0;

  reset(): void {
    this.used = 0;
  }

  /** The encoded block of `rings`, valid until the next reset (earlier views stay valid when it grows). */
  encode(rings: readonly (readonly number[])[]): Uint8Array {
    const length = pointsEncodedLength(rings);
    if (this.used + length > this.data.length) {
      this.data = new Float64Array(Math.max(length, this.data.length));
      this.used = 0;
    }
    pointsEncodeInto(rings, this.data, this.used);
    const bytes = new Uint8Array(this.data.buffer, this.used * 8, length * 8);
    this.used += length;
    return bytes;
  }
}

/** The one-byte index of each kind in the ENUM of `annotations.kind` (migration 4). */
export function kindIndexes(type: DuckDBType | undefined): Map<string, number> {
  if (!(type instanceof DuckDBEnumType) || type.internalTypeId !== DuckDBTypeId.UTINYINT) {
    throw new Error(`annotations.kind is ${type}, not the one-byte ENUM of migration 4`);
  }
  return new Map(type.values.map((value, i) => [value, i]));
}

/** One builder per column of `annotations`, in table order (see migrations.ts). */
export function annotationColumns() {
  return {
    id: new BigIntColumn(),
    sample: FixedColumn.int32(),
    source: FixedColumn.int32(),
    kind: FixedColumn.uint8(),
    cls: FixedColumn.int32(),
    x: FixedColumn.float64(),
    y: FixedColumn.float64(),
    w: FixedColumn.float64(),
    h: FixedColumn.float64(),
    points: new StringColumn(),
    mask: new StringColumn(),
    keypoints: new NumberListColumn(),
    area: FixedColumn.float64(),
    iscrowd: FixedColumn.uint8(),
    score: FixedColumn.float64(),
    probs: new NumberListColumn(),
    attributes: new StringColumn(),
    originalId: new StringColumn(),
    run: FixedColumn.int32(),
    spanStart: FixedColumn.int32(),
    spanEnd: FixedColumn.int32(),
    tokenStart: FixedColumn.int32(),
    tokenEnd: FixedColumn.int32(),
    cx: FixedColumn.float64(),
    cy: FixedColumn.float64(),
    cz: FixedColumn.float64(),
    sizeL: FixedColumn.float64(),
    sizeW: FixedColumn.float64(),
    sizeH: FixedColumn.float64(),
    yaw: FixedColumn.float64(),
    rotation: new NumberListColumn(),
    coordFrame: new StringColumn(),
    trackId: new StringColumn(),
    pointLabels: new StringColumn(),
  };
}

export type AnnotationColumns = ReturnType<typeof annotationColumns>;

/** Puts annotation `a` in row `i` of the column builders. */
export function setRow(
  c: AnnotationColumns,
  i: number,
  a: Annotation,
  maps: AnnotationMaps,
  kinds: Map<string, number>,
  arena: PointsArena,
): void {
  const sampleId = maps.sampleIds.get(a.sample);
  const sourceId = maps.sourceIds.get(a.source);
  if (sampleId === undefined || sourceId === undefined) {
    throw new Error(`annotation refers to unmapped sample "${a.sample}" or source "${a.source}"`);
  }
  const classId = a.label === undefined ? undefined : maps.classIds.get(a.label);
  if (a.label !== undefined && classId === undefined) {
    throw new Error(`annotation refers to unmapped class "${a.label}"`);
  }
  const kind = kinds.get(a.kind);
  if (kind === undefined) throw new Error(`annotation of unknown kind "${a.kind}"`);
  c.sample.set(i, sampleId);
  c.source.set(i, sourceId);
  c.kind.set(i, kind);
  if (classId === undefined) c.cls.setNull();
  else c.cls.set(i, classId);
  const b = a.bbox;
  c.x.setOptional(i, b?.[0]);
  c.y.setOptional(i, b?.[1]);
  c.w.setOptional(i, b?.[2]);
  c.h.setOptional(i, b?.[3]);
  if (a.points === undefined) c.points.setNull();
  else c.points.setBytes(i, arena.encode(a.points));
  if (a.mask === undefined) c.mask.setNull();
  else c.mask.set(i, JSON.stringify(a.mask));
  if (a.keypoints === undefined) c.keypoints.setNull(i);
  else c.keypoints.set(i, a.keypoints);
  c.area.setOptional(i, a.area);
  c.iscrowd.set(i, a.iscrowd === true ? 1 : 0);
  c.score.setOptional(i, a.score);
  if (a.probs === undefined) c.probs.setNull(i);
  else c.probs.set(i, a.probs);
  if (a.attributes === undefined) c.attributes.setNull();
  else c.attributes.set(i, JSON.stringify(a.attributes));
  if (a.originalId === undefined) c.originalId.setNull();
  else if (typeof a.originalId === 'number') c.originalId.setInteger(i, a.originalId);
  else c.originalId.set(i, a.originalId);
  const span = a.span;
  c.spanStart.setOptional(i, span?.start);
  c.spanEnd.setOptional(i, span?.end);
  c.tokenStart.setOptional(i, span?.tokenStart);
  c.tokenEnd.setOptional(i, span?.tokenEnd);
  const q = a.cuboid;
  c.cx.setOptional(i, q?.center[0]);
  c.cy.setOptional(i, q?.center[1]);
  c.cz.setOptional(i, q?.center[2]);
  c.sizeL.setOptional(i, q?.size[0]);
  c.sizeW.setOptional(i, q?.size[1]);
  c.sizeH.setOptional(i, q?.size[2]);
  c.yaw.setOptional(i, q?.yaw);
  if (q?.rotation === undefined) c.rotation.setNull(i);
  else c.rotation.set(i, q.rotation);
  if (q === undefined) c.coordFrame.setNull();
  else c.coordFrame.set(i, q.frame);
  if (q?.trackId === undefined) c.trackId.setNull();
  else c.trackId.set(i, q.trackId);
  if (a.pointLabels === undefined) c.pointLabels.setNull();
  else c.pointLabels.set(i, JSON.stringify(a.pointLabels));
}

/** The rows of an annotation import, built a chunk at a time into reusable column sets. */
class AnnotationChunks implements ChunkSource {
  private built: { columns: AnnotationColumns; arena: PointsArena; n: number }[] = [];
  private free: { columns: AnnotationColumns; arena: PointsArena; n: number }[] = [];
  private nextRow = 0;
  private readonly kinds: Map<string, number>;

  constructor(
    readonly types: readonly DuckDBType[],
    private readonly rows: readonly Annotation[],
    private readonly maps: AnnotationMaps,
    private readonly firstId: number,
    private readonly runId: number,
  ) {
    this.kinds = kindIndexes(types[3]);
  }

  buildNext(): boolean {
    if (this.nextRow >= this.rows.length || this.built.length >= CHUNKS_AHEAD) return false;
    const set = this.free.pop() ?? { columns: annotationColumns(), arena: new PointsArena(), n: 0 };
    const { columns, arena } = set;
    for (const column of Object.values(columns)) if ('reset' in column) column.reset();
    arena.reset();
    const start = this.nextRow;
    const n = Math.min(CHUNK_ROWS, this.rows.length - start);
    for (let i = 0; i < n; i++) {
      columns.id.set(i, this.firstId + start + i);
      columns.run.set(i, this.runId);
      setRow(columns, i, this.rows[start + i]!, this.maps, this.kinds, arena);
    }
    set.n = n;
    this.built.push(set);
    this.nextRow = start + n;
    return true;
  }

  writeNext(vector: (column: number) => Vector): number {
    if (this.built.length === 0 && !this.buildNext()) return 0;
    const set = this.built.shift()!;
    const list = Object.values(set.columns);
    for (let c = 0; c < list.length; c++) list[c]!.write(vector(c), set.n);
    this.free.push(set);
    return set.n;
  }
}

/**
 * Bulk-inserts annotations column-wise: chunks of 2,048 rows are built in typed arrays and copied
 * into DuckDB's vectors with one native call per column (raw-chunk.ts). DuckDB writes them on its
 * own thread while the next chunks are built (chunk-insert.ts). Per-cell vector setters through an
 * appender (a native call or a BigInt per cell, DuckDB's work on the same thread) took over twice as long.
 */
export async function appendAnnotations(
  db: Db,
  rows: Annotation[],
  maps: AnnotationMaps,
  runId: number,
): Promise<number> {
  if (rows.length === 0) return 0;
  const first = await nextAnnotationId(db);
  const types = await tableTypes(db, 'annotations');
  const columns = Object.keys(annotationColumns()).length;
  if (columns !== types.length) throw new Error(`annotations has ${types.length} columns, not ${columns}`);
  await insertChunks(db, 'annotations', new AnnotationChunks(types, rows, maps, first, runId));
  return rows.length;
}

/** A subquery with its parameters, standing in for a table (a snapshot's rows). */
export interface SubQuery {
  sql: string;
  params: DuckDBValue[];
}

export interface AnnotationRow extends Record<string, unknown> {
  id: number;
  sample_id: number;
  sample_key: string;
  source: string;
  kind: AnnotationKind;
  label: string | null;
  x: number | null;
  y: number | null;
  w: number | null;
  h: number | null;
  points: Uint8Array | null;
  mask: string | null;
  keypoints: number[] | null;
  area: number | null;
  iscrowd: boolean;
  score: number | null;
  probs: number[] | null;
  attributes: string | null;
  original_id: string | null;
  span_start: number | null;
  span_end: number | null;
  token_start: number | null;
  token_end: number | null;
  cx: number | null;
  cy: number | null;
  cz: number | null;
  size_l: number | null;
  size_w: number | null;
  size_h: number | null;
  yaw: number | null;
  rotation: number[] | null;
  coord_frame: string | null;
  track_id: string | null;
  point_labels: string | null;
}

export function toAnnotation(r: AnnotationRow): StoredAnnotation {
  const a: StoredAnnotation = {
    id: r.id,
    sampleId: r.sample_id,
    sample: r.sample_key,
    source: r.source,
    kind: r.kind,
  };
  if (r.label !== null) a.label = r.label;
  if (r.x !== null && r.y !== null && r.w !== null && r.h !== null) a.bbox = [r.x, r.y, r.w, r.h];
  if (r.points !== null) a.points = pointsDecode(r.points);
  if (r.mask !== null) a.mask = parseJson<Rle>(r.mask)!;
  if (r.keypoints !== null) a.keypoints = r.keypoints;
  if (r.area !== null) a.area = r.area;
  if (r.iscrowd) a.iscrowd = true;
  if (r.score !== null) a.score = r.score;
  if (r.probs !== null) a.probs = r.probs;
  if (r.attributes !== null) a.attributes = parseJson<Record<string, AttributeValue>>(r.attributes)!;
  if (r.span_start !== null && r.span_end !== null) {
    a.span = { start: r.span_start, end: r.span_end };
    if (r.token_start !== null) a.span.tokenStart = r.token_start;
    if (r.token_end !== null) a.span.tokenEnd = r.token_end;
  }
  if (
    r.cx !== null &&
    r.cy !== null &&
    r.cz !== null &&
    r.size_l !== null &&
    r.size_w !== null &&
    r.size_h !== null
  ) {
    a.cuboid = {
      center: [r.cx, r.cy, r.cz],
      size: [r.size_l, r.size_w, r.size_h],
      yaw: r.yaw ?? 0,
      frame: r.coord_frame ?? '',
    };
    if (r.rotation !== null && r.rotation.length === 4)
      a.cuboid.rotation = r.rotation as [number, number, number, number];
    if (r.track_id !== null) a.cuboid.trackId = r.track_id;
  }
  if (r.point_labels !== null)
    a.pointLabels = parseJson<NonNullable<Annotation['pointLabels']>>(r.point_labels)!;
  if (r.original_id !== null)
    a.originalId = /^-?\d+$/.test(r.original_id) ? Number(r.original_id) : r.original_id;
  return a;
}

/**
 * Annotations of these sources (default all), from `annotations` or, with `from`, from a subquery of
 * the same columns (a snapshot's rows: node/edits/snapshots.ts).
 */
export async function listAnnotations(
  db: Db,
  sourceNames?: string[],
  from: SubQuery = { sql: 'annotations', params: [] },
  samples: SubQuery = { sql: 'samples', params: [] },
): Promise<StoredAnnotation[]> {
  const rows = await db.all<AnnotationRow>(
    annotationQuery(sourceNames, 'id', undefined, false, from.sql, samples.sql),
    [...from.params, ...samples.params, ...(sourceNames ?? [])],
  );
  return rows.map(toAnnotation);
}

/** Every annotation (all sources) of these samples, in id order. */
export async function listAnnotationsOfSamples(db: Db, sampleIds: number[]): Promise<StoredAnnotation[]> {
  const ids = [...new Set(sampleIds)].filter((id) => Number.isInteger(id));
  if (ids.length === 0) return [];
  const rows = await db.all<AnnotationRow>(
    annotationQuery(undefined, 'id', `a.sample_id IN (${ids.join(', ')})`),
  );
  return rows.map(toAnnotation);
}

/**
 * The query behind listAnnotations (these sources, all when absent), in id order or by sample, then id;
 * `ids`: source and class ids instead of their names (the caller maps them).
 */
export function annotationQuery(
  sourceNames?: string[],
  order: 'id' | 'sample' = 'id',
  filter?: string,
  ids = false,
  from = 'annotations',
  samples = 'samples',
): string {
  const conditions = sourceNames?.length ? [`src.name IN (${sourceNames.map(() => '?').join(', ')})`] : [];
  if (filter) conditions.push(filter);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const names = ids ? 'a.source_id, a.class_id' : 'src.name AS source, c.name AS label';
  return `SELECT a.id, a.sample_id, s.key AS sample_key, s.root AS sample_root, ${names}, a.kind,
        a.x, a.y, a.w, a.h, a.points, a.mask, a.keypoints, a.area, a.iscrowd, a.score, a.probs,
        a.attributes, a.original_id, a.span_start, a.span_end, a.token_start, a.token_end,
        a.cx, a.cy, a.cz, a.size_l, a.size_w, a.size_h, a.yaw, a.rotation, a.coord_frame, a.track_id, a.point_labels
       FROM ${from} a JOIN ${samples} s ON s.id = a.sample_id JOIN sources src ON src.id = a.source_id
       ${ids ? '' : 'LEFT JOIN classes c ON c.id = a.class_id'} ${where}
       ORDER BY ${order === 'id' ? 'a.id' : 'a.sample_id, a.id'}`;
}
