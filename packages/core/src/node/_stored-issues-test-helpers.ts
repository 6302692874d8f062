import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Db } from './store/db.js';

/** An open issue as the `issues` table holds it (column names as stored). */
export interface StoredIssueRow {
  type: string;
  sample_id: number;
  annotation_id: number | null;
  score: number;
  severity: string;
  reason: string;
  details: Record<string, unknown>;
}

/**
 * The open issues straight from a project's database, highest score first, read with a separate
 * read-only DuckDB connection (after the project is closed): what a runner stored, not what the
 * store's own query layer makes of it.
 */
export async function storedIssues(projectDir: string): Promise<StoredIssueRow[]> {
  const instance = await DuckDBInstance.create(join(projectDir, '.assay', 'assay.duckdb'), {
    access_mode: 'READ_ONLY',
  });
  const connection = await instance.connect();
  try {
    const rows = await new Db(connection).all<Record<string, unknown>>(
      "SELECT type, sample_id, annotation_id, score, severity, reason, details FROM issues WHERE status = 'open' ORDER BY score DESC",
    );
    return rows.map((r) => ({
      ...(r as unknown as StoredIssueRow),
      details: JSON.parse(String(r.details ?? '{}')) as Record<string, unknown>,
    }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
