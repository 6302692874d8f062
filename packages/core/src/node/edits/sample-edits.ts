import type { ApplyEditsOptions, Edit, SampleUpdate } from '../../edits/edit-types.js';
import { AssayError } from '../../errors.js';
import type { Db } from '../store/db.js';
import { type DuckDBValue, listValue } from '../store/duckdb-api.js';
import type { Recorded } from './apply-edits.js';

/** A sample's split or tags (one `sample` edit). */
export async function editSample(db: Db, edit: Extract<Edit, { op: 'sample' }>): Promise<Recorded> {
  const row = await db.one<{ split: string | null; tags: string[] | null }>(
    'SELECT split, tags FROM samples WHERE id = ?',
    [edit.sampleId],
  );
  if (!row)
    throw new AssayError('NOT_FOUND', `The project has no sample ${edit.sampleId}.`, {
      details: { sample_id: edit.sampleId },
    });
  const now: SampleUpdate = { split: row.split, tags: row.tags && row.tags.length > 0 ? row.tags : null };
  const keys = Object.keys(edit.set) as (keyof SampleUpdate)[];
  if (keys.length === 0)
    throw new AssayError('USAGE', `The edit of sample ${edit.sampleId} changes nothing.`);
  if (edit.expect) {
    for (const k of Object.keys(edit.expect) as (keyof SampleUpdate)[])
      if (JSON.stringify(now[k] ?? null) !== JSON.stringify(edit.expect[k] ?? null))
        throw new AssayError(
          'CONFLICT',
          `Sample ${edit.sampleId} was changed by a later edit; nothing was applied.`,
          {
            hint: 'Undo the later edits first (newest first).',
          },
        );
  }
  const sql: string[] = [];
  const params: DuckDBValue[] = [];
  if ('split' in edit.set) {
    sql.push('split = ?');
    params.push(edit.set.split ?? null);
  }
  if ('tags' in edit.set) {
    const tags = edit.set.tags && edit.set.tags.length > 0 ? [...new Set(edit.set.tags)] : null;
    edit.set = { ...edit.set, tags };
    sql.push(tags ? 'tags = ?::VARCHAR[]' : 'tags = NULL');
    if (tags) params.push(listValue(tags));
  }
  await db.run(`UPDATE samples SET ${sql.join(', ')} WHERE id = ?`, [...params, edit.sampleId]);
  const pick = (v: SampleUpdate) => Object.fromEntries(keys.map((k) => [k, v[k] ?? null]));
  return {
    kind: 'sample',
    sampleId: edit.sampleId,
    annotationId: null,
    before: pick(now),
    after: pick(edit.set),
  };
}

/**
 * Each `exclude` preceded by its consequences, as edits of their own in the same batch (so history,
 * snapshots and undo treat them like any other): deletes of the sample's annotations and `fixed` for
 * its open issues. Returns each edit with the edit it undoes.
 */
export async function expandExclusions(
  db: Db,
  edits: readonly Edit[],
  undoes: ApplyEditsOptions['undoes'],
): Promise<[Edit, number | null][]> {
  const out: [Edit, number | null][] = [];
  for (const [i, edit] of edits.entries()) {
    if (edit.op === 'exclude') {
      const reason = edit.reason ?? `sample ${edit.sampleId} excluded`;
      const anns = await db.all<{ id: number }>(
        'SELECT id FROM annotations WHERE sample_id = ? ORDER BY id',
        [edit.sampleId],
      );
      for (const a of anns) out.push([{ op: 'delete', annotationId: a.id, reason }, null]);
      const issues = await db.all<{ id: number }>(
        "SELECT id FROM issues WHERE sample_id = ? AND status = 'open' ORDER BY id",
        [edit.sampleId],
      );
      for (const x of issues) out.push([{ op: 'issue_status', id: x.id, status: 'fixed', reason }, null]);
    }
    out.push([edit, undoes?.[i] ?? null]);
  }
  return out;
}
