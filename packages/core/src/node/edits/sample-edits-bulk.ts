import type { Edit, SampleUpdate } from '../../edits/edit-types.js';
import { AssayError } from '../../errors.js';
import type { Db } from '../store/db.js';

type SampleEdit = Extract<Edit, { op: 'sample' }>;

/** Whether a batch can take the set-based path: only `sample` edits, each sample once, and many. */
export function bulkSampleEdits(edits: readonly Edit[]): edits is SampleEdit[] {
  if (edits.length < 64 || !edits.every((e) => e.op === 'sample')) return false;
  return new Set(edits.map((e) => (e as SampleEdit).sampleId)).size === edits.length;
}

const tagsOf = (t: string[] | null | undefined) => (t && t.length > 0 ? [...new Set(t)] : null);

/**
 * A batch of `sample` edits (split, tags) written set-based: the current values read in one query,
 * the `expect` checks and before/after made as editSample does (sample-edits.ts), then one INSERT
 * of the edit rows and one UPDATE per field from a temporary table. Same rows and semantics as
 * applying them one by one (seqs `first`, `first + 1`, ...), in the caller's transaction; what took
 * three statements per sample takes a handful for the batch (`assay split` of 100k samples).
 */
export async function applySampleEditsBulk(
  db: Db,
  edits: readonly SampleEdit[],
  at: { first: number; batch: number; author: string; rule: string | null; undoes?: (number | null)[] },
): Promise<void> {
  await db.run('CREATE OR REPLACE TEMP TABLE _bulk_ids (ord INTEGER, sample_id INTEGER)');
  const ids = await db.connection.createAppender('_bulk_ids', 'main', 'temp');
  for (const [i, e] of edits.entries()) {
    ids.appendInteger(i);
    ids.appendInteger(e.sampleId);
    ids.endRow();
  }
  ids.closeSync();
  const reader = await db.readAll(
    `SELECT b.ord, s.id IS NOT NULL AS found, s.split, to_json(s.tags)::VARCHAR AS tags
       FROM _bulk_ids b LEFT JOIN samples s ON s.id = b.sample_id ORDER BY b.ord`,
  );
  const [, found, splits, tagsJson] = reader.getColumnsJS() as [
    number[],
    boolean[],
    (string | null)[],
    (string | null)[],
  ];
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _bulk_edits (seq BIGINT, sample_id INTEGER, reason VARCHAR, before VARCHAR, after VARCHAR,
       undoes BIGINT, set_split BOOLEAN, split VARCHAR, set_tags BOOLEAN, tags VARCHAR)`,
  );
  const rows = await db.connection.createAppender('_bulk_edits', 'main', 'temp');
  const text = (v: string | null) => (v === null ? rows.appendNull() : rows.appendVarchar(v));
  for (const [i, edit] of edits.entries()) {
    if (!found[i])
      throw new AssayError('NOT_FOUND', `The project has no sample ${edit.sampleId}.`, {
        details: { sample_id: edit.sampleId },
      });
    const now: SampleUpdate = {
      split: splits[i] ?? null,
      tags: tagsOf(JSON.parse(tagsJson[i] ?? 'null') as string[] | null),
    };
    const keys = Object.keys(edit.set) as (keyof SampleUpdate)[];
    if (keys.length === 0)
      throw new AssayError('USAGE', `The edit of sample ${edit.sampleId} changes nothing.`);
    if (edit.expect)
      for (const k of Object.keys(edit.expect) as (keyof SampleUpdate)[])
        if (JSON.stringify(now[k] ?? null) !== JSON.stringify(edit.expect[k] ?? null))
          throw new AssayError(
            'CONFLICT',
            `Sample ${edit.sampleId} was changed by a later edit; nothing was applied.`,
            {
              hint: 'Undo the later edits first (newest first).',
            },
          );
    const set: SampleUpdate = { ...edit.set, ...('tags' in edit.set ? { tags: tagsOf(edit.set.tags) } : {}) };
    const pick = (v: SampleUpdate) => JSON.stringify(Object.fromEntries(keys.map((k) => [k, v[k] ?? null])));
    rows.appendBigInt(BigInt(at.first + i));
    rows.appendInteger(edit.sampleId);
    text(edit.reason ?? null);
    rows.appendVarchar(pick(now));
    rows.appendVarchar(pick(set));
    const undoes = at.undoes?.[i];
    if (undoes == null) rows.appendNull();
    else rows.appendBigInt(BigInt(undoes));
    rows.appendBoolean('split' in set);
    text(set.split ?? null);
    rows.appendBoolean('tags' in set);
    text(set.tags ? JSON.stringify(set.tags) : null);
    rows.endRow();
  }
  rows.closeSync();
  await db.run(
    `INSERT INTO edits (seq, batch, kind, author, reason, issue_id, rule, sample_id, annotation_id, before, after, undoes)
     SELECT seq, ?, 'sample', ?, reason, NULL, ?, sample_id, NULL, before, after, undoes FROM _bulk_edits ORDER BY seq`,
    [at.batch, at.author, at.rule],
  );
  await db.run(
    'UPDATE samples SET split = e.split FROM _bulk_edits e WHERE e.set_split AND samples.id = e.sample_id',
  );
  await db.run(
    `UPDATE samples SET tags = CASE WHEN e.tags IS NULL THEN NULL ELSE from_json(e.tags, '["VARCHAR"]') END
       FROM _bulk_edits e WHERE e.set_tags AND samples.id = e.sample_id`,
  );
  await db.run('DROP TABLE _bulk_ids');
  await db.run('DROP TABLE _bulk_edits');
}
