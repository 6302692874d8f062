import type { DuckDBValue } from '@duckdb/node-api';
import { pointsDecode } from '../../geometry/points-codec.js';
import type { AnnotationKind, AttributeValue } from '../../model/annotation.js';
import type { AnnotationGeometry } from '../../store/project-store.js';
import type { Db } from './db.js';

type Column = (DuckDBValue | unknown)[];

/**
 * Class and geometry of the annotations, read column-wise: about five times faster than
 * listAnnotations on 670k annotations (no joins to text columns, no masks, probabilities or
 * per-row objects from DuckDB; class and source names mapped through small lookups).
 */
export async function listAnnotationGeometry(db: Db, sourceNames?: string[]): Promise<AnnotationGeometry[]> {
  const sources = await db.all<{ id: number; name: string }>('SELECT id, name FROM sources');
  const classes = await db.all<{ id: number; name: string }>('SELECT id, name FROM classes');
  const sourceName = new Map(sources.map((s) => [s.id, s.name]));
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const wanted = sourceNames?.length
    ? sources.filter((s) => sourceNames.includes(s.name)).map((s) => s.id)
    : undefined;
  if (wanted !== undefined && wanted.length === 0) return [];
  const where = wanted ? `WHERE source_id IN (${wanted.join(', ')})` : '';
  const reader = await db.connection.runAndReadAll(
    `SELECT id, sample_id, source_id, kind, class_id, x, y, w, h, points, keypoints, attributes, original_id
       FROM annotations ${where} ORDER BY id`,
  );
  const [id, sample, source, kind, cls, x, y, w, h, points, keypoints, attributes, original] =
    reader.getColumnsJS() as Column[];
  const out: AnnotationGeometry[] = new Array(id!.length);
  for (let i = 0; i < out.length; i++) {
    const a: AnnotationGeometry = {
      id: Number(id![i]),
      sampleId: sample![i] as number,
      source: sourceName.get(source![i] as number) ?? '',
      kind: kind![i] as AnnotationKind,
    };
    const c = cls![i] as number | null;
    if (c !== null) a.label = className.get(c) ?? `class ${c}`;
    if (x![i] !== null && y![i] !== null && w![i] !== null && h![i] !== null)
      a.bbox = [x![i] as number, y![i] as number, w![i] as number, h![i] as number];
    if (points![i] !== null) a.points = pointsDecode(points![i] as Uint8Array);
    if (keypoints![i] !== null) a.keypoints = keypoints![i] as number[];
    if (attributes![i] !== null)
      a.attributes = JSON.parse(attributes![i] as string) as Record<string, AttributeValue>;
    const o = original![i] as string | null;
    if (o !== null) a.originalId = /^-?\d+$/.test(o) ? Number(o) : o;
    out[i] = a;
  }
  return out;
}
