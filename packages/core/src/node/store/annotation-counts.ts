import type { Db } from './db.js';

/** Annotations by source, kind and class (what `assay info` prints), one row per group. */
export interface AnnotationCountRow {
  source_id: number;
  kind: string;
  class_id: number | null;
  n: number;
}

/** How many samples each source annotates. */
export interface SourceSamplesRow {
  source_id: number;
  samples: number;
}

export interface AnnotationCounts {
  groups: AnnotationCountRow[];
  sourceSamples: SourceSamplesRow[];
}

const GROUPS =
  'SELECT source_id, kind::VARCHAR AS kind, class_id, count(*) AS n FROM annotations GROUP BY ALL';
const SOURCE_SAMPLES =
  'SELECT source_id, count(*) AS samples FROM (SELECT DISTINCT source_id, sample_id FROM annotations) GROUP BY source_id';
/** The annotations' fingerprint: cheap (row-group statistics), changed by every insert, delete and edit. */
const FINGERPRINT = `SELECT (SELECT count(*) FROM annotations) AS annotations,
  (SELECT coalesce(max(id), 0) FROM annotations) AS max_id,
  (SELECT coalesce(max(seq), 0) FROM edits) AS edit_seq`;

interface Fingerprint {
  annotations: number;
  max_id: number;
  edit_seq: number;
}

const same = (a: Fingerprint, b: Fingerprint | undefined) =>
  b !== undefined && a.annotations === b.annotations && a.max_id === b.max_id && a.edit_seq === b.edit_seq;

async function fingerprint(db: Db): Promise<Fingerprint> {
  return (await db.one<Fingerprint & Record<string, unknown>>(FINGERPRINT))!;
}

/** The counts scanned from the annotations (two passes over every row). */
export async function liveAnnotationCounts(db: Db): Promise<AnnotationCounts> {
  return {
    groups: await db.all<AnnotationCountRow & Record<string, unknown>>(GROUPS),
    sourceSamples: await db.all<SourceSamplesRow & Record<string, unknown>>(SOURCE_SAMPLES),
  };
}

/**
 * The annotation counts kept by the store (migration 012) when they were taken from the annotations as
 * they are now, else counted live; the same rows either way (group order aside).
 */
export async function annotationCounts(db: Db): Promise<AnnotationCounts> {
  const now = await fingerprint(db);
  const kept = await db.one<Fingerprint & Record<string, unknown>>(
    'SELECT * FROM annotation_counts_state LIMIT 1',
  );
  if (!same(now, kept)) return liveAnnotationCounts(db);
  return {
    groups: await db.all<AnnotationCountRow & Record<string, unknown>>(
      'SELECT source_id, kind, class_id, n FROM annotation_counts',
    ),
    sourceSamples: await db.all<SourceSamplesRow & Record<string, unknown>>(
      'SELECT source_id, samples FROM annotation_source_samples',
    ),
  };
}

/**
 * Counts the annotations again into the kept tables when they changed since the last count (one GROUP BY
 * and one DISTINCT over the annotations: about a second at 19M annotations; nothing when unchanged).
 * A writable store calls it as it closes, so every writer (import, edits, deletes) keeps them current.
 */
export async function refreshAnnotationCounts(db: Db): Promise<void> {
  const now = await fingerprint(db);
  const kept = await db.one<Fingerprint & Record<string, unknown>>(
    'SELECT * FROM annotation_counts_state LIMIT 1',
  );
  if (same(now, kept)) return;
  await db.run('BEGIN TRANSACTION');
  try {
    await db.run('DELETE FROM annotation_counts');
    await db.run(`INSERT INTO annotation_counts ${GROUPS}`);
    await db.run('DELETE FROM annotation_source_samples');
    await db.run(`INSERT INTO annotation_source_samples ${SOURCE_SAMPLES}`);
    await db.run('DELETE FROM annotation_counts_state');
    await db.run('INSERT INTO annotation_counts_state VALUES (?, ?, ?)', [
      now.annotations,
      now.max_id,
      now.edit_seq,
    ]);
    await db.run('COMMIT');
  } catch (error) {
    await db.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
