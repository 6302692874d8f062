import type { DuckDBValue } from '@duckdb/node-api';
import {
  type DiffLabelsOptions,
  diffLabels,
  type LabelDiff,
  type LabelVersion,
} from '../../edits/label-diff.js';
import type { Project } from '../project.js';
import type { Db } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';
import { STATE_COLUMNS, STATE_JOINS, stateRows } from './annotation-row.js';
import { getSnapshot, type Snapshot, snapshotRows } from './snapshots.js';

interface Sql {
  sql: string;
  params: DuckDBValue[];
}

/** A version's annotation rows: the live table, or a snapshot's (snapshotRows). */
function annotationRows(snap: Snapshot | null): Sql {
  return snap ? snapshotRows(snap) : { sql: 'annotations', params: [] };
}

/**
 * A version's samples as (id, key, split): the live ones, or those of a snapshot with the split each had
 * then (the `before` of the first later edit that changed it), as labelVersion reads them.
 */
function sampleRows(snap: Snapshot | null): Sql {
  if (!snap) return { sql: '(SELECT id, key, split FROM samples)', params: [] };
  return {
    sql: `(SELECT s.id, s.key, CASE WHEN f.sample_id IS NULL THEN s.split ELSE json_extract_string(f.before, '$.split') END AS split
            FROM (SELECT id, key, split FROM samples WHERE id <= ?
                  UNION ALL SELECT id, key, split FROM excluded_samples WHERE id <= ? AND excluded_seq > ?) s
            LEFT JOIN (SELECT sample_id, arg_min(before, seq) AS before FROM edits
                        WHERE kind = 'sample' AND seq > ? AND json_exists(before, '$.split') GROUP BY sample_id) f
              ON f.sample_id = s.id)`,
    params: [snap.max_sample_id, snap.max_sample_id, snap.seq, snap.seq],
  };
}

/** Ids present in both versions with the same class, box and rings, byte for byte (surely unchanged). */
function sameSql(a: Sql, b: Sql): Sql {
  const eq = (c: string) => `(a.${c} IS NOT DISTINCT FROM b.${c})`;
  return {
    sql: `(SELECT a.id FROM ${a.sql} a JOIN ${b.sql} b ON a.id = b.id
            WHERE ${['class_id', 'x', 'y', 'w', 'h', 'points'].map(eq).join(' AND ')})`,
    params: [...a.params, ...b.params],
  };
}

async function versionOf(project: Project, name: string): Promise<Snapshot | null> {
  return name === 'current' ? null : getSnapshot(project, name);
}

/** The samples (id → key, split) of a version among `ids` (integers from the database). */
async function samplesAmong(db: Db, rows: Sql, ids: number[]): Promise<LabelVersion['samples']> {
  const out = new Map<number, { key: string; split: string | null }>();
  for (let i = 0; i < ids.length; i += 10_000) {
    const chunk = ids.slice(i, i + 10_000);
    for (const s of await db.all<{ id: number; key: string; split: string | null }>(
      `SELECT id, key, split FROM ${rows.sql} v WHERE id IN (${chunk.map((n) => Math.trunc(n)).join(', ')})`,
      rows.params,
    ))
      out.set(s.id, { key: s.key, split: s.split });
  }
  return out;
}

/**
 * `assay diff A B` without holding either version: DuckDB counts the annotations both versions hold
 * unchanged (same id, class, box and rings) and lists samples added, removed and moved to another split;
 * only the annotations that differ (and their samples) are read into memory and classified by
 * diffLabels (re-classed, moved, matched by IoU, added, removed). Memory grows with the changes, not with
 * the project (a 1M-sample project's labelVersion pair held ~15M annotation objects).
 */
export async function diffVersions(
  project: Project,
  aName: string,
  bName: string,
  options: DiffLabelsOptions = {},
): Promise<LabelDiff> {
  const db = storeDb(project.store);
  const [snapA, snapB] = [await versionOf(project, aName), await versionOf(project, bName)];
  const [rowsA, rowsB] = [annotationRows(snapA), annotationRows(snapB)];
  const [samplesA, samplesB] = [sampleRows(snapA), sampleRows(snapB)];
  const same = sameSql(rowsA, rowsB);
  const unchanged = await db.scalar(`SELECT count(*) FROM ${same.sql} x`, same.params);
  const differing = async (rows: Sql) =>
    stateRows(
      db,
      `SELECT ${STATE_COLUMNS} FROM ${rows.sql} a ${STATE_JOINS} WHERE a.id NOT IN ${same.sql} ORDER BY a.id`,
      [...rows.params, ...same.params],
    );
  const [changedA, changedB] = [await differing(rowsA), await differing(rowsB)];
  const ids = [...new Set([...changedA, ...changedB].map((x) => x.sampleId))].sort((x, y) => x - y);
  const a: LabelVersion = {
    name: aName,
    samples: await samplesAmong(db, samplesA, ids),
    annotations: changedA,
  };
  const b: LabelVersion = {
    name: bName,
    samples: await samplesAmong(db, samplesB, ids),
    annotations: changedB,
  };
  const diff = diffLabels(a, b, options);
  diff.annotations.unchanged += unchanged;
  const keys = (sql: string, params: DuckDBValue[]) =>
    db.all<{ key: string }>(sql, params).then((r) => r.map((x) => x.key));
  diff.samples = {
    added: await keys(
      `SELECT b.key FROM ${samplesB.sql} b WHERE b.id NOT IN (SELECT id FROM ${samplesA.sql} a) ORDER BY b.id`,
      [...samplesB.params, ...samplesA.params],
    ),
    removed: await keys(
      `SELECT a.key FROM ${samplesA.sql} a WHERE a.id NOT IN (SELECT id FROM ${samplesB.sql} b) ORDER BY a.id`,
      [...samplesA.params, ...samplesB.params],
    ),
    moved_split: await db.all<{ sample: string; from: string | null; to: string | null }>(
      `SELECT b.key AS sample, a.split AS "from", b.split AS "to" FROM ${samplesA.sql} a JOIN ${samplesB.sql} b ON a.id = b.id
        WHERE a.split IS DISTINCT FROM b.split ORDER BY b.id`,
      [...samplesA.params, ...samplesB.params],
    ),
  };
  return diff;
}
