import type { AnnotationShape, AnnotationState } from '../../edits/edit-types.js';
import { AssayError } from '../../errors.js';
import { pointsDecode, pointsEncode } from '../../geometry/points-codec.js';
import type { AnnotationKind, AttributeValue } from '../../model/annotation.js';
import { type Db, parseJson } from '../store/db.js';
import { blobValue, type DuckDBValue } from '../store/duckdb-api.js';

interface Row extends Record<string, unknown> {
  id: number;
  sample_id: number;
  source: string;
  kind: AnnotationKind;
  label: string | null;
  x: number | null;
  y: number | null;
  w: number | null;
  h: number | null;
  points: Uint8Array | null;
  area: number | null;
  score: number | null;
  attributes: string | null;
}

/** Columns of an annotation (alias `a`, classes `c`, sources `src`) as AnnotationState reads them. */
export const STATE_COLUMNS = `a.id, a.sample_id, src.name AS source, a.kind::VARCHAR AS kind, c.name AS label,
  a.x, a.y, a.w, a.h, a.points, a.area, a.score, a.attributes`;

/** The joins STATE_COLUMNS needs, after `FROM <table> a`. */
export const STATE_JOINS =
  'JOIN sources src ON src.id = a.source_id LEFT JOIN classes c ON c.id = a.class_id';

export function toState(r: Row, withPoints = true): AnnotationState {
  const a: AnnotationState = { id: r.id, sampleId: r.sample_id, source: r.source, kind: r.kind };
  if (r.label !== null) a.label = r.label;
  if (r.x !== null && r.y !== null && r.w !== null && r.h !== null) a.bbox = [r.x, r.y, r.w, r.h];
  if (withPoints && r.points !== null) a.points = pointsDecode(r.points);
  if (r.area !== null) a.area = r.area;
  if (r.score !== null) a.score = r.score;
  if (r.attributes !== null) a.attributes = parseJson<Record<string, AttributeValue>>(r.attributes)!;
  return a;
}

export async function stateRows(db: Db, sql: string, params: DuckDBValue[] = []): Promise<AnnotationState[]> {
  return (await db.all<Row>(sql, params)).map((r) => toState(r));
}

/** The current row of annotation `id`, or an error saying it was deleted (by which edit) or never existed. */
export async function currentAnnotation(db: Db, id: number): Promise<AnnotationState> {
  const [row] = await stateRows(
    db,
    `SELECT ${STATE_COLUMNS} FROM annotations a ${STATE_JOINS} WHERE a.id = ?`,
    [id],
  );
  if (row) return row;
  const deleted = await db.scalar(
    'SELECT coalesce(max(superseded_seq), 0) FROM annotation_revisions WHERE id = ?',
    [id],
  );
  if (deleted > 0)
    throw new AssayError(
      'CONFLICT',
      `Annotation ${id} was deleted by edit ${deleted}; it cannot be edited.`,
      {
        hint: `See \`assay history\` for its sample; \`assay undo ${deleted}\` brings it back.`,
        details: { annotation_id: id, deleted_by: deleted },
      },
    );
  throw new AssayError('NOT_FOUND', `The project has no annotation ${id}.`, {
    hint: 'Annotation ids are listed by `assay history SAMPLE --json` and in `assay issues --json`.',
    details: { annotation_id: id },
  });
}

/** The annotation's current revision: the seq of the last edit that touched it (0 = as imported). */
export function annotationRevision(db: Db, id: number): Promise<number> {
  return db.scalar('SELECT coalesce(max(seq), 0) FROM edits WHERE annotation_id = ?', [id]);
}

/** SQL assignments and parameters for the fields `set` names (null or undefined clears a field). */
export function shapeAssignments(
  set: { [K in keyof AnnotationShape]?: AnnotationShape[K] | null },
  classIds: ReadonlyMap<string, number>,
): { sql: string[]; params: DuckDBValue[] } {
  const sql: string[] = [];
  const params: DuckDBValue[] = [];
  if ('label' in set) {
    const id = set.label == null ? null : classIds.get(set.label);
    if (set.label != null && id === undefined)
      throw new AssayError('INVALID_INPUT', `The project has no class "${set.label}".`, {
        hint: `Classes: ${[...classIds.keys()].join(', ')}.`,
        details: { class: set.label },
      });
    sql.push('class_id = ?');
    params.push(id ?? null);
  }
  if ('bbox' in set) {
    const b = set.bbox ?? null;
    if (b !== null && (b.length !== 4 || b.some((v) => !Number.isFinite(v)) || b[2] < 0 || b[3] < 0))
      throw new AssayError(
        'INVALID_INPUT',
        `A box must be [x, y, w, h] with w, h >= 0, not [${b.join(', ')}].`,
      );
    sql.push('x = ?', 'y = ?', 'w = ?', 'h = ?');
    params.push(b?.[0] ?? null, b?.[1] ?? null, b?.[2] ?? null, b?.[3] ?? null);
  }
  if ('points' in set) {
    sql.push('points = ?');
    params.push(set.points == null ? null : blobValue(pointsEncode(set.points)));
  }
  if ('area' in set) {
    sql.push('area = ?');
    params.push(set.area ?? null);
  }
  if ('attributes' in set) {
    sql.push('attributes = ?');
    params.push(set.attributes == null ? null : JSON.stringify(set.attributes));
  }
  return { sql, params };
}

/** The fields of `a` that `keys` names, absent ones as null (so an undo clears them again). */
export function pickShape(a: AnnotationShape, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (a as Record<string, unknown>)[k] ?? null;
  return out;
}
