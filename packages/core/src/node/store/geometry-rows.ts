import type { DuckDBBlobVector, DuckDBValue } from '@duckdb/node-api';
import { pointsDecode } from '../../geometry/points-codec.js';
import {
  ANNOTATION_KINDS,
  type AnnotationKind,
  type AttributeValue,
  type Rle,
} from '../../model/annotation.js';
import type { EvalAnnotation } from '../../store/project-store.js';
import { type Db, parseJson } from './db.js';

type Column = (DuckDBValue | unknown)[];

/** What listAnnotationGeometry reads besides class and geometry. */
export interface GeometryQuery {
  /**
   * Read what evaluation needs as well (masks, areas, crowd flags, scores, class probabilities)
   * and leave out what it does not (keypoints, attributes, original ids).
   */
  evaluation?: boolean;
  /** Read polygon points and masks (default true; a box evaluation does without them). */
  shapes?: boolean;
  /** Only annotations of these kinds (default all). */
  kinds?: string[];
}

/** The kind as its position in ANNOTATION_KINDS (1-based), plus the text of any other kind. */
const KIND_LIST = `[${ANNOTATION_KINDS.map((k) => `'${k}'`).join(', ')}]`;
const KIND = `list_position(${KIND_LIST}, kind) AS kind_index,
  CASE WHEN list_position(${KIND_LIST}, kind) IS NULL THEN kind END AS kind_other`;

/**
 * Class and geometry of the annotations, read column-wise: about five times faster than
 * listAnnotations on 670k annotations (no joins to text columns, no per-row objects from DuckDB;
 * class and source names mapped through small lookups). By default without masks, scores and
 * probabilities; with `evaluation`, with them and without keypoints, attributes and original ids.
 */
export async function listAnnotationGeometry(
  db: Db,
  sourceNames?: string[],
  query: GeometryQuery = {},
): Promise<EvalAnnotation[]> {
  const sources = await db.all<{ id: number; name: string }>('SELECT id, name FROM sources');
  const classes = await db.all<{ id: number; name: string }>('SELECT id, name FROM classes');
  const sourceName = new Map(sources.map((s) => [s.id, s.name]));
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const wanted = sourceNames?.length
    ? sources.filter((s) => sourceNames.includes(s.name)).map((s) => s.id)
    : undefined;
  if (wanted !== undefined && wanted.length === 0) return [];
  const conditions = [
    ...(wanted ? [`source_id IN (${wanted.join(', ')})`] : []),
    ...(query.kinds
      ? [`kind IN (${query.kinds.map((k) => `'${k.replaceAll("'", "''")}'`).join(', ') || 'NULL'})`]
      : []),
  ];
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  // Kinds as numbers, no text where it is not needed: decoding one string per row is a large part of
  // reading a column of them.
  const shapes = query.shapes ?? true;
  // Points are read apart, from the chunks' blob vectors (readPoints): as a JS column they cost 7× more.
  const points = 'NULL AS points';
  const extra = query.evaluation
    ? `${shapes ? 'mask' : 'NULL AS mask'}, area, iscrowd, score, probs`
    : 'keypoints, attributes, original_id';
  const polygons = shapes ? await readPoints(db, `SELECT points FROM annotations ${where} ORDER BY id`) : [];
  const reader = await db.readAll(
    `SELECT id, sample_id, source_id, ${KIND}, class_id, x, y, w, h, ${points}, ${extra}
       FROM annotations ${where} ORDER BY id`,
  );
  const columns = reader.getColumnsJS() as Column[];
  if (columns.length === 0 || reader.currentRowCount === 0) return [];
  const [id, sample, source, kindIndex, kindOther, cls, x, y, w, h] = columns;
  const out: EvalAnnotation[] = new Array(id!.length);
  const fill = query.evaluation ? evaluationFields(columns) : otherFields(columns);
  for (let i = 0; i < out.length; i++) {
    const a: EvalAnnotation = {
      id: Number(id![i]),
      sampleId: sample![i] as number,
      source: sourceName.get(source![i] as number) ?? '',
      kind: (ANNOTATION_KINDS[((kindIndex![i] as number | null) ?? 0) - 1] ??
        kindOther![i]) as AnnotationKind,
    };
    const c = cls![i] as number | null;
    if (c !== null) a.label = className.get(c) ?? `class ${c}`;
    if (x![i] !== null && y![i] !== null && w![i] !== null && h![i] !== null)
      a.bbox = [x![i] as number, y![i] as number, w![i] as number, h![i] as number];
    const rings = shapes ? polygons[i] : undefined;
    if (rings !== undefined) a.points = rings;
    fill(a, i);
    out[i] = a;
  }
  return out;
}

/** Each row's polygon rings (the `points` blob), decoded straight from the result's chunks. */
async function readPoints(db: Db, sql: string): Promise<(number[][] | undefined)[]> {
  const out: (number[][] | undefined)[] = [];
  const result = await db.connection.stream(sql);
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const vector = chunk.getColumnVector(0) as DuckDBBlobVector;
    for (let k = 0; k < chunk.rowCount; k++) {
      const bytes = vector.getItemBytes(k);
      out.push(bytes === null ? undefined : pointsDecode(bytes));
    }
  }
  return out;
}

type Fill = (a: EvalAnnotation, i: number) => void;

/** Keypoints, attributes and original id (columns 11..13 of the default query). */
function otherFields(columns: Column[]): Fill {
  const [keypoints, attributes, original] = columns.slice(11) as [Column, Column, Column];
  return (a, i) => {
    if (keypoints[i] !== null) a.keypoints = keypoints[i] as number[];
    if (attributes[i] !== null)
      a.attributes = JSON.parse(attributes[i] as string) as Record<string, AttributeValue>;
    const o = original[i] as string | null;
    if (o !== null) a.originalId = /^-?\d+$/.test(o) ? Number(o) : o;
  };
}

/** Mask, area, crowd flag, score and probabilities (columns 11..15 of the evaluation query). */
function evaluationFields(columns: Column[]): Fill {
  const [mask, area, iscrowd, score, probs] = columns.slice(11) as [Column, Column, Column, Column, Column];
  return (a, i) => {
    const m = parseJson<Rle>(mask[i]);
    if (m !== undefined) a.mask = m;
    if (area[i] !== null) a.area = area[i] as number;
    if (iscrowd[i] === true) a.iscrowd = true;
    if (score[i] !== null) a.score = score[i] as number;
    if (probs[i] !== null) a.probs = probs[i] as number[];
  };
}
