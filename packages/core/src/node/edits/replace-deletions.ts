import type { Db } from '../store/db.js';
import { listValue } from '../store/duckdb-api.js';
import { defaultAuthor } from './apply-edits.js';

/**
 * `import --replace` as edits: before the import deletes a source's annotations on the samples it
 * replaces, each is kept in `annotation_revisions` and recorded as a `delete` edit (one batch, rule
 * `import --replace`, the file as reason), so `assay history` shows it, snapshots taken before the import
 * keep the old labels, `assay diff` compares them, and `assay undo --batch B` brings them back.
 * Runs inside the import's transaction.
 */
export async function recordReplacedAnnotations(
  db: Db,
  sourceId: number,
  sampleIds: readonly number[],
  file: string,
): Promise<number> {
  if (sampleIds.length === 0) return 0;
  const head = await db.scalar('SELECT coalesce(max(seq), 0) FROM edits');
  const batch = (await db.scalar('SELECT coalesce(max(batch), 0) FROM edits')) + 1;
  const where = 'a.source_id = ? AND a.sample_id IN (SELECT unnest(?::INTEGER[]))';
  const ids = listValue([...sampleIds]);
  await db.run(
    `INSERT INTO annotation_revisions BY NAME
       SELECT a.*, coalesce(last.seq, 0) AS valid_from_seq, ? + row_number() OVER (ORDER BY a.id) AS superseded_seq
         FROM annotations a
         LEFT JOIN (SELECT annotation_id, max(seq) AS seq FROM edits GROUP BY annotation_id) last
           ON last.annotation_id = a.id
        WHERE ${where}`,
    [head, sourceId, ids],
  );
  const n = await db.scalar('SELECT count(*) FROM annotation_revisions WHERE superseded_seq > ?', [head]);
  if (n === 0) return 0;
  await db.run(
    `INSERT INTO edits (seq, batch, kind, author, reason, rule, sample_id, annotation_id, before, after)
       SELECT r.superseded_seq, ?, 'delete', ?, ?, 'import --replace', r.sample_id, r.id,
              json_object('id', r.id, 'sampleId', r.sample_id, 'source', s.name, 'kind', r.kind::VARCHAR,
                          'label', c.name, 'bbox', CASE WHEN r.x IS NULL THEN NULL ELSE [r.x, r.y, r.w, r.h] END)::VARCHAR,
              NULL
         FROM annotation_revisions r JOIN sources s ON s.id = r.source_id LEFT JOIN classes c ON c.id = r.class_id
        WHERE r.superseded_seq > ?`,
    [batch, defaultAuthor(), `replaced by the import of ${file}`, head],
  );
  return n;
}
