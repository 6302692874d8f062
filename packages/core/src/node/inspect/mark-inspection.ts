import { AssayError } from '../../errors.js';
import { defaultAuthor } from '../edits/apply-edits.js';
import type { Project } from '../project.js';
import type { Db } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';

export type InspectionVerdict = 'correct' | 'incorrect';
/** What is wrong with an item judged incorrect. */
export const INSPECTION_ERRORS = [
  'wrong_class',
  'bad_box',
  'missing_object',
  'extra_object',
  'other',
] as const;
export type InspectionError = (typeof INSPECTION_ERRORS)[number];

export interface MarkInspectionOptions {
  /** The inspection (default: the latest). */
  inspection?: number;
  item: number;
  /** null clears the verdict. */
  verdict: InspectionVerdict | null;
  error?: InspectionError;
  note?: string;
  author?: string;
}

/** The latest inspection's id, or `id` when it exists; NOT_FOUND otherwise. */
export async function resolveInspection(db: Db, id?: number): Promise<number> {
  const found =
    id === undefined
      ? await db.scalar('SELECT coalesce(max(id), 0) FROM inspections')
      : await db.scalar('SELECT count(*) FROM inspections WHERE id = ?', [id]).then((n) => (n > 0 ? id : 0));
  if (found === 0)
    throw new AssayError(
      'NOT_FOUND',
      id === undefined ? 'The project has no inspection yet.' : `The project has no inspection ${id}.`,
      { hint: 'Start one with `assay inspect start --confidence 0.95 --margin 0.05`.' },
    );
  return found;
}

/** `assay inspect mark`: a reviewer's verdict on one drawn item (author and time kept). */
export async function markInspection(
  project: Project,
  options: MarkInspectionOptions,
): Promise<{ inspection: number; item: number; verdict: InspectionVerdict | null }> {
  const db = storeDb(project.store);
  if (options.verdict !== null && options.verdict !== 'correct' && options.verdict !== 'incorrect')
    throw new AssayError('USAGE', `A verdict is correct or incorrect, not "${options.verdict}".`);
  if (options.error !== undefined && !INSPECTION_ERRORS.includes(options.error))
    throw new AssayError('USAGE', `"${options.error}" is not an error kind.`, {
      hint: `Use one of ${INSPECTION_ERRORS.join(', ')}.`,
    });
  if (options.error !== undefined && options.verdict !== 'incorrect')
    throw new AssayError('USAGE', 'An error kind goes with the verdict incorrect.');
  const inspection = await resolveInspection(db, options.inspection);
  const n = await db.scalar('SELECT count(*) FROM inspection_items WHERE inspection_id = ? AND item = ?', [
    inspection,
    options.item,
  ]);
  if (n === 0)
    throw new AssayError('NOT_FOUND', `Inspection ${inspection} has no item ${options.item}.`, {
      hint: 'List the items with `assay inspect items`.',
    });
  const author = options.verdict === null ? null : (options.author ?? defaultAuthor());
  await db.run(
    `UPDATE inspection_items SET verdict = ?, error_kind = ?, note = ?, author = ?,
            marked_at = CASE WHEN ? IS NULL THEN NULL ELSE current_timestamp END
      WHERE inspection_id = ? AND item = ?`,
    [
      options.verdict,
      options.error ?? null,
      options.note ?? null,
      author,
      options.verdict,
      inspection,
      options.item,
    ],
  );
  return { inspection, item: options.item, verdict: options.verdict };
}
