import type { DuckDBValue } from '@duckdb/node-api';
import type { AnnotationState } from '../../edits/edit-types.js';
import type { LabelVersion } from '../../edits/label-diff.js';
import { AssayError } from '../../errors.js';
import type { Project } from '../project.js';
import type { Db } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';
import { STATE_COLUMNS, STATE_JOINS, stateRows } from './annotation-row.js';
import { defaultAuthor } from './apply-edits.js';

export interface Snapshot {
  name: string;
  /** The project revision (last edit seq) it names. */
  seq: number;
  max_sample_id: number;
  max_annotation_id: number;
  message: string | null;
  author: string;
  created_at: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * `assay snapshot NAME`: names the current revision. Cheap (one row, no copy): the current rows plus
 * the kept revisions rebuild it (annotationsAt). A name is never reused.
 */
export async function createSnapshot(
  project: Project,
  name: string,
  options: { message?: string; author?: string } = {},
): Promise<Snapshot> {
  if (!NAME.test(name) || name === 'current')
    throw new AssayError('USAGE', `"${name}" cannot name a snapshot.`, {
      hint: 'Use letters, digits, dot, dash or underscore (not `current`, which names the live state).',
    });
  const db = storeDb(project.store);
  return project.store.transaction(async () => {
    if (await findSnapshot(db, name))
      throw new AssayError(
        'CONFLICT',
        `A snapshot named "${name}" exists already; snapshots are never replaced.`,
        {
          hint: 'Choose another name (`assay snapshots` lists them).',
        },
      );
    await db.run(
      `INSERT INTO snapshots (name, seq, max_sample_id, max_annotation_id, message, author)
       SELECT ?, (SELECT coalesce(max(seq), 0) FROM edits), (SELECT coalesce(max(id), 0) FROM samples),
              greatest((SELECT coalesce(max(id), 0) FROM annotations), (SELECT coalesce(max(id), 0) FROM annotation_revisions)),
              ?, ?`,
      [name, options.message ?? null, options.author ?? defaultAuthor()],
    );
    return (await findSnapshot(db, name))!;
  });
}

/**
 * A subquery of every annotations column holding a snapshot's rows: the current row when no edit
 * touched it after the snapshot, else the kept revision valid then; ids above the snapshot's left out.
 */
export function snapshotRows(snap: Snapshot): { sql: string; params: DuckDBValue[] } {
  return {
    sql: `(SELECT * FROM annotations WHERE id <= ?
             AND id NOT IN (SELECT annotation_id FROM edits WHERE annotation_id IS NOT NULL AND seq > ?)
           UNION ALL BY NAME
           SELECT * EXCLUDE (valid_from_seq, superseded_seq) FROM annotation_revisions
            WHERE id <= ? AND valid_from_seq <= ? AND superseded_seq > ?)`,
    params: [snap.max_annotation_id, snap.seq, snap.max_annotation_id, snap.seq, snap.seq],
  };
}

/** A subquery of every samples column holding a snapshot's samples (those excluded later included). */
export function snapshotSamples(snap: Snapshot): { sql: string; params: DuckDBValue[] } {
  return {
    sql: `(SELECT * FROM samples WHERE id <= ?
           UNION ALL BY NAME
           SELECT * EXCLUDE (excluded_seq) FROM excluded_samples WHERE id <= ? AND excluded_seq > ?)`,
    params: [snap.max_sample_id, snap.max_sample_id, snap.seq],
  };
}

/** The snapshot of this name, or NOT_FOUND. */
export async function getSnapshot(project: Project, name: string): Promise<Snapshot> {
  const snap = await findSnapshot(storeDb(project.store), name);
  if (!snap)
    throw new AssayError('NOT_FOUND', `The project has no snapshot "${name}".`, {
      hint: 'List them with `assay snapshots`; `current` names the live state.',
    });
  return snap;
}

function findSnapshot(db: Db, name: string): Promise<Snapshot | undefined> {
  return db.one<Snapshot & Record<string, unknown>>('SELECT * FROM snapshots WHERE name = ?', [name]);
}

export async function listSnapshots(project: Project): Promise<Snapshot[]> {
  return storeDb(project.store).all<Snapshot & Record<string, unknown>>(
    'SELECT * FROM snapshots ORDER BY seq, created_at',
  );
}

/**
 * The samples and annotations of a snapshot (or `current`). A snapshot's annotation is the current row
 * when no edit touched it after the snapshot, else the kept revision valid then; ids imported later are
 * left out. Imports with --replace after a snapshot are not versioned (take a snapshot before them).
 */
export async function labelVersion(project: Project, name: string): Promise<LabelVersion> {
  const db = storeDb(project.store);
  const samples = new Map<number, { key: string; split: string | null }>();
  if (name === 'current') {
    for (const s of await db.all<{ id: number; key: string; split: string | null }>(
      'SELECT id, key, split FROM samples',
    ))
      samples.set(s.id, { key: s.key, split: s.split });
    const annotations = await stateRows(
      db,
      `SELECT ${STATE_COLUMNS} FROM annotations a ${STATE_JOINS} ORDER BY a.id`,
    );
    return { name, samples, annotations };
  }
  const snap = await getSnapshot(project, name);
  for (const s of await db.all<{ id: number; key: string; split: string | null }>(
    'SELECT id, key, split FROM samples WHERE id <= ?',
    [snap.max_sample_id],
  ))
    samples.set(s.id, { key: s.key, split: s.split });
  for (const s of await db.all<{ id: number; key: string; split: string | null }>(
    'SELECT id, key, split FROM excluded_samples WHERE id <= ? AND excluded_seq > ?',
    [snap.max_sample_id, snap.seq],
  ))
    samples.set(s.id, { key: s.key, split: s.split });
  // A split changed after the snapshot: the first later edit's `before` holds the split of then.
  const seen = new Set<number>();
  for (const e of await db.all<{ sample_id: number; before: string }>(
    "SELECT sample_id, before FROM edits WHERE kind = 'sample' AND seq > ? ORDER BY seq",
    [snap.seq],
  )) {
    const before = JSON.parse(e.before) as { split?: string | null };
    const s = samples.get(e.sample_id);
    if (!s || seen.has(e.sample_id) || !('split' in before)) continue;
    seen.add(e.sample_id);
    s.split = before.split ?? null;
  }
  const rows = snapshotRows(snap);
  const annotations: AnnotationState[] = await stateRows(
    db,
    `SELECT ${STATE_COLUMNS} FROM ${rows.sql} a ${STATE_JOINS} ORDER BY a.id`,
    rows.params,
  );
  return { name, samples, annotations };
}
