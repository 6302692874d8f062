import type { AnnotationState, EditRecord } from '../../edits/edit-types.js';
import { AssayError } from '../../errors.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { STATE_COLUMNS, STATE_JOINS, stateRows } from './annotation-row.js';
import { listEdits } from './undo-edits.js';

/** One version of an annotation: valid from edit `revision` (0 = as imported) until `until` (null = current). */
export interface AnnotationVersion {
  revision: number;
  until: number | null;
  annotation: AnnotationState;
}

export interface AnnotationHistory {
  id: number;
  /** Deleted annotations have no current version. */
  current: boolean;
  versions: AnnotationVersion[];
}

export interface SampleHistory {
  sample: { id: number; key: string; split: string | null };
  annotations: AnnotationHistory[];
  /** Every edit of the sample's annotations and issues, oldest first. */
  edits: EditRecord[];
}

/** `assay history SAMPLE`: each annotation of a sample with all its revisions, and the edits that made them. */
export async function sampleHistory(project: Project, sample: string): Promise<SampleHistory> {
  const db = storeDb(project.store);
  const found = await db.all<{ id: number; key: string; split: string | null }>(
    `SELECT id, key, split FROM (SELECT id, key, split FROM samples UNION ALL SELECT id, key, split FROM excluded_samples)
      WHERE key = ? OR CAST(id AS VARCHAR) = ? ORDER BY (key = ?) DESC, id`,
    [sample, sample, sample],
  );
  const s = found[0];
  if (!s)
    throw new AssayError('NOT_FOUND', `The project has no sample "${sample}".`, {
      hint: 'Name a sample by its path as imported (see `assay issues`) or by its id.',
    });
  const revisions = await db.all<{ id: number; valid_from_seq: number; superseded_seq: number }>(
    'SELECT id, valid_from_seq, superseded_seq FROM annotation_revisions WHERE sample_id = ? ORDER BY id, superseded_seq',
    [s.id],
  );
  const old = await stateRows(
    db,
    `SELECT ${STATE_COLUMNS} FROM annotation_revisions a ${STATE_JOINS} WHERE a.sample_id = ? ORDER BY a.id, a.superseded_seq`,
    [s.id],
  );
  const current = await stateRows(
    db,
    `SELECT ${STATE_COLUMNS} FROM annotations a ${STATE_JOINS} WHERE a.sample_id = ? ORDER BY a.id`,
    [s.id],
  );
  const edits = await listEdits(db, 'sample_id = ?', [s.id]);
  const lastEdit = new Map<number, number>();
  for (const e of edits) if (e.annotationId !== null) lastEdit.set(e.annotationId, e.seq);
  const byId = new Map<number, AnnotationHistory>();
  const entry = (id: number) => {
    let h = byId.get(id);
    if (!h) byId.set(id, (h = { id, current: false, versions: [] }));
    return h;
  };
  old.forEach((a, i) => {
    const r = revisions[i]!;
    entry(a.id).versions.push({ revision: r.valid_from_seq, until: r.superseded_seq, annotation: a });
  });
  for (const a of current) {
    const h = entry(a.id);
    h.current = true;
    h.versions.push({ revision: lastEdit.get(a.id) ?? 0, until: null, annotation: a });
  }
  const annotations = [...byId.values()].sort((a, b) => a.id - b.id);
  return { sample: s, annotations, edits };
}
