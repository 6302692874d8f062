import { userInfo } from 'node:os';
import type { DuckDBValue } from '@duckdb/node-api';
import {
  type AnnotationShapeUpdate,
  type AnnotationState,
  type ApplyEditsOptions,
  type ApplyEditsResult,
  type Edit,
  ISSUE_STATUSES,
} from '../../edits/edit-types.js';
import { AssayError } from '../../errors.js';
import type { Project } from '../project.js';
import { type Db, nextAnnotationId } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';
import { annotationRevision, currentAnnotation, pickShape, shapeAssignments } from './annotation-row.js';
import { editSample, expandExclusions } from './sample-edits.js';
import { applySampleEditsBulk, bulkSampleEdits } from './sample-edits-bulk.js';

/** The OS user, the default author of an edit. */
export function defaultAuthor(): string {
  try {
    return userInfo().username || process.env.USER || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** The project revision: the seq of its last edit (0 before any). */
export function projectRevision(project: Project): Promise<number> {
  return storeDb(project.store).scalar('SELECT coalesce(max(seq), 0) FROM edits');
}

export interface Recorded {
  kind: string;
  sampleId: number | null;
  annotationId: number | null;
  before: unknown;
  after: unknown;
}

/**
 * Applies edits as one batch in one transaction: each becomes a row of `edits` (author, time, reason,
 * issue) and every version it replaces is kept in `annotation_revisions`. Any failure (an unknown
 * class, a deleted annotation, a stale revision) rolls the whole batch back. A server route calls this
 * with `{author, expectedRevision}` for optimistic concurrency.
 */
export async function applyEdits(
  project: Project,
  edits: readonly Edit[],
  options: ApplyEditsOptions = {},
): Promise<ApplyEditsResult> {
  const db = storeDb(project.store);
  const author = options.author ?? defaultAuthor();
  return project.store.transaction(async () => {
    const head = await db.scalar('SELECT coalesce(max(seq), 0) FROM edits');
    if (options.expectedRevision !== undefined && options.expectedRevision !== head)
      throw new AssayError(
        'CONFLICT',
        `The project changed since revision ${options.expectedRevision} (it is at ${head}); nothing was applied.`,
        {
          hint: 'Reload, look at the newer edits, and apply yours again.',
          details: { expected: options.expectedRevision, revision: head },
        },
      );
    const batch = (await db.scalar('SELECT coalesce(max(batch), 0) FROM edits')) + 1;
    const classIds = new Map((await project.store.listClasses()).map((c) => [c.name, c.id]));
    const result: ApplyEditsResult = { batch, seqs: [], revision: head, added: [] };
    if (bulkSampleEdits(edits)) {
      // many split/tag changes (assay split, assay select): the same rows, written set-based
      await applySampleEditsBulk(db, edits, {
        first: head + 1,
        batch,
        author,
        rule: options.rule ?? null,
        ...(options.undoes ? { undoes: options.undoes } : {}),
      });
      result.seqs = edits.map((_, i) => head + 1 + i);
      result.revision = head + edits.length;
      return result;
    }
    let seq = head;
    const queue = await expandExclusions(db, edits, options.undoes);
    for (const [edit, undoes] of queue) {
      seq++;
      const recorded = await applyOne(db, project, edit, seq, classIds, result);
      await db.run(
        `INSERT INTO edits (seq, batch, kind, author, reason, issue_id, rule, sample_id, annotation_id, before, after, undoes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          seq,
          batch,
          recorded.kind,
          author,
          edit.reason ?? null,
          edit.issueId ?? null,
          options.rule ?? null,
          recorded.sampleId,
          recorded.annotationId,
          recorded.before === undefined ? null : JSON.stringify(recorded.before),
          recorded.after === undefined ? null : JSON.stringify(recorded.after),
          undoes,
        ] as DuckDBValue[],
      );
      result.seqs.push(seq);
    }
    result.revision = seq;
    return result;
  });
}

function checkExpected(
  id: number,
  current: AnnotationState,
  expect: AnnotationShapeUpdate | undefined,
): void {
  if (expect === undefined) return;
  const now = pickShape(current, Object.keys(expect));
  if (
    JSON.stringify(now) !== JSON.stringify(pickShape(expect as Record<string, unknown>, Object.keys(expect)))
  )
    throw new AssayError('CONFLICT', `Annotation ${id} was changed by a later edit; nothing was applied.`, {
      hint: 'Undo the later edits first (newest first), or edit the annotation as it is now.',
      details: { annotation_id: id, expected: expect, current: now },
    });
}

async function checkRevision(db: Db, id: number, revision: number | undefined): Promise<number> {
  const current = await annotationRevision(db, id);
  if (revision !== undefined && revision !== current) {
    const by = await db.one<{ author: string; kind: string }>(
      'SELECT author, kind FROM edits WHERE seq = ?',
      [current],
    );
    throw new AssayError(
      'CONFLICT',
      `Annotation ${id} changed since revision ${revision}: it is at revision ${current}${by ? ` (${by.kind} by ${by.author})` : ''}. Nothing was applied.`,
      {
        hint: 'Reload the annotation and make your edit on its current revision.',
        details: { annotation_id: id, expected: revision, revision: current },
      },
    );
  }
  return current;
}

/** Keeps the current version of annotation `id` as a revision superseded at `seq`. */
async function archive(db: Db, id: number, validFrom: number, seq: number): Promise<void> {
  await db.run(
    'INSERT INTO annotation_revisions BY NAME SELECT *, ? AS valid_from_seq, ? AS superseded_seq FROM annotations WHERE id = ?',
    [validFrom, seq, id],
  );
}

async function applyOne(
  db: Db,
  project: Project,
  edit: Edit,
  seq: number,
  classIds: Map<string, number>,
  result: ApplyEditsResult,
): Promise<Recorded> {
  switch (edit.op) {
    case 'update': {
      const before = await currentAnnotation(db, edit.annotationId);
      const validFrom = await checkRevision(db, edit.annotationId, edit.revision);
      checkExpected(edit.annotationId, before, edit.expect);
      const keys = Object.keys(edit.set);
      if (keys.length === 0)
        throw new AssayError('USAGE', `The edit of annotation ${edit.annotationId} changes nothing.`);
      const { sql, params } = shapeAssignments(edit.set, classIds);
      await archive(db, edit.annotationId, validFrom, seq);
      await db.run(`UPDATE annotations SET ${sql.join(', ')} WHERE id = ?`, [...params, edit.annotationId]);
      return {
        kind: 'update',
        sampleId: before.sampleId,
        annotationId: before.id,
        before: pickShape(before, keys),
        after: pickShape(edit.set as Record<string, unknown>, keys),
      };
    }
    case 'delete': {
      const before = await currentAnnotation(db, edit.annotationId);
      const validFrom = await checkRevision(db, edit.annotationId, edit.revision);
      checkExpected(edit.annotationId, before, edit.expect);
      await archive(db, edit.annotationId, validFrom, seq);
      await db.run('DELETE FROM annotations WHERE id = ?', [edit.annotationId]);
      return { kind: 'delete', sampleId: before.sampleId, annotationId: before.id, before, after: undefined };
    }
    case 'restore': {
      const exists = await db.scalar('SELECT count(*) FROM annotations WHERE id = ?', [edit.annotationId]);
      if (exists > 0)
        throw new AssayError(
          'CONFLICT',
          `Annotation ${edit.annotationId} exists; there is nothing to restore.`,
        );
      const n = await db.scalar(
        'SELECT count(*) FROM annotation_revisions WHERE id = ? AND superseded_seq = ?',
        [edit.annotationId, edit.seq],
      );
      if (n !== 1)
        throw new AssayError(
          'NOT_FOUND',
          `Edit ${edit.seq} deleted no version of annotation ${edit.annotationId}.`,
        );
      await db.run(
        `INSERT INTO annotations BY NAME SELECT * EXCLUDE (valid_from_seq, superseded_seq) FROM annotation_revisions
          WHERE id = ? AND superseded_seq = ?`,
        [edit.annotationId, edit.seq],
      );
      const after = await currentAnnotation(db, edit.annotationId);
      return { kind: 'restore', sampleId: after.sampleId, annotationId: after.id, before: undefined, after };
    }
    case 'add': {
      const sample = await db.scalar('SELECT count(*) FROM samples WHERE id = ?', [edit.sampleId]);
      if (sample === 0)
        throw new AssayError('NOT_FOUND', `The project has no sample ${edit.sampleId}.`, {
          details: { sample_id: edit.sampleId },
        });
      const source = await project.store.ensureSource(edit.source ?? 'ground_truth');
      const id = await nextAnnotationId(db);
      const kind = edit.kind ?? (edit.shape.points ? 'polygon' : 'bbox');
      await db.run('INSERT INTO annotations (id, sample_id, source_id, kind) VALUES (?, ?, ?, ?)', [
        id,
        edit.sampleId,
        source.id,
        kind,
      ]);
      const { sql, params } = shapeAssignments(edit.shape, classIds);
      if (sql.length > 0)
        await db.run(`UPDATE annotations SET ${sql.join(', ')} WHERE id = ?`, [...params, id]);
      result.added.push(id);
      const after = await currentAnnotation(db, id);
      return { kind: 'add', sampleId: edit.sampleId, annotationId: id, before: undefined, after };
    }
    case 'sample':
      return editSample(db, edit);
    case 'exclude': {
      const n = await db.scalar('SELECT count(*) FROM samples WHERE id = ?', [edit.sampleId]);
      if (n === 0)
        throw new AssayError(
          'NOT_FOUND',
          `The project has no sample ${edit.sampleId} (or it is excluded already).`,
        );
      await db.run(
        'INSERT INTO excluded_samples BY NAME SELECT *, ? AS excluded_seq FROM samples WHERE id = ?',
        [seq, edit.sampleId],
      );
      await db.run('DELETE FROM samples WHERE id = ?', [edit.sampleId]);
      return {
        kind: 'exclude',
        sampleId: edit.sampleId,
        annotationId: null,
        before: undefined,
        after: undefined,
      };
    }
    case 'include': {
      const n = await db.scalar('SELECT count(*) FROM excluded_samples WHERE id = ? AND excluded_seq = ?', [
        edit.sampleId,
        edit.seq,
      ]);
      if (n !== 1) throw new AssayError('NOT_FOUND', `Edit ${edit.seq} excluded no sample ${edit.sampleId}.`);
      await db.run(
        'INSERT INTO samples BY NAME SELECT * EXCLUDE (excluded_seq) FROM excluded_samples WHERE id = ? AND excluded_seq = ?',
        [edit.sampleId, edit.seq],
      );
      await db.run('DELETE FROM excluded_samples WHERE id = ? AND excluded_seq = ?', [
        edit.sampleId,
        edit.seq,
      ]);
      return {
        kind: 'include',
        sampleId: edit.sampleId,
        annotationId: null,
        before: undefined,
        after: undefined,
      };
    }
    case 'issue_status': {
      if (!ISSUE_STATUSES.includes(edit.status))
        throw new AssayError('USAGE', `"${edit.status}" is not an issue status.`, {
          hint: `Use one of ${ISSUE_STATUSES.join(', ')}.`,
        });
      const issue = await db.one<{ status: string; sample_id: number | null; annotation_id: number | null }>(
        'SELECT status, sample_id, annotation_id FROM issues WHERE id = ?',
        [edit.id],
      );
      if (!issue)
        throw new AssayError('NOT_FOUND', `The project has no issue ${edit.id}.`, {
          hint: 'List issues with `assay issues --json`.',
        });
      await db.run('UPDATE issues SET status = ? WHERE id = ?', [edit.status, edit.id]);
      edit.issueId ??= edit.id;
      return {
        kind: 'issue_status',
        sampleId: issue.sample_id,
        annotationId: null,
        before: { status: issue.status, issue: edit.id, issue_annotation_id: issue.annotation_id },
        after: { status: edit.status },
      };
    }
  }
}
