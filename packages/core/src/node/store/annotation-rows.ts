import { DOUBLE, type DuckDBAppender, LIST, listValue } from '@duckdb/node-api';
import type { Annotation, AnnotationKind, AttributeValue, Rle } from '../../model/annotation.js';
import type { StoredAnnotation } from '../../store/project-store.js';
import { type Db, parseJson } from './db.js';

export interface AnnotationMaps {
  sampleIds: Map<string, number>;
  classIds: Map<string, number>;
  sourceIds: Map<string, number>;
}

function appendNumber(appender: DuckDBAppender, v: number | undefined): void {
  if (v === undefined || Number.isNaN(v)) appender.appendNull();
  else appender.appendDouble(v);
}

function appendText(appender: DuckDBAppender, v: string | undefined): void {
  if (v === undefined) appender.appendNull();
  else appender.appendVarchar(v);
}

const DOUBLE_LIST = LIST(DOUBLE);

function appendNumbers(appender: DuckDBAppender, v: number[] | undefined): void {
  if (v === undefined) appender.appendNull();
  else appender.appendList(listValue(v), DOUBLE_LIST);
}

/** Bulk-appends annotations through DuckDB's appender (hundreds of thousands of rows a second). */
export async function appendAnnotations(
  db: Db,
  rows: Annotation[],
  maps: AnnotationMaps,
  runId: number,
): Promise<number> {
  if (rows.length === 0) return 0;
  let next = (await db.scalar('SELECT coalesce(max(id), 0) FROM annotations')) + 1;
  const appender = await db.connection.createAppender('annotations');
  for (const a of rows) {
    const sampleId = maps.sampleIds.get(a.sample);
    const sourceId = maps.sourceIds.get(a.source);
    if (sampleId === undefined || sourceId === undefined) {
      throw new Error(`annotation refers to unmapped sample "${a.sample}" or source "${a.source}"`);
    }
    const classId = a.label === undefined ? undefined : maps.classIds.get(a.label);
    if (a.label !== undefined && classId === undefined)
      throw new Error(`annotation refers to unmapped class "${a.label}"`);
    appender.appendBigInt(BigInt(next++));
    appender.appendInteger(sampleId);
    appender.appendInteger(sourceId);
    appender.appendVarchar(a.kind);
    if (classId === undefined) appender.appendNull();
    else appender.appendInteger(classId);
    const b = a.bbox;
    appendNumber(appender, b?.[0]);
    appendNumber(appender, b?.[1]);
    appendNumber(appender, b?.[2]);
    appendNumber(appender, b?.[3]);
    appendText(appender, a.points === undefined ? undefined : JSON.stringify(a.points));
    appendText(appender, a.mask === undefined ? undefined : JSON.stringify(a.mask));
    appendNumbers(appender, a.keypoints);
    appendNumber(appender, a.area);
    appender.appendBoolean(a.iscrowd === true);
    appendNumber(appender, a.score);
    appendNumbers(appender, a.probs);
    appendText(appender, a.attributes === undefined ? undefined : JSON.stringify(a.attributes));
    appendText(appender, a.originalId === undefined ? undefined : String(a.originalId));
    appender.appendInteger(runId);
    appender.endRow();
  }
  appender.closeSync();
  return rows.length;
}

interface AnnotationRow extends Record<string, unknown> {
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
  points: string | null;
  mask: string | null;
  keypoints: number[] | null;
  area: number | null;
  iscrowd: boolean;
  score: number | null;
  probs: number[] | null;
  attributes: string | null;
  original_id: string | null;
}

function toAnnotation(r: AnnotationRow): StoredAnnotation {
  const a: StoredAnnotation = {
    id: r.id,
    sampleId: r.sample_id,
    sample: r.sample_key,
    source: r.source,
    kind: r.kind,
  };
  if (r.label !== null) a.label = r.label;
  if (r.x !== null && r.y !== null && r.w !== null && r.h !== null) a.bbox = [r.x, r.y, r.w, r.h];
  if (r.points !== null) a.points = parseJson<number[][]>(r.points)!;
  if (r.mask !== null) a.mask = parseJson<Rle>(r.mask)!;
  if (r.keypoints !== null) a.keypoints = r.keypoints;
  if (r.area !== null) a.area = r.area;
  if (r.iscrowd) a.iscrowd = true;
  if (r.score !== null) a.score = r.score;
  if (r.probs !== null) a.probs = r.probs;
  if (r.attributes !== null) a.attributes = parseJson<Record<string, AttributeValue>>(r.attributes)!;
  if (r.original_id !== null)
    a.originalId = /^-?\d+$/.test(r.original_id) ? Number(r.original_id) : r.original_id;
  return a;
}

export async function listAnnotations(db: Db, sourceNames?: string[]): Promise<StoredAnnotation[]> {
  const where = sourceNames?.length ? `WHERE src.name IN (${sourceNames.map(() => '?').join(', ')})` : '';
  const rows = await db.all<AnnotationRow>(
    `SELECT a.id, a.sample_id, s.key AS sample_key, src.name AS source, a.kind, c.name AS label, a.x, a.y, a.w, a.h,
        a.points, a.mask, a.keypoints, a.area, a.iscrowd, a.score, a.probs, a.attributes, a.original_id
       FROM annotations a JOIN samples s ON s.id = a.sample_id JOIN sources src ON src.id = a.source_id
       LEFT JOIN classes c ON c.id = a.class_id ${where} ORDER BY a.id`,
    sourceNames ?? [],
  );
  return rows.map(toAnnotation);
}
