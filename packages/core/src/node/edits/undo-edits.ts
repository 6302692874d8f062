import type { DuckDBValue } from '@duckdb/node-api';
import type {
  AnnotationShapeUpdate,
  ApplyEditsResult,
  Edit,
  EditRecord,
  IssueStatus,
  SampleUpdate,
} from '../../edits/edit-types.js';
import { AssayError } from '../../errors.js';
import type { Project } from '../project.js';
import { type Db, parseJson } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';
import { applyEdits } from './apply-edits.js';

interface EditRow extends Record<string, unknown> {
  seq: number;
  batch: number;
  kind: EditRecord['kind'];
  author: string;
  created_at: string;
  reason: string | null;
  issue_id: number | null;
  rule: string | null;
  sample_id: number | null;
  annotation_id: number | null;
  before: string | null;
  after: string | null;
  undoes: number | null;
}

export async function listEdits(db: Db, where = 'true', params: DuckDBValue[] = []): Promise<EditRecord[]> {
  const rows = await db.all<EditRow>(`SELECT * FROM edits WHERE ${where} ORDER BY seq`, params);
  return rows.map((r) => ({
    seq: r.seq,
    batch: r.batch,
    kind: r.kind,
    author: r.author,
    time: String(r.created_at),
    reason: r.reason,
    issueId: r.issue_id,
    rule: r.rule,
    sampleId: r.sample_id,
    annotationId: r.annotation_id,
    before: parseJson<Record<string, unknown>>(r.before) ?? null,
    after: parseJson<Record<string, unknown>>(r.after) ?? null,
    undoes: r.undoes,
  }));
}

/** The class and shape fields of a stored annotation view (an add's or restore's `after`). */
function shapeOf(view: Record<string, unknown> | null): AnnotationShapeUpdate {
  const out: Record<string, unknown> = {};
  for (const k of ['label', 'bbox', 'points', 'area', 'attributes']) out[k] = view?.[k] ?? null;
  return out as AnnotationShapeUpdate;
}

/** The edit that reverts `e` (refused when what it touched looks different now). */
function inverse(e: EditRecord): Edit {
  const reason = `undo of edit ${e.seq}`;
  const id = e.annotationId ?? 0;
  switch (e.kind) {
    case 'update':
      return {
        op: 'update',
        annotationId: id,
        set: (e.before ?? {}) as AnnotationShapeUpdate,
        expect: (e.after ?? {}) as AnnotationShapeUpdate,
        reason,
      };
    case 'add':
    case 'restore':
      return { op: 'delete', annotationId: id, expect: shapeOf(e.after), reason };
    case 'delete':
      return { op: 'restore', annotationId: id, seq: e.seq, reason };
    case 'sample':
      return {
        op: 'sample',
        sampleId: e.sampleId ?? 0,
        set: (e.before ?? {}) as SampleUpdate,
        expect: (e.after ?? {}) as SampleUpdate,
        reason,
      };
    case 'exclude':
      return { op: 'include', sampleId: e.sampleId ?? 0, seq: e.seq, reason };
    case 'include':
      return { op: 'exclude', sampleId: e.sampleId ?? 0, reason };
    case 'issue_status':
      return {
        op: 'issue_status',
        id: Number(e.before?.issue ?? e.issueId ?? 0),
        status: String(e.before?.status ?? 'open') as IssueStatus,
        reason,
      };
  }
}

export interface UndoTarget {
  /** One edit's seq. */
  edit?: number;
  /** Every edit of a batch (reverted last first). */
  batch?: number;
}

/**
 * Reverts an edit or a whole batch, as a new batch of edits (so an undo can itself be undone). Refused
 * (CONFLICT, nothing changed) when a later edit touched the same annotation, or it was undone already,
 * or (with `expectedRevision`, as the app sends it) when the project moved past the revision the caller saw.
 */
export async function undoEdits(
  project: Project,
  target: UndoTarget,
  options: { author?: string; expectedRevision?: number } = {},
): Promise<ApplyEditsResult & { undone: number[] }> {
  const db = storeDb(project.store);
  const targets =
    target.batch !== undefined
      ? await listEdits(db, 'batch = ?', [target.batch])
      : await listEdits(db, 'seq = ?', [target.edit ?? -1]);
  if (targets.length === 0)
    throw new AssayError(
      'NOT_FOUND',
      target.batch !== undefined
        ? `The project has no edit batch ${target.batch}.`
        : `The project has no edit ${target.edit}.`,
      { hint: 'See the edits with `assay history SAMPLE` (or `assay fix --json`, which prints each batch).' },
    );
  const seqs = targets.map((t) => t.seq);
  const done = await db.one<{ seq: number; undoes: number }>(
    `SELECT seq, undoes FROM edits WHERE undoes IN (${seqs.map(() => '?').join(', ')}) LIMIT 1`,
    seqs,
  );
  if (done)
    throw new AssayError('CONFLICT', `Edit ${done.undoes} was undone already (by edit ${done.seq}).`, {
      hint: `Undo edit ${done.seq} to bring the change back.`,
    });
  const ordered = [...targets].reverse();
  const edits = ordered.map(inverse);
  const label = target.batch !== undefined ? `undo batch ${target.batch}` : `undo edit ${target.edit}`;
  const result = await applyEdits(project, edits, {
    ...(options.author ? { author: options.author } : {}),
    ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }),
    rule: label,
    undoes: ordered.map((t) => t.seq),
  });
  return { ...result, undone: ordered.map((t) => t.seq) };
}
