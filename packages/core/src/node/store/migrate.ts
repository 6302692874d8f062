import { AssayError } from '../../errors.js';
import { migrations, SCHEMA_VERSION } from '../../store/migrations.js';
import type { Db } from './db.js';

/** The schema version a database holds (0 for a new file); read-only connections may ask. */
export async function schemaVersion(db: Db): Promise<number> {
  const table = await db.scalar(
    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'",
  );
  return table === 0 ? 0 : db.scalar('SELECT coalesce(max(version), 0) FROM schema_migrations');
}

/** Brings the database to the newest schema; refuses a database written by a newer Assay. */
export async function migrate(db: Db, file: string): Promise<void> {
  await db.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)',
  );
  const current = await db.scalar('SELECT coalesce(max(version), 0) FROM schema_migrations');
  if (current > SCHEMA_VERSION) {
    throw new AssayError(
      'UNSUPPORTED',
      `${file} has schema version ${current}; this Assay knows up to ${SCHEMA_VERSION}.`,
      {
        hint: 'Upgrade Assay to open this project.',
      },
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    await db.run('BEGIN TRANSACTION');
    try {
      await db.run(m.sql);
      await db.run('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [m.version, m.name]);
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK');
      throw error;
    }
  }
}
